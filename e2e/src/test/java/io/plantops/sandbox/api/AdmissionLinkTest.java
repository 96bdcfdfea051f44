package io.plantops.sandbox.api;

import static io.plantops.sandbox.api.Requests.example;
import static io.plantops.sandbox.api.Requests.get;
import static io.plantops.sandbox.api.Requests.json;
import static io.plantops.sandbox.api.Requests.patch;
import static io.plantops.sandbox.api.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.plantops.expressions.manifest.ManifestValidator;
import io.plantops.mockapi.IndexedCrudDispatcher;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admission link alone, in front of the CRUD store. */
class AdmissionLinkTest {

  static final String SDS = "/apis/plantops.io/v1alpha1/namespaces/plant-lyon/sitedeployments";

  IndexedCrudDispatcher store;
  AdmissionLink admission;

  @BeforeEach
  void setUp() throws IOException {
    store = new IndexedCrudDispatcher();
    admission =
        new AdmissionLink(
            Requests.plantopsResources(),
            ManifestValidator.fromCrdDirectory(Requests.ROOT.resolve("crds")));
    store.dispatch(
        post(
            "/api/v1/namespaces",
            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"plant-lyon\"}}"));
  }

  MockResponse send(RecordedRequest request) {
    return admission.dispatch(request, store);
  }

  @Test
  void refusesToCreateInANamespaceThatDoesNotExist() {
    MockResponse r =
        send(
            post(
                "/api/v1/namespaces/plant-nowhere/configmaps",
                "{\"metadata\":{\"name\":\"x\",\"namespace\":\"plant-nowhere\"}}"));
    assertThat(r.code()).isEqualTo(404);
    assertThat(json(r).path("message").asText())
        .isEqualTo("namespaces \"plant-nowhere\" not found");
  }

  @Test
  void storesACustomResourceWithTheSchemaDefaults() {
    String plants = "/apis/plantops.io/v1alpha1/namespaces/plant-lyon/plants";
    MockResponse r = send(post(plants, example("examples/plants/lyon/plant.yaml")));
    assertThat(r.code()).as(Messages.body(r)).isEqualTo(201);
    MockResponse stored = store.dispatch(get(plants + "/lyon"));
    assertThat(json(stored).at("/spec/opcua/allowInsecure").isBoolean()).isTrue();
    assertThat(json(stored).at("/spec/opcua/allowInsecure").asBoolean()).isFalse();
  }

  @Test
  void refusesAnInvalidPatchWith422NamingTheFieldAndKeepsTheStoredObject() {
    send(post(SDS, example("examples/plants/lyon/kiln1-energy.yaml")));
    MockResponse r =
        send(
            patch(
                SDS + "/kiln1-energy",
                "application/merge-patch+json",
                "{\"spec\":{\"calibration\":{\"limits\":{\"fuel_setpoint\":{\"min\":30,\"max\":2}}}}}"));
    assertThat(r.code()).isEqualTo(422);
    assertThat(json(r).at("/details/causes/0/field").asText())
        .isEqualTo("spec.calibration.limits.fuel_setpoint");
    assertThat(json(store.dispatch(get(SDS + "/kiln1-energy"))).at("/metadata/generation").asLong())
        .isEqualTo(1L);
  }

  @Test
  void turnsAValidPatchIntoAReplaceOfTheWholeObject() {
    send(post(SDS, example("examples/plants/lyon/kiln1-energy.yaml")));
    RecordedRequest[] forwarded = new RecordedRequest[1];
    Dispatcher recording =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (!"GET".equals(request.getMethod())) {
              forwarded[0] = request;
            }
            return store.dispatch(request);
          }
        };
    MockResponse r =
        admission.dispatch(
            patch(
                SDS + "/kiln1-energy",
                "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/spec/stage\",\"value\":\"Shadow\"}]"),
            recording);
    assertThat(r.code()).as(Messages.body(r)).isEqualTo(200);
    assertThat(forwarded[0].getMethod()).isEqualTo("PUT");
    assertThat(json(store.dispatch(get(SDS + "/kiln1-energy"))).at("/spec/stage").asText())
        .isEqualTo("Shadow");
  }

  @Test
  void leavesStatusWritesAndBuiltInKindsToTheNextLink() {
    RecordedRequest status =
        patch(SDS + "/kiln1-energy/status", "application/merge-patch+json", "{\"status\":{}}");
    RecordedRequest[] seen = new RecordedRequest[1];
    admission.dispatch(
        status,
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            seen[0] = request;
            return new MockResponse().setResponseCode(299);
          }
        });
    assertThat(seen[0]).isSameAs(status);
  }
}
