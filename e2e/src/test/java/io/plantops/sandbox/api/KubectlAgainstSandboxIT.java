package io.plantops.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the sandbox's API server: what the README promises a newcomer can do.
 */
class KubectlAgainstSandboxIT {

  static final Path ROOT = Path.of(System.getProperty("plantops.root", "..")).normalize();
  @TempDir static Path tmp;
  static SandboxApiServer server;
  static Path kubeconfig;

  @BeforeAll
  static void start() throws IOException {
    boolean present = Kubectl.available();
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("kubectl is not on the PATH; .ci/run installs it");
    }
    assumeTrue(present, "kubectl is not on the PATH; skipping (CI installs it)");
    server = SandboxApiServer.start(ROOT.resolve("crds"), 0);
    kubeconfig = server.writeKubeconfig(tmp.resolve("kubeconfig"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Kubectl.Result kubectl(String... args) throws Exception {
    return new Kubectl(kubeconfig, tmp.resolve("cache")).run(args);
  }

  /** Applies an example plant, each file as who signed its approvals; the last result. */
  static Kubectl.Result applyPlant(String plant) throws Exception {
    Kubectl.Result last = null;
    for (List<String> args :
        SignedApply.commands(ROOT.resolve("examples/plants/" + plant), server)) {
      last = kubectl(args.toArray(String[]::new));
      if (last.code() != 0) {
        return last;
      }
    }
    return last;
  }

  @Test
  void appliesTheExamplesAndListsThemWithTheirPrinterColumns() throws Exception {
    Kubectl.Result templates =
        kubectl("apply", "-f", ROOT.resolve("examples/templates").toString());
    assertThat(templates.code()).as(templates.out()).isZero();
    for (String plant : List.of("lyon", "joliet")) {
      Kubectl.Result r = applyPlant(plant);
      assertThat(r.code()).as(r.out()).isZero();
    }
    Kubectl.Result get = kubectl("get", "plants,tagmappings,sitedeployments", "-A");
    assertThat(get.code()).as(get.out()).isZero();
    assertThat(get.out())
        .contains("DISPLAY", "RING", "PHASE")
        .contains("Lyon cement works", "Joliet cement plant")
        .contains("lyon-kiln1", "joliet-kiln")
        .contains("TEMPLATE", "DESIRED", "kiln-energy-optimization");
    Kubectl.Result shortNames = kubectl("get", "sd", "-n", "plant-joliet", "-o", "name");
    assertThat(shortNames.out()).contains("sitedeployment.plantops.io/kiln-energy");
    Kubectl.Result yaml =
        kubectl("get", "sitedeployment", "kiln1-energy", "-n", "plant-lyon", "-o", "yaml");
    assertThat(yaml.out()).contains("plantRef: lyon").contains("generation: 1");
  }

  @Test
  void explainShowsTheFieldDescriptions() throws Exception {
    Kubectl.Result r = kubectl("explain", "sitedeployment.spec.calibration.limits");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("Must lie inside the template's limits");
  }

  @Test
  void anInvalidManifestIsRejectedWithTheFieldAndNothingChanges() throws Exception {
    kubectl("apply", "-f", ROOT.resolve("examples/plants/lyon/00-namespace.yaml").toString());
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(
        bad,
        Files.readString(ROOT.resolve("examples/plants/lyon/kiln1-energy.yaml"))
            .replace("stage: Advisory\n  calibration", "stage: Autopilot\n  calibration"));
    Kubectl.Result r = kubectl("apply", "-f", bad.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.out()).contains("is invalid: spec.stage");
  }

  @Test
  void mergePatchesLikeKubectlEditAreValidatedAndApplied() throws Exception {
    kubectl("apply", "-f", ROOT.resolve("examples/templates").toString());
    applyPlant("lyon");
    Kubectl.Result ok =
        kubectl(
            "patch",
            "sd",
            "kiln1-free-lime",
            "-n",
            "plant-lyon",
            "--type",
            "merge",
            "-p",
            "{\"spec\":{\"stage\":\"Shadow\"}}");
    assertThat(ok.code()).as(ok.out()).isZero();
    Kubectl.Result bad =
        kubectl(
            "patch",
            "sd",
            "kiln1-free-lime",
            "-n",
            "plant-lyon",
            "--type",
            "merge",
            "-p",
            "{\"spec\":{\"versionPolicy\":\"Pinned\"}}");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.out()).contains("spec.templateRef.version: versionPolicy Pinned");
    Kubectl.Result stage =
        kubectl("get", "sd", "kiln1-free-lime", "-n", "plant-lyon", "-o", "jsonpath={.spec.stage}");
    assertThat(stage.out()).isEqualTo("Shadow");
  }

  @Test
  void editReplaceCreateAndDeleteWork() throws Exception {
    kubectl("apply", "-f", ROOT.resolve("examples/templates").toString());
    kubectl("apply", "-f", ROOT.resolve("examples/plants/joliet").toString());

    // kubectl edit: GET, the user's editor, then a patch of the difference
    Path editor = tmp.resolve("editor.sh");
    Files.writeString(editor, "#!/bin/sh\nsed -i 's/stage: Shadow/stage: Advisory/' \"$1\"\n");
    editor.toFile().setExecutable(true);
    ProcessBuilder pb =
        new ProcessBuilder(
                "kubectl",
                "--kubeconfig",
                kubeconfig.toString(),
                "edit",
                "sd",
                "kiln-energy",
                "-n",
                "plant-joliet")
            .redirectErrorStream(true);
    pb.environment().put("KUBE_EDITOR", editor.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(
            kubectl(
                    "get",
                    "sd",
                    "kiln-energy",
                    "-n",
                    "plant-joliet",
                    "-o",
                    "jsonpath={.spec.stage}")
                .out())
        .isEqualTo("Advisory");

    // kubectl replace of what kubectl get returned
    Path current = tmp.resolve("sd.yaml");
    Files.writeString(
        current, kubectl("get", "sd", "free-lime", "-n", "plant-joliet", "-o", "yaml").out());
    Kubectl.Result replace = kubectl("replace", "-f", current.toString());
    assertThat(replace.code()).as(replace.out()).isZero();

    // create -f and delete -f of built-in kinds from YAML
    Path scratch = tmp.resolve("scratch.yaml");
    Files.writeString(
        scratch,
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: scratch}\n---\n"
            + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: scratch}\n"
            + "data: {a: b}\n");
    Kubectl.Result create = kubectl("create", "-f", scratch.toString());
    assertThat(create.code()).as(create.out()).isZero();
    assertThat(kubectl("get", "configmap", "x", "-n", "scratch", "-o", "jsonpath={.data.a}").out())
        .isEqualTo("b");
    Kubectl.Result delete = kubectl("delete", "-f", scratch.toString());
    assertThat(delete.code()).as(delete.out()).isZero();
    assertThat(kubectl("get", "configmap", "x", "-n", "scratch").code()).isNotZero();

    // kubectl's create generators send protobuf: refused with a clear 415, nothing half-done
    Kubectl.Result generator = kubectl("create", "namespace", "generated");
    assertThat(generator.code()).isNotZero();
    assertThat(generator.out()).contains("JSON only");
  }

