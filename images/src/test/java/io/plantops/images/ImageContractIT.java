package io.plantops.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.images.BuiltImages.ImageConfig;
import io.plantops.operator.plant.DeploymentSpecs;
import io.plantops.operator.plant.PlantView;
import io.plantops.operator.plant.Workload;
import io.plantops.operator.render.PlantConfigRenderer;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each image starts exactly as the Deployment that runs it asks: the per-plant Deployments the
 * operator renders ({@link DeploymentSpecs}) for the workload images, the chart's Deployment for
 * the operator image. Compared: command and args (the Deployments give none, so the image's
 * entrypoint runs the workload), user, ports, writable mounts against declared volumes, the
 * temporary directory, the environment, the stop signal; and the image each Deployment names is the
 * one the build tagged.
 */
class ImageContractIT {

  static BuiltImages images;

  @BeforeAll
  static void images() {
    images = BuiltImages.orSkip();
  }

  @ParameterizedTest
  @EnumSource(Workload.class)
  void workloadImageStartsAsTheOperatorsDeploymentAsksWithNothingAdded(Workload workload)
      throws Exception {
    Deployment d = DeploymentSpecs.deployment(workload, lyonView());
    String name = workload == Workload.INFERENCE_SERVER ? "inference-server" : "opcua-connector";
    assertStartsAsDeploymentAsks(d, images.config(name));
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
        .extracting(p -> p.getContainerPort() + "/tcp")
        .containsExactlyElementsOf(images.config(name).exposedPorts());
    // the operator's default image reference is one the build tagged
    String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    assertThat(images.podman().run(Duration.ofSeconds(30), "image", "exists", image).exitCode())
        .as("the build tagged %s, the image the operator's Deployment names", image)
        .isZero();
  }

