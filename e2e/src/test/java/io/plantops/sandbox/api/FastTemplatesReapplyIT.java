package io.plantops.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Gates;
import io.plantops.api.v1alpha1.StagePolicy;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.sandbox.FastClocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer in a {@code ./sandbox --fast} re-applies {@code examples/templates} with kubectl, as
 * the quickstart suggests after editing one: the templates keep their clocks of seconds, and
 * kubectl says that what is stored is not the file.
 */
class FastTemplatesReapplyIT {

  static final Path ROOT = Path.of(System.getProperty("plantops.root", "..")).normalize();
  @TempDir static Path tmp;
  static SandboxApiServer server;
  static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Kubectl.available();
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("kubectl is not on the PATH; .ci/run installs it");
    }
    assumeTrue(present, "kubectl is not on the PATH; skipping (CI installs it)");
    server = SandboxApiServer.start(ROOT.resolve("crds"), 0, List.of(FastClocks.MUTATION));
    kubectl = new Kubectl(server.writeKubeconfig(tmp.resolve("kubeconfig")), tmp.resolve("cache"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static UseCaseTemplate template(String name) {
    try (KubernetesClient client = server.newClient()) {
      return client.resources(UseCaseTemplate.class).withName(name).get();
    }
  }

  static void assertFastClocks(UseCaseTemplate t) {
    assertThat(t.getSpec().cadenceSeconds()).as("cadence of %s", name(t)).isEqualTo(1);
    for (StagePolicy stage : t.getSpec().promotion().stages()) {
      Gates g = stage.gates();
      assertThat(g.minSamples()).as("%s %s minSamples", name(t), stage.stage()).isEqualTo(5);
      assertThat(g.minMinutes()).as("%s %s minMinutes", name(t), stage.stage()).isZero();
    }
    assertThat(t.getMetadata().getAnnotations())
        .containsEntry(Mutation.ANNOTATION, FastClocks.MUTATION.name());
  }

  static String name(UseCaseTemplate t) {
    return t.getMetadata().getName();
  }

  @Test
  void reApplyingTheExampleTemplatesKeepsTheFastClocksAndKubectlSaysSo() throws Exception {
    Kubectl.Result first =
        kubectl.run("apply", "-f", ROOT.resolve("examples/templates").toString());
    assertThat(first.code()).as(first.out()).isZero();
    assertFastClocks(template("kiln-energy-optimization"));

    // the second apply sends the file's clocks back as a patch: they must not win
    Kubectl.Result again =
        kubectl.run("apply", "-f", ROOT.resolve("examples/templates").toString());
    assertThat(again.code()).as(again.out()).isZero();
    assertThat(again.out())
        .contains("Warning: ./sandbox --fast: stored with clocks of seconds")
        .contains("usecasetemplate.plantops.io/kiln-energy-optimization");
    assertFastClocks(template("kiln-energy-optimization"));
    assertFastClocks(template("clinker-free-lime-soft-sensor"));

    // an edit of the file (a new display name) re-applied: the edit lands, the clocks stay fast
    Path edited = tmp.resolve("kiln.yaml");
    Files.writeString(
        edited,
        Files.readString(ROOT.resolve("examples/templates/kiln-energy-optimization.yaml"))
            .replace("displayName: Kiln energy optimisation", "displayName: Kiln energy (edited)"));
    Kubectl.Result edit = kubectl.run("apply", "-f", edited.toString());
    assertThat(edit.code()).as(edit.out()).isZero();
    UseCaseTemplate now = template("kiln-energy-optimization");
    assertThat(now.getSpec().displayName()).isEqualTo("Kiln energy (edited)");
    assertFastClocks(now);

    // kubectl replace of the file as written: fast too
    Kubectl.Result replace =
        kubectl.run(
            "replace",
            "-f",
            ROOT.resolve("examples/templates/clinker-free-lime-soft-sensor.yaml").toString());
    assertThat(replace.code()).as(replace.out()).isZero();
    assertFastClocks(template("clinker-free-lime-soft-sensor"));
  }
}
