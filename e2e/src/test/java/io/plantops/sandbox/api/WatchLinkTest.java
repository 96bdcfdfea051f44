package io.plantops.sandbox.api;

import static io.plantops.sandbox.api.Requests.get;
import static io.plantops.sandbox.api.Requests.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;

/** What kubectl get -w meets, and what a Fabric8 watch meets. */
class WatchLinkTest {

  static final String SDS = "/apis/plantops.io/v1alpha1/namespaces/plant-lyon/sitedeployments";

  final FieldSelectorLinkTest.RecordedRequests store = new FieldSelectorLinkTest.RecordedRequests();
  final WatchLink link = new WatchLink();

  @Test
  void refusesAPlainHttpWatchWith406SayingWhyAndWhatToDoInstead() {
    MockResponse r = link.dispatch(get(SDS + "?resourceVersion=12&watch=true"), store);
    assertThat(r.code()).isEqualTo(406);
    assertThat(json(r).path("reason").asText()).isEqualTo("NotAcceptable");
    assertThat(json(r).path("message").asText())
        .contains("kubectl get -w", "WebSocket only", "watch -n 2 kubectl get");
    assertThat(store.paths).isEmpty();
  }

  @Test
  void passesAWebSocketWatchAndEveryOtherRequestToTheStore() {
    RecordedRequest upgrade =
        new RecordedRequest(
            "HTTP/1.1",
            HttpMethod.GET,
            SDS + "?watch=true",
            new Headers.Builder().add("Connection", "Upgrade").add("Upgrade", "websocket").build(),
            new Buffer());
    link.dispatch(upgrade, store);
    link.dispatch(get(SDS + "?watch=false"), store);
    link.dispatch(get(SDS), store);
    assertThat(store.paths).containsExactly(SDS + "?watch=true", SDS + "?watch=false", SDS);
  }
}
