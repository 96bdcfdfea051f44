package io.plantops.sandbox.api;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Optional;

/**
 * Refuses a watch over plain HTTP with 406 and a message that says why and what to do instead.
 *
 * <p>The store serves watches over WebSocket only, which is what Fabric8 clients (the operator, the
 * local runtime) open. {@code kubectl get -w} watches with a long-lived chunked HTTP response,
 * which the mock server cannot stream: without this link the upgrade it attempts fails with a bare
 * 500.
 */
final class WatchLink implements Link {

  static final String HTTP_WATCH =
      "watching over plain HTTP (kubectl get -w/--watch) is not supported by the sandbox API"
          + " server: it streams watches over WebSocket only, as its Fabric8 clients open them."
          + " Poll instead, e.g. watch -n 2 kubectl get sd -A, or read the sandbox's live table";

  @Override
  public MockResponse dispatch(RecordedRequest request, Dispatcher next) {
    if ("GET".equals(request.getMethod())
        && QueryParameters.of(request.getPath()).first("watch").filter(WatchLink::on).isPresent()
        && !upgradesToWebSocket(request)) {
      return Messages.status(406, "NotAcceptable", HTTP_WATCH, null);
    }
    return next.dispatch(request);
  }

  private static boolean on(String value) {
    return "true".equalsIgnoreCase(value) || "1".equals(value);
  }

  private static boolean upgradesToWebSocket(RecordedRequest request) {
    return Optional.ofNullable(request.getHeader("Upgrade"))
        .filter(u -> u.toLowerCase().contains("websocket"))
        .isPresent();
  }
}
