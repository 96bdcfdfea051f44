package io.plantops.sandbox;

import static io.plantops.sandbox.Resources.withApprovals;
import static io.plantops.sandbox.Resources.withStage;
import static io.plantops.sandbox.SandboxAssertions.assertLive;
import static io.plantops.sandbox.SandboxAssertions.assertOnboardedToFirstValidInference;
import static io.plantops.sandbox.SandboxAssertions.assertPlantReady;
import static io.plantops.sandbox.api.SandboxUser.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.contract.Autonomy;
import io.plantops.contract.Recommendation;
import io.plantops.images.ImageList;
import io.plantops.images.Podman;
import io.plantops.simulator.Point;
import io.plantops.simulator.WriteRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ./sandbox --containers}: the Lyon plant's simulator, connector and inference server run as
 * podman containers of the images the build made, the workloads from the Deployments the operator
 * created (its env, user, read-only root filesystem, memory limit, the resolved config and the OPC
 * UA Secrets mounted read-only). The plant reaches a valid inference, and once ClosedLoop is
 * approved the connector container writes setpoints to the simulator container. Skipped, with the
 * reason, where podman cannot run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxContainersIT {

  static final Path ROOT =
      Path.of(System.getProperty("plantops.root", "..")).toAbsolutePath().normalize();
  static final String LYON = "plant-lyon";
  static final String KILN1_ENERGY = "kiln1-energy";

  Sandbox sandbox;
  Resources resources;
  Podman podman;

  @BeforeAll
  void start() throws IOException {
    Path unavailable = ROOT.resolve("images/target/images/unavailable.txt");
    if (Files.exists(unavailable)) {
      Assumptions.abort("podman cannot run here: " + Files.readString(unavailable).strip());
    }
    Podman.Availability a = Podman.detect(ROOT);
    Assumptions.assumeTrue(a.podman().isPresent(), () -> "podman cannot run here: " + a.reason());
    podman = a.podman().get();
    // fails (not skips) when podman runs but the images were not built: the build makes them
    ImageList.reference(ROOT, "plant-simulator");
    sandbox =
        Sandbox.start(
            new Sandbox.Options(
                    ROOT,
                    ROOT.resolve("e2e/target/e2e-containers"),
                    0,
                    1.0,
                    List.of("lyon"),
                    true,
                    true,
                    Duration.ofSeconds(1),
                    false)
                .inContainers());
    resources = new Resources(sandbox.client());
  }

  @AfterAll
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void lyonInContainersReachesValidInferenceAndWritesSetpointsInClosedLoop() throws Exception {
    await("Lyon Ready with every onboarding milestone, its workloads in containers")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              var p = resources.plant(LYON, "lyon");
              assertPlantReady(p);
              assertOnboardedToFirstValidInference(p);
            });
    String running = podman.call(Duration.ofSeconds(30), "ps", "--format", "{{.Names}} {{.Image}}");
    assertThat(running)
        .as("the workloads and the simulated plant run as containers")
        .contains("plantops-sandbox-plant-lyon-lyon-inference ghcr.io/plantops/inference-server:")
        .contains("plantops-sandbox-plant-lyon-lyon-connector ghcr.io/plantops/opcua-connector:")
        .contains("plantops-sandbox-simulator-lyon localhost/plantops/plant-simulator:");

    SiteDeployment sd = awaitLive(KILN1_ENERGY, Phase.Advisory, Phase.ClosedLoop);
    await("a valid recommendation from the inference server container")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Recommendation r =
                  Workloads.useCase(workloadUrl("lyon-inference"), KILN1_ENERGY)
                      .lastRecommendation();
              assertThat(r).isNotNull();
              assertThat(r.phase()).isIn(Autonomy.Advisory, Autonomy.ClosedLoop);
              assertThat(r.explanation()).isNotEmpty();
            });

    SimulatorProcess lyon = sandbox.plants().get("lyon").simulator();
    long writesBefore = lyon.state().writes();
    approveAndAsk(resources.templateOf(sd), Stage.ClosedLoop);
    awaitLive(KILN1_ENERGY, Phase.ClosedLoop);
    await("setpoint writes from the connector container in the simulator container")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> lyon.state().writes() > writesBefore);
    List<WriteRecord> fuel =
        lyon.writes().stream().filter(w -> w.point() == Point.FUEL_SETPOINT).toList();
    assertThat(fuel)
        .isNotEmpty()
        .allSatisfy(
            w -> {
              assertThat(w.canonical()).isBetween(6.0, 18.0);
              assertThat(w.user()).isEqualTo("plantops-connector");
            });
  }

  SiteDeployment awaitLive(String name, Phase... phases) {
    await(LYON + "/" + name + " live in one of " + List.of(phases))
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertLive(resources.siteDeployment(LYON, name), phases));
    return resources.siteDeployment(LYON, name);
  }

  /** Fresh approvals from every role the template requires for {@code stage}, then asks for it. */
  void approveAndAsk(UseCaseTemplate template, Stage stage) {
    Instant at = Instant.now().minusSeconds(5);
    List<Approval> approvals =
        template.getSpec().promotion().forStage(stage).requiredApprovals().stream()
            .map(role -> new Approval(stage, null, ADMIN, role, at.toString(), "containers"))
            .toList();
    resources.editSpec(
        LYON, KILN1_ENERGY, spec -> withStage(withApprovals(spec, approvals), stage));
  }

  String workloadUrl(String deployment) {
    String metrics = sandbox.metricsEndpoints().get(LYON + "/" + deployment);
    assertThat(metrics).as("metrics endpoint of " + LYON + "/" + deployment).isNotNull();
    return metrics.substring(0, metrics.length() - "/metrics".length());
  }
}