  /** An event about a resource, as the operator's EventRecorder writes one. */
  static void recordEvent(HasMetadata about, String name, String type, String reason, String text) {
    try (KubernetesClient client = server.newClient()) {
      client
          .v1()
          .events()
          .inNamespace(about.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(about.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(about.getApiVersion())
                  .withKind(about.getKind())
                  .withName(about.getMetadata().getName())
                  .withNamespace(about.getMetadata().getNamespace())
                  .withUid(about.getMetadata().getUid())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(text)
                  .withCount(1)
                  .withFirstTimestamp(Instant.now().minusSeconds(30).toString())
                  .withLastTimestamp(Instant.now().minusSeconds(30).toString())
                  .withNewSource()
                  .withComponent("plantops-operator")
                  .endSource()
                  .build())
          .create();
    }
  }

  static GenericKubernetesResource siteDeployment(String namespace, String name) {
    try (KubernetesClient client = server.newClient()) {
      return client
          .genericKubernetesResources("plantops.io/v1alpha1", "SiteDeployment")
          .inNamespace(namespace)
          .withName(name)
          .get();
    }
  }

  @Test
  void describeShowsTheEventsOfThatResourceOnly() throws Exception {
    kubectl("apply", "-f", ROOT.resolve("examples/templates").toString());
    applyPlant("lyon");
    GenericKubernetesResource energy = siteDeployment("plant-lyon", "kiln1-energy");
    GenericKubernetesResource freeLime = siteDeployment("plant-lyon", "kiln1-free-lime");
    recordEvent(
        energy,
        "kiln1-energy.describe1",
        "Warning",
        "RolledBackDrift",
        "input drift reached Alert in ClosedLoop");
    recordEvent(freeLime, "kiln1-free-lime.describe1", "Normal", "StagePromoted", "other site");

    Kubectl.Result r = kubectl("describe", "sd", "kiln1-energy", "-n", "plant-lyon");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("Events:")
        .containsPattern(
            "Warning +RolledBackDrift +\\S+ +plantops-operator +input drift reached Alert in"
                + " ClosedLoop")
        .doesNotContain("other site");
  }

  @Test
  void getEventsPrintsTypeReasonObjectAndMessageAndFiltersByField() throws Exception {
    kubectl("apply", "-f", ROOT.resolve("examples/templates").toString());
    applyPlant("lyon");
    GenericKubernetesResource energy = siteDeployment("plant-lyon", "kiln1-energy");
    recordEvent(energy, "kiln1-energy.get1", "Warning", "DriftAlert", "drift is Alert");
    recordEvent(energy, "kiln1-energy.get2", "Normal", "AwaitingGates", "waits for gates");

    Kubectl.Result all = kubectl("get", "events", "-n", "plant-lyon");
    assertThat(all.code()).as(all.out()).isZero();
    assertThat(all.out().lines().findFirst().orElseThrow())
        .matches("LAST SEEN +TYPE +REASON +OBJECT +MESSAGE");
    assertThat(all.out())
        .containsPattern("\\d+s +Warning +DriftAlert +sitedeployment/kiln1-energy +drift is Alert")
        .containsPattern("Normal +AwaitingGates +sitedeployment/kiln1-energy +waits for gates");

    Kubectl.Result warnings =
        kubectl("get", "events", "-n", "plant-lyon", "--field-selector", "type=Warning");
    assertThat(warnings.code()).as(warnings.out()).isZero();
    assertThat(warnings.out()).contains("DriftAlert").doesNotContain("AwaitingGates");
  }

  @Test
  void watchFailsAtOnceWithAMessageSayingWhyAndWhatToDoInstead() throws Exception {
    kubectl("apply", "-f", ROOT.resolve("examples/templates").toString());
    Kubectl.Result r = kubectl("get", "usecasetemplates", "-w", "--request-timeout=30s");
    assertThat(r.code()).as(r.out()).isNotZero();
    assertThat(r.out())
        .contains("kiln-energy-optimization")
        .contains("not supported by the sandbox API server")
        .contains("WebSocket only")
        .contains("watch -n 2 kubectl get");
  }

  @Test
  void serverSideApplyIsRefusedWithWhatToUseInstead() throws Exception {
    Kubectl.Result r =
        kubectl("apply", "--server-side", "-f", ROOT.resolve("examples/templates").toString());
    assertThat(r.code()).as(r.out()).isNotZero();
    assertThat(r.out())
        .contains("server-side apply (kubectl apply --server-side) is not supported by the sandbox")
        .contains("Use client-side apply (kubectl apply -f, the default)");
  }
}
