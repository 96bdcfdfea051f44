package io.plantops.sandbox.api;

import static io.plantops.sandbox.api.Requests.get;
import static io.plantops.sandbox.api.Requests.json;
import static io.plantops.sandbox.api.Requests.patch;
import static io.plantops.sandbox.api.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.http.MockResponse;
import io.plantops.mockapi.IndexedCrudDispatcher;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write translation link alone, in front of the CRUD store. */
class WriteTranslationLinkTest {

  static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/plant-lyon/deployments";

  IndexedCrudDispatcher store;
  WriteTranslationLink link = new WriteTranslationLink();

  @BeforeEach
  void setUp() {
    store = new IndexedCrudDispatcher();
    store.dispatch(
        post(
            "/api/v1/namespaces",
            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"plant-lyon\"}}"));
    store.dispatch(
        post(
            DEPLOYMENTS,
            "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\","
                + "\"namespace\":\"plant-lyon\"},\"spec\":{\"replicas\":1},"
                + "\"status\":{\"conditions\":[{\"type\":\"Available\",\"status\":\"False\"}]}}"));
  }

  @Test
  void aMergePatchOfStatusReplacesTheConditionsListInsteadOfAppendingToIt() {
    for (int i = 0; i < 3; i++) {
      MockResponse r =
          link.dispatch(
              patch(
                  DEPLOYMENTS + "/d/status",
                  "application/merge-patch+json",
                  "{\"status\":{\"conditions\":[{\"type\":\"Available\",\"status\":\"True\"}]}}"),
              store);
      assertThat(r.code()).as(Messages.body(r)).isEqualTo(200);
    }
    assertThat(json(store.dispatch(get(DEPLOYMENTS + "/d"))).at("/status/conditions"))
        .singleElement()
        .satisfies(c -> assertThat(c.path("status").asText()).isEqualTo("True"));
  }

  @Test
  void aStrategicMergePatchIsAppliedAsAMergePatch() {
    MockResponse r =
        link.dispatch(
            patch(
                DEPLOYMENTS + "/d",
                "application/strategic-merge-patch+json",
                "{\"spec\":{\"replicas\":0}}"),
            store);
    assertThat(r.code()).as(Messages.body(r)).isEqualTo(200);
    assertThat(json(store.dispatch(get(DEPLOYMENTS + "/d"))).at("/spec/replicas").asInt()).isZero();
  }

  @Test
  void aSecretsStringDataIsStoredAsBase64Data() {
    link.dispatch(
        post(
            "/api/v1/namespaces/plant-lyon/secrets",
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\","
                + "\"namespace\":\"plant-lyon\"},\"stringData\":{\"user\":\"operator1\"}}"),
        store);
    var stored = json(store.dispatch(get("/api/v1/namespaces/plant-lyon/secrets/s")));
    assertThat(stored.has("stringData")).isFalse();
    assertThat(
            new String(
                Base64.getDecoder().decode(stored.at("/data/user").asText()),
                StandardCharsets.UTF_8))
        .isEqualTo("operator1");
  }

  @Test
  void aMergePatchOfAnObjectThatDoesNotExistIsNotFound() {
    MockResponse r =
        link.dispatch(
            patch(DEPLOYMENTS + "/absent", "application/merge-patch+json", "{\"spec\":{}}"), store);
    assertThat(r.code()).isEqualTo(404);
  }
}
