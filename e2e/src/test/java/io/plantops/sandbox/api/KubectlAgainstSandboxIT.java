package io.plantops.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  record Result(int code, String out) {}

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

  static Result kubectl(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "kubectl",
                "--kubeconfig",
                kubeconfig.toString(),
                "--cache-dir",
                tmp.resolve("cache").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  @Test
  void appliesTheExamplesAndListsThemWithTheirPrinterColumns() throws Exception {
    Result templates = kubectl("apply", "-f", ROOT.resolve("examples/templates").toString());
    assertThat(templates.code()).as(templates.out()).isZero();
    for (String plant : List.of("lyon", "joliet")) {
      Result r = kubectl("apply", "-f", ROOT.resolve("examples/plants/" + plant).toString());
      assertThat(r.code()).as(r.out()).isZero();
    }
    Result get = kubectl("get", "plants,tagmappings,sitedeployments", "-A");
    assertThat(get.code()).as(get.out()).isZero();
    assertThat(get.out())
        .contains("DISPLAY", "RING", "PHASE")
        .contains("Lyon cement works", "Joliet cement plant")
        .contains("lyon-kiln1", "joliet-kiln")
        .contains("TEMPLATE", "DESIRED", "kiln-energy-optimization");
    Result shortNames = kubectl("get", "sd", "-n", "plant-joliet", "-o", "name");
    assertThat(shortNames.out()).contains("sitedeployment.plantops.io/kiln-energy");
    Result yaml =
        kubectl("get", "sitedeployment", "kiln1-energy", "-n", "plant-lyon", "-o", "yaml");
    assertThat(yaml.out()).contains("plantRef: lyon").contains("generation: 1");
  }

  @Test
  void explainShowsTheFieldDescriptions() throws Exception {
    Result r = kubectl("explain", "sitedeployment.spec.calibration.limits");
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
    Result r = kubectl("apply", "-f", bad.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.out()).contains("is invalid: spec.stage");
  }

  @Test
  void mergePatchesLikeKubectlEditAreValidatedAndApplied() throws Exception {
    kubectl("apply", "-f", ROOT.resolve("examples/templates").toString());
    kubectl("apply", "-f", ROOT.resolve("examples/plants/lyon").toString());
    Result ok =
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
    Result bad =
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
    Result stage =
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
    Result replace = kubectl("replace", "-f", current.toString());
    assertThat(replace.code()).as(replace.out()).isZero();

    // create -f and delete -f of built-in kinds from YAML
    Path scratch = tmp.resolve("scratch.yaml");
    Files.writeString(
        scratch,
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: scratch}\n---\n"
            + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: scratch}\n"
            + "data: {a: b}\n");
    Result create = kubectl("create", "-f", scratch.toString());
    assertThat(create.code()).as(create.out()).isZero();
    assertThat(kubectl("get", "configmap", "x", "-n", "scratch", "-o", "jsonpath={.data.a}").out())
        .isEqualTo("b");
    Result delete = kubectl("delete", "-f", scratch.toString());
    assertThat(delete.code()).as(delete.out()).isZero();
    assertThat(kubectl("get", "configmap", "x", "-n", "scratch").code()).isNotZero();

    // kubectl's create generators send protobuf: refused with a clear 415, nothing half-done
    Result generator = kubectl("create", "namespace", "generated");
    assertThat(generator.code()).isNotZero();
    assertThat(generator.out()).contains("JSON only");
  }
}
