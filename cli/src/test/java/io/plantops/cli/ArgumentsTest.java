package io.plantops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Stage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class ArgumentsTest {

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = KubectlPlantops.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static <T> T parsed(Class<T> type, String... args) {
    ParseResult r = KubectlPlantops.commandLine().parseArgs(args);
    return type.cast(r.subcommand().commandSpec().userObject());
  }

  @Test
  void approveTakesTheSiteAStageARoleAndKubectlsConnectionFlagsInAnyOrder() {
    ApproveCommand c =
        parsed(
            ApproveCommand.class,
            "approve",
            "-n",
            "plant-lyon",
            "kiln1-energy",
            "--stage",
            "ClosedLoop",
            "--context",
            "corporate-lead",
            "--role",
            "corporate-ai-lead",
            "--kubeconfig",
            "/tmp/kc");
    assertThat(c.request())
        .isEqualTo(
            new Approver.Request(
                "kiln1-energy",
                Optional.of(Stage.ClosedLoop),
                Optional.empty(),
                Optional.of("corporate-ai-lead"),
                Optional.empty()));
    assertThat(c.cluster.namespace).isEqualTo("plant-lyon");
    assertThat(c.cluster.context).isEqualTo("corporate-lead");
    assertThat(c.cluster.kubeconfig).hasToString("/tmp/kc");
  }

  @Test
  void approveOfAVersionHasNoStage() {
    ApproveCommand c =
        parsed(ApproveCommand.class, "approve", "kiln1-energy", "--version", "1.3.0");
    assertThat(c.request().version()).contains("1.3.0");
    assertThat(c.request().stage()).isEmpty();
    assertThat(c.request().role()).isEmpty();
  }

  @Test
  void approveRefusesBothStageAndVersion() {
    Run r = run("approve", "kiln1-energy", "--stage", "Advisory", "--version", "1.3.0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--stage=STAGE, --version=VERSION are mutually exclusive");
  }

  @Test
  void approveNeedsAStageOrAVersion() {
    Run r = run("approve", "kiln1-energy");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required argument").contains("--stage", "--version");
  }

  @Test
  void anUnknownStageIsRefusedNamingTheStages() {
    Run r = run("approve", "kiln1-energy", "--stage", "Autopilot");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Autopilot").contains("Shadow, Advisory, ClosedLoop");
  }

  @Test
  void statusTakesAllNamespaces() {
    assertThat(parsed(StatusCommand.class, "status", "-A").allNamespaces).isTrue();
    assertThat(parsed(StatusCommand.class, "status", "--all-namespaces").allNamespaces).isTrue();
    assertThat(parsed(StatusCommand.class, "status", "-n", "plant-joliet").allNamespaces).isFalse();
  }

  @Test
  void anUnknownContextIsRefusedAsKubectlRefusesIt(@TempDir Path dir) throws Exception {
    Path kubeconfig = dir.resolve("config");
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]",
            "contexts: [{name: plant-engineer, context: {cluster: c, user: lyon-engineer,"
                + " namespace: plant-lyon}}]",
            "current-context: plant-engineer",
            "users: [{name: lyon-engineer, user: {token: t}}]",
            ""));
    Run r = run("status", "--kubeconfig", kubeconfig.toString(), "--context", "corporate-lead");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: context \"corporate-lead\" does not exist in the kubeconfig: see kubectl config"
                + " get-contexts"
                + System.lineSeparator());
    Cluster c =
        parsed(StatusCommand.class, "status", "--kubeconfig", kubeconfig.toString()).cluster;
    assertThat(c.namespace(c.config())).isEqualTo("plant-lyon");
    assertThat(Cluster.kubeconfigUser(c.config())).contains("lyon-engineer");
  }

  @Test
  void helpListsBothCommands() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("approve", "status");
  }
}
