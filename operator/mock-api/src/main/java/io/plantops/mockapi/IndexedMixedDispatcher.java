package io.plantops.mockapi;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.util.Map;
import java.util.Queue;

/**
 * What Fabric8's {@code KubernetesMixedDispatcher} does, over a CRUD dispatcher of our choosing: a
 * request with a recorded expectation ({@code server.expect()...}) gets the expectation, every
 * other request goes to the CRUD store. Like Fabric8's, it passes the server's {@code reset()} and
 * {@code expectCustomResource(...)} on to the store.
 */
public final class IndexedMixedDispatcher extends Dispatcher
    implements Resetable, CustomResourceAware {

  private final Map<ServerRequest, Queue<ServerResponse>> responses;
  private final MockDispatcher expectations;
  private final KubernetesCrudDispatcher crud;

  public IndexedMixedDispatcher(
      Map<ServerRequest, Queue<ServerResponse>> responses, KubernetesCrudDispatcher crud) {
    this.responses = responses;
    this.expectations = new MockDispatcher(responses);
    this.crud = crud;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Queue<ServerResponse> queue =
        responses.get(
            new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
    if (queue != null && !queue.isEmpty()) {
      return expectations.dispatch(request);
    }
    return crud.dispatch(request);
  }

  @Override
  public void reset() {
    crud.reset();
  }

  @Override
  public void expectCustomResource(CustomResourceDefinitionContext rdc) {
    crud.expectCustomResource(rdc);
  }
}
