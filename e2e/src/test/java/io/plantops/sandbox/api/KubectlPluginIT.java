package io.plantops.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl plantops} as a user runs it: the real kubectl finds the plugin the cli module
 * built ({@code cli/target/kubectl-plantops}) on the PATH and runs it against the sandbox's API
 * server, with the kubeconfig from {@code KUBECONFIG}. The approval it writes has the shape the
 * promotion engine counts; that the operator counts it is shown in the cli module
 * (ApprovalCountedTest).
 */
class KubectlPluginIT {

  static final Path ROOT = Path.of(System.getProperty("plantops.root", "..")).normalize();
  static final Path PLUGIN_DIR = ROOT.resolve("cli/target").toAbsolutePath();
  @TempDir static Path tmp;
  static SandboxApiServer server;
  static Path kubeconfig;
  static KubernetesClient client;

  record Result(int code, String out) {}

  @BeforeAll
  static void start() throws Exception {
    boolean present = Kubectl.available();
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("kubectl is not on the PATH; .ci/run installs it");
    }
    assumeTrue(present, "kubectl is not on the PATH; skipping (CI installs it)");
    assertThat(PLUGIN_DIR.resolve("kubectl-plantops"))
        .as("the cli module builds the plugin before the e2e tests run")
        .isExecutable();
    server = SandboxApiServer.start(ROOT.resolve("crds"), 0);
    kubeconfig = server.writeKubeconfig(tmp.resolve("kubeconfig"));
    client = server.newClient();
    Result templates = kubectl("apply", "-f", ROOT.resolve("examples/templates").toString());
    assertThat(templates.code()).as(templates.out()).isZero();
    for (String plant : List.of("lyon", "joliet")) {
      for (List<String> args :
          SignedApply.commands(ROOT.resolve("examples/plants/" + plant), server)) {
        Result r = kubectl(args.toArray(String[]::new));
        assertThat(r.code()).as(r.out()).isZero();
      }
    }
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** kubectl with the plugin's directory first on the PATH and the sandbox as KUBECONFIG. */
  static Result kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment()
        .put("PATH", PLUGIN_DIR + File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
    pb.environment().put("HOME", tmp.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s ends", command).isTrue();
    return new Result(p.exitValue(), out);
  }

  /** What the operator writes for a site live in Shadow that waits for Advisory. */
  static void liveInShadowWaitingForAdvisory(String ns, String name, String version, String role) {
    SiteDeployment sd = client.resources(SiteDeployment.class).inNamespace(ns).withName(name).get();
    sd.setStatus(
        new SiteDeploymentStatus(
            1L,
            Phase.Shadow,
            "2026-12-01T08:00:00Z",
            0L,
            version,
            List.of(),
            new ActiveModel(version, "ab".repeat(32), "2026-12-01T08:00:00Z"),
            null,
            "Stage:Advisory",
            "2026-12-01T08:00:00Z",
            List.of(),
            List.of(),
            List.of(role),
            null,
            List.of(),
            0L,
            null,
            null,
            null,
            List.of(),
            List.of()));
    client.resource(sd).updateStatus();
  }

  @Test
  void approveWritesTheApprovalForTheLiveVersionNowAsTheKubeconfigUser() throws Exception {
    liveInShadowWaitingForAdvisory("plant-joliet", "free-lime", "1.0.0", "plant-quality-manager");
    Instant before = Instant.now().minusSeconds(1);

    Result r =
        kubectl(
            "plantops",
            "approve",
            "free-lime",
            "-n",
            "plant-joliet",
            "--stage",
            "Advisory",
            "--comment",
            "MOC-42");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("sitedeployment.plantops.io/free-lime approved: stage Advisory of version 1.0.0")
        .contains("as plant-quality-manager by sandbox-admin");

    List<Approval> approvals =
        client
            .resources(SiteDeployment.class)
            .inNamespace("plant-joliet")
            .withName("free-lime")
            .get()
            .getSpec()
            .approvals();
    Approval a = approvals.get(approvals.size() - 1);
    assertThat(a.stage()).isEqualTo(Stage.Advisory);
    assertThat(a.version()).isEqualTo("1.0.0");
    assertThat(a.role()).isEqualTo("plant-quality-manager");
    assertThat(a.approvedBy()).isEqualTo("sandbox-admin");
    assertThat(a.comment()).isEqualTo("MOC-42");
    assertThat(Instant.parse(a.at())).isBetween(before, Instant.now().plus(Duration.ofSeconds(1)));
  }

  @Test
  void approveNamesWhatToFixWhenNoVersionIsLive() throws Exception {
    Result r =
        kubectl(
            "plantops",
            "approve",
            "kiln1-free-lime",
            "--context",
            "plantops-sandbox",
            "--namespace",
            "plant-lyon",
            "--stage",
            "Advisory",
            "--role",
            "plant-quality-manager");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "error: sitedeployment plant-lyon/kiln1-free-lime has no live version yet"
                + " (status.activeModel is empty, phase not reported)");
  }

  @Test
  void statusListsEverySiteOfEveryPlant() throws Exception {
    liveInShadowWaitingForAdvisory("plant-lyon", "kiln1-energy", "1.2.0", "plant-process-engineer");
    Result r = kubectl("plantops", "status", "-A");
    assertThat(r.code()).as(r.out()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).as(r.out()).hasSize(5);
    assertThat(lines.get(0))
        .startsWith("NAMESPACE")
        .contains("PLANT", "SITE", "PHASE", "DESIRED", "VERSION", "DRIFT", "KPI", "WAITING FOR");
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).startsWith("plant-joliet").contains("joliet", "kiln-energy"))
        .anySatisfy(l -> assertThat(l).startsWith("plant-joliet").contains("free-lime"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("plant-lyon")
                    .contains("lyon", "kiln1-energy", "Shadow", "Advisory", "1.2.0")
                    .contains("Stage:Advisory: approval by plant-process-engineer"))
        .anySatisfy(l -> assertThat(l).startsWith("plant-lyon").contains("kiln1-free-lime"));

    Result one = kubectl("plantops", "status", "-n", "plant-lyon");
    assertThat(one.code()).as(one.out()).isZero();
    assertThat(one.out()).startsWith("PLANT").contains("kiln1-energy").doesNotContain("joliet");
  }
}
