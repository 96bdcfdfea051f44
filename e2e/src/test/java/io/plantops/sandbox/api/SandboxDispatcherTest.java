package io.plantops.sandbox.api;

import static io.plantops.sandbox.api.Requests.get;
import static io.plantops.sandbox.api.Requests.json;
import static io.plantops.sandbox.api.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.plantops.mockapi.IndexedCrudDispatcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chain itself: order, the JSON-only rule, and the cross-cutting error and audit handling. */
class SandboxDispatcherTest {

  @Test
  void linksSeeARequestInTheOrderTheyAreListedAndTheStoreComesLast() {
    List<String> seen = new ArrayList<>();
    SandboxDispatcher dispatcher =
        new SandboxDispatcher(
            new IndexedCrudDispatcher(),
            List.of(
                (r, next) -> {
                  seen.add("first");
                  return next.dispatch(r);
                },
                (r, next) -> {
                  seen.add("second");
                  return next.dispatch(r);
                }));
    MockResponse r = dispatcher.dispatch(get("/api/v1/namespaces/absent"));
    assertThat(seen).containsExactly("first", "second");
    assertThat(r.code()).isEqualTo(404);
  }

  @Test
  void aFailingLinkIsAnswered500AndEveryRequestIsAudited() {
    SandboxDispatcher dispatcher =
        new SandboxDispatcher(
            new IndexedCrudDispatcher(),
            List.of(
                (r, next) -> {
                  throw new IllegalStateException("broken link");
                }));
    MockResponse r = dispatcher.dispatch(get("/api/v1/namespaces"));
    assertThat(r.code()).isEqualTo(500);
    assertThat(json(r).path("message").asText()).contains("broken link");
    assertThat(dispatcher.audit())
        .containsExactly(new SandboxDispatcher.AuditRecord("GET", "/api/v1/namespaces", 500));
  }

  @Test
  void protobufBodiesAreRefusedWith415SoThatKubectlRetriesAsJson() {
    SandboxDispatcher dispatcher =
        new SandboxDispatcher(new IndexedCrudDispatcher(), List.of(new JsonOnlyLink()));
    MockResponse r =
        dispatcher.dispatch(
            request(
                HttpMethod.POST,
                "/api/v1/namespaces",
                "application/vnd.kubernetes.protobuf",
                "\u0000"));
    assertThat(r.code()).isEqualTo(415);
    assertThat(json(r).path("reason").asText()).isEqualTo("UnsupportedMediaType");
  }

  @Test
  void serverSideApplyIsRefusedWith415NamingWhatToUseInstead() {
    SandboxDispatcher dispatcher =
        new SandboxDispatcher(new IndexedCrudDispatcher(), List.of(new JsonOnlyLink()));
    MockResponse r =
        dispatcher.dispatch(
            request(
                HttpMethod.PATCH,
                "/apis/plantops.io/v1alpha1/usecasetemplates/kiln-energy-optimization"
                    + "?fieldManager=kubectl&force=false",
                "application/apply-patch+yaml",
                "{}"));
    assertThat(r.code()).isEqualTo(415);
    assertThat(json(r).path("message").asText())
        .contains("server-side apply", "not supported by the sandbox", "kubectl apply -f");
  }
}
