package io.plantops.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxApiServerTest {

  static final Path ROOT = Path.of(System.getProperty("plantops.root", "..")).normalize();
  static SandboxApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws IOException {
    server = SandboxApiServer.start(ROOT.resolve("crds"), 0);
    client = server.newClient();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("plant-lyon").endMetadata().build())
        .create();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  static GenericKubernetesResource load(String relative) throws IOException {
    return Serialization.unmarshal(
        Files.readString(ROOT.resolve(relative)), GenericKubernetesResource.class);
  }

  @Test
  void rejectsAnInvalidManifestWith422NamingTheField() throws IOException {
    GenericKubernetesResource bad =
        load("operator/api/src/test/resources/invalid/sd-unknown-stage.yaml");
    assertThatThrownBy(() -> client.resource(bad).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getDetails().getCauses())
                  .anySatisfy(c -> assertThat(c.getField()).isEqualTo("spec.stage"));
            });
  }

  @Test
  void appliesSchemaDefaultsWhenStoring() throws IOException {
    GenericKubernetesResource plant = load("examples/plants/lyon/plant.yaml");
    plant.getMetadata().setName("defaults-check");
    client.resource(plant).create();
    GenericKubernetesResource stored =
        client
            .genericKubernetesResources("plantops.io/v1alpha1", "Plant")
            .inNamespace("plant-lyon")
            .withName("defaults-check")
            .get();
    Map<String, Object> opcua =
        (Map<String, Object>) ((Map<String, Object>) stored.get("spec")).get("opcua");
    assertThat(opcua).containsEntry("allowInsecure", false);
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void aRejectedPatchLeavesTheStoredObjectUnchanged() throws IOException {
    GenericKubernetesResource sd = load("examples/plants/lyon/kiln1-energy.yaml");
    sd.getMetadata().setName("patch-check");
    // its approval is j.dupont's: only he may write it (SandboxGovernanceTest)
    try (KubernetesClient signer = server.newClient("j.dupont")) {
      signer.resource(sd).create();
    }
    var ref =
        client
            .genericKubernetesResources("plantops.io/v1alpha1", "SiteDeployment")
            .inNamespace("plant-lyon")
            .withName("patch-check");
    assertThatThrownBy(
            () ->
                ref.patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"calibration\":{\"limits\":{\"fuel_setpoint\":{\"min\":30,\"max\":2}}}}}"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(
            "spec.calibration.limits.fuel_setpoint: min must not be greater than max");
    GenericKubernetesResource after = ref.get();
    assertThat(after.getMetadata().getGeneration()).isEqualTo(1L);
    ref.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"stage\":\"Shadow\"}}");
    assertThat(ref.get().getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void refusesToCreateInANamespaceThatDoesNotExist() throws IOException {
    GenericKubernetesResource plant = load("examples/plants/joliet/plant.yaml");
    assertThatThrownBy(() -> client.resource(plant).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404))
        .hasMessageContaining("namespaces \"plant-joliet\" not found");
  }

  @Test
  void statusUpdatesDoNotBumpTheGeneration() throws IOException {
    GenericKubernetesResource tm = load("examples/plants/lyon/tagmapping.yaml");
    tm.getMetadata().setName("status-check");
    client.resource(tm).create();
    var ref =
        client
            .genericKubernetesResources("plantops.io/v1alpha1", "TagMapping")
            .inNamespace("plant-lyon")
            .withName("status-check");
    GenericKubernetesResource current = ref.get();
    current.setAdditionalProperty("status", Map.of("observedGeneration", 1, "mappedSignals", 11));
    client.resource(current).updateStatus();
    GenericKubernetesResource after = ref.get();
    assertThat(after.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat((Map<String, Object>) after.get("status")).containsEntry("mappedSignals", 11);
  }

  @Test
  void discoveryCarriesShortNamesCategoriesAndTheStatusSubresource() throws Exception {
    String body = get("/apis/plantops.io/v1alpha1", "application/json");
    assertThat(body)
        .contains("\"name\":\"sitedeployments\"")
        .contains("\"shortNames\":[\"sd\",\"sitedep\"]")
        .contains("\"categories\":[\"plantops\"]")
        .contains("\"name\":\"sitedeployments/status\"");
  }

  @Test
  void listsRenderThePrinterColumnsAsATable() throws Exception {
    String body =
        get(
            "/apis/plantops.io/v1alpha1/namespaces/plant-lyon/plants",
            "application/json;as=Table;v=v1;g=meta.k8s.io");
    assertThat(body).contains("\"kind\":\"Table\"").contains("\"name\":\"Ring\"");
  }

  private static String get(String path, String accept) throws Exception {
    TrustingHttp.Response r =
        TrustingHttp.get(
            URI.create(server.url() + path),
            "Accept",
            accept,
            "Authorization",
            "Bearer " + server.user(SandboxUser.ADMIN).token());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