  @Test
  void operatorImageStartsAsTheChartsDeploymentAsks() throws Exception {
    Deployment d = chartDeployment(images.version());
    ImageConfig image = images.config("operator");
    assertStartsAsDeploymentAsks(d, image);
    // HTTP (probes, metrics) and the admission webhook
    assertThat(image.exposedPorts()).containsExactly("8080/tcp", "9443/tcp");
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
        .extracting(p -> p.getContainerPort() + "/tcp")
        .containsExactly("8080/tcp", "9443/tcp");
    String ref = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    assertThat(ref).isEqualTo("ghcr.io/plantops/operator:" + images.version());
    assertThat(images.podman().run(Duration.ofSeconds(30), "image", "exists", ref).exitCode())
        .as("the build tagged %s, the chart's default image", ref)
        .isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"operator", "inference-server", "opcua-connector", "plant-simulator"})
  void imageCarriesOciLabelsAndItsCycloneDxSbom(String name) throws Exception {
    ImageConfig image = images.config(name);
    assertThat(image.labels())
        .containsEntry("org.opencontainers.image.version", images.version())
        .containsEntry("org.opencontainers.image.licenses", "Apache-2.0")
        .containsEntry("org.opencontainers.image.source", "https://github.com/plantops/plantops")
        .containsKey("org.opencontainers.image.base.name");
    assertThat(image.labels().get("org.opencontainers.image.revision"))
        .as("revision label: the git commit the image was built from")
        .matches("[0-9a-f]{40}(-dirty)?");
    assertThat(image.user()).contains("65532:65532");
    assertThat(image.stopSignal()).contains("SIGTERM");
    // the SBOM inside the image, read back through the image's own filesystem
    String sbom =
        images
            .podman()
            .call(
                Duration.ofSeconds(60),
                "run",
                "--rm",
                "--network",
                "none",
                "--entrypoint",
                "cat",
                images.reference(name),
                "/opt/plantops/sbom.cdx.json");
    JsonNode bom = BuiltImages.JSON.readTree(sbom);
    assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(bom.at("/metadata/component/version").asText()).isEqualTo(images.version());
    assertThat(bom.path("components").size()).as("components of %s", name).isPositive();
  }

  /** The checks that hold between any Deployment and the image it runs. */
  static void assertStartsAsDeploymentAsks(Deployment d, ImageConfig image) {
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    // no command or args in the Deployment: the image's entrypoint alone starts the program
    assertThat(c.getCommand()).as("command of %s", c.getName()).isNullOrEmpty();
    assertThat(c.getArgs()).as("args of %s", c.getName()).isNullOrEmpty();
    assertThat(image.entrypoint()).startsWith("java").endsWith("-jar", "/opt/plantops/app.jar");
    // the pod's user is the image's user
    long uid =
        Optional.ofNullable(c.getSecurityContext())
            .map(s -> s.getRunAsUser())
            .or(() -> Optional.ofNullable(pod.getSecurityContext()).map(s -> s.getRunAsUser()))
            .orElseThrow();
    assertThat(image.user()).contains(uid + ":" + uid);
    // read-only root filesystem: every path the program writes is a declared volume, and the
    // Deployment mounts a writable volume on each (and on nothing else)
    Boolean readOnlyRoot = c.getSecurityContext().getReadOnlyRootFilesystem();
    assertThat(readOnlyRoot).isTrue();
    Set<String> writable =
        c.getVolumeMounts().stream()
            .filter(m -> !Boolean.TRUE.equals(m.getReadOnly()))
            .map(VolumeMount::getMountPath)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(image.volumes()).as("declared volumes").containsExactlyElementsOf(writable);
    for (VolumeMount m : c.getVolumeMounts()) {
      if (!Boolean.TRUE.equals(m.getReadOnly())) {
        Volume v =
            pod.getVolumes().stream()
                .filter(x -> x.getName().equals(m.getName()))
                .findFirst()
                .orElseThrow();
        assertThat(v.getEmptyDir() != null || v.getPersistentVolumeClaim() != null)
            .as("writable volume %s is an emptyDir or a PVC", m.getName())
            .isTrue();
      }
    }
    String tmp =
        image.entrypoint().stream()
            .filter(a -> a.startsWith("-Djava.io.tmpdir="))
            .map(a -> a.substring("-Djava.io.tmpdir=".length()))
            .findFirst()
            .orElseThrow();
    assertThat(writable)
        .as("java.io.tmpdir (where ONNX Runtime extracts its library)")
        .contains(tmp);
    // the image hides nothing the Deployment sets: no variable of the Deployment is preset
    Set<String> given =
        Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
            .map(EnvVar::getName)
            .collect(Collectors.toSet());
    assertThat(image.env().keySet()).doesNotContainAnyElementsOf(given);
    assertThat(image.stopSignal()).contains("SIGTERM");
    assertThat(
            pod.getTerminationGracePeriodSeconds() == null
                || pod.getTerminationGracePeriodSeconds() >= 10)
        .as("grace period leaves the JVM time for its shutdown hooks")
        .isTrue();
  }

  /** The Deployments of the Lyon example plant, as the operator renders them. */
  static PlantView lyonView() {
    Plant plant = (Plant) Examples.read(Examples.DIR.resolve("plants/lyon/plant.yaml"));
    PlantConfigRenderer.Rendered r =
        PlantConfigRenderer.render(
            plant,
            List.of(),
            new PlantConfigRenderer.Lookups(
                n -> Optional.empty(), n -> Optional.empty(), t -> true, List.of()),
            60);
    return new PlantView(plant, r, OperatorHarness.bind(Map.of()).workloads(), Optional.empty());
  }

  /**
   * The operator's Deployment as the chart renders it with the image tag set to the build's
   * version, as docs/install.md installs it (the chart's default tag is its appVersion, a release).
   */
  static Deployment chartDeployment(String version) throws Exception {
    String yaml =
        new Helm(BuiltImages.ROOT.resolve("helm/plantops"))
            .template()
            .withName("plantops")
            .withNamespace("plantops-system")
            .withKubeVersion("1.30.0")
            .set("image.tag", version)
            .skipCrds()
            .call();
    YAMLMapper mapper = new YAMLMapper();
    try (var parser = mapper.getFactory().createParser(yaml)) {
      var it = mapper.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode o = it.next();
        if (o != null && "Deployment".equals(o.path("kind").asText())) {
          return Serialization.unmarshal(mapper.writeValueAsString(o), Deployment.class);
        }
      }
    }
    throw new AssertionError("the chart renders no Deployment:\n" + yaml);
  }
}
