package io.plantops.sandbox.api;

import static io.plantops.sandbox.api.Requests.example;
import static io.plantops.sandbox.api.Requests.get;
import static io.plantops.sandbox.api.Requests.json;
import static io.plantops.sandbox.api.Requests.patch;
import static io.plantops.sandbox.api.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.plantops.expressions.manifest.ManifestValidator;
import io.plantops.mockapi.IndexedCrudDispatcher;
import io.plantops.sandbox.FastClocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A --fast sandbox's API server gives every UseCaseTemplate written the fast clocks: at creation,
 * and again when a re-apply (a merge patch of the file's values, as kubectl apply sends) or a
 * replace would restore the day-long ones.
 */
class FastClocksMutationTest {

  static final String TEMPLATES = "/apis/plantops.io/v1alpha1/usecasetemplates";
  static final String KILN = TEMPLATES + "/kiln-energy-optimization";

  IndexedCrudDispatcher store;
  AdmissionLink admission;

  @BeforeEach
  void setUp() throws IOException {
    store = new IndexedCrudDispatcher();
    admission =
        new AdmissionLink(
            Requests.plantopsResources(),
            ManifestValidator.fromCrdDirectory(Requests.ROOT.resolve("crds")),
            List.of(FastClocks.MUTATION));
  }

  JsonNode stored() {
    return json(store.dispatch(get(KILN)));
  }

  static void assertFast(JsonNode template) {
    assertThat(template.at("/spec/cadenceSeconds").asInt()).isEqualTo(1);
    assertThat(template.at("/spec/promotion/stages/0/gates/minSamples").asInt()).isEqualTo(5);
    assertThat(template.at("/spec/promotion/stages/0/gates/minMinutes").asInt()).isZero();
    assertThat(template.at("/metadata/annotations").path(Mutation.ANNOTATION).asText())
        .isEqualTo("fast-clocks");
  }

  @Test
  void aCreatedTemplateIsStoredWithFastClocksAndTheResponseWarnsThatItIsNotTheFile() {
    MockResponse r =
        admission.dispatch(
            post(TEMPLATES, example("examples/templates/kiln-energy-optimization.yaml")), store);
    assertThat(r.code()).as(Messages.body(r)).isEqualTo(201);
    assertThat(r.headers("Warning"))
        .singleElement()
        .asString()
        .startsWith("299 - \"./sandbox --fast: stored with clocks of seconds");
    assertFast(stored());
  }

  static JsonNode file() throws IOException {
    return Messages.JSON.readTree(example("examples/templates/kiln-energy-optimization.yaml"));
  }

  @Test
  void aReApplyOfTheFilesDayLongGatesKeepsTheFastClocks() throws IOException {
    admission.dispatch(
        post(TEMPLATES, example("examples/templates/kiln-energy-optimization.yaml")), store);
    // what kubectl apply sends when the live object differs from the file: the file's values,
    // a list as a whole
    ObjectNode patch = Messages.JSON.createObjectNode();
    ObjectNode spec = patch.putObject("spec");
    spec.set("cadenceSeconds", file().at("/spec/cadenceSeconds"));
    spec.set("promotion", file().at("/spec/promotion"));
    assertThat(spec.path("cadenceSeconds").asInt()).isEqualTo(60);
    MockResponse r =
        admission.dispatch(
            patch(KILN, "application/merge-patch+json", Messages.json(patch)), store);
    assertThat(r.code()).as(Messages.body(r)).isEqualTo(200);
    assertThat(r.headers("Warning")).hasSize(1);
    assertFast(stored());
  }

  @Test
  void aReplaceWithTheFileKeepsTheFastClocks() throws IOException {
    admission.dispatch(
        post(TEMPLATES, example("examples/templates/kiln-energy-optimization.yaml")), store);
    JsonNode file = file();
    ((ObjectNode) file.path("metadata"))
        .put("resourceVersion", stored().at("/metadata/resourceVersion").asText());
    MockResponse r =
        admission.dispatch(
            Requests.request(HttpMethod.PUT, KILN, "application/json", Messages.json(file)), store);
    assertThat(r.code()).as(Messages.body(r)).isEqualTo(200);
    assertFast(stored());
  }

  @Test
  void otherKindsAreStoredAsWritten() {
    store.dispatch(
        post(
            "/api/v1/namespaces",
            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"plant-lyon\"}}"));
    String plants = "/apis/plantops.io/v1alpha1/namespaces/plant-lyon/plants";
    MockResponse r =
        admission.dispatch(post(plants, example("examples/plants/lyon/plant.yaml")), store);
    assertThat(r.code()).as(Messages.body(r)).isEqualTo(201);
    assertThat(r.headers("Warning")).isEmpty();
    assertThat(
            json(store.dispatch(get(plants + "/lyon"))).at("/metadata/annotations").isMissingNode())
        .isTrue();
  }

  @Test
  void aMutationThatFailsRefusesTheWriteRatherThanStoringItWithout() {
    AdmissionLink failing =
        new AdmissionLink(
            Requests.plantopsResources(),
            validator(),
            List.of(
                new Mutation(
                    FastClocks.MUTATION.gvPlural(),
                    "fast-clocks",
                    "w",
                    t -> {
                      throw new IllegalArgumentException("cannot read spec.promotion");
                    })));
    MockResponse r =
        failing.dispatch(
            post(TEMPLATES, example("examples/templates/kiln-energy-optimization.yaml")), store);
    assertThat(r.code()).isEqualTo(400);
    assertThat(json(r).path("message").asText())
        .contains("fast-clocks mutation cannot be applied", "cannot read spec.promotion");
    assertThat(store.dispatch(get(KILN)).code()).isEqualTo(404);
  }

  static ManifestValidator validator() {
    try {
      return ManifestValidator.fromCrdDirectory(Requests.ROOT.resolve("crds"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
