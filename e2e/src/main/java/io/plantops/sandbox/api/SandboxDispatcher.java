package io.plantops.sandbox.api;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox API server's request handling: a chain of {@link Link}s in front of Fabric8's CRUD
 * store, which owns storage, resourceVersion, generation, the status subresource and watches. The
 * chain is data, in the order requests meet it (see {@link SandboxApiServer}); this class does the
 * cross-cutting work once: an unexpected failure of any link is answered 500 and logged, and every
 * request is recorded for the tests that count API calls.
 */
final class SandboxDispatcher extends Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxDispatcher.class);

  private final Dispatcher chain;
  private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();

  /** One request the server received, for tests that check RBAC coverage and write counts. */
  record AuditRecord(String method, String path, int code) {}

  /**
   * @param store the dispatcher at the end of the chain
   * @param links the links, first to last
   */
  SandboxDispatcher(Dispatcher store, List<Link> links) {
    Dispatcher next = store;
    for (int i = links.size() - 1; i >= 0; i--) {
      next = bind(links.get(i), next);
    }
    this.chain = next;
  }

  private static Dispatcher bind(Link link, Dispatcher next) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return link.dispatch(request, next);
      }
    };
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response;
    try {
      response = chain.dispatch(request);
    } catch (RuntimeException e) {
      LOG.error("sandbox API server failed on {} {}", request.getMethod(), request.getPath(), e);
      response = Messages.status(500, "InternalError", e.toString(), null);
    }
    audit.add(new AuditRecord(request.getMethod(), request.getPath(), response.code()));
    return response;
  }

  List<AuditRecord> audit() {
    return List.copyOf(audit);
  }
}
