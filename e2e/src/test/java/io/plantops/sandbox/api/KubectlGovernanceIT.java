package io.plantops.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's kubeconfig contexts as its people use them with the real kubectl: the API server
 * authenticates each context's token, authorizes with the chart's RBAC, and the operator's approval
 * webhook binds an approval to who writes it. A plant engineer cannot give a corporate approval,
 * and is told which role it needs and who grants it.
 */
class KubectlGovernanceIT {

  static final Path ROOT = Path.of(System.getProperty("plantops.root", "..")).normalize();
  @TempDir static Path tmp;
  static SandboxApiServer server;
  static Path kubeconfig;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Kubectl.available();
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("kubectl is not on the PATH; .ci/run installs it");
    }
    assumeTrue(present, "kubectl is not on the PATH; skipping (CI installs it)");
    server = SandboxApiServer.start(ROOT.resolve("crds"), 0);
    kubeconfig = server.writeKubeconfig(tmp.resolve("kubeconfig"));
    Kubectl.Result templates =
        kubectl("apply", "-f", ROOT.resolve("examples/templates").toString());
    assertThat(templates.code()).as(templates.out()).isZero();
    for (List<String> args : SignedApply.commands(ROOT.resolve("examples/plants/lyon"), server)) {
      Kubectl.Result r = kubectl(args.toArray(String[]::new));
      assertThat(r.code()).as(r.out()).isZero();
    }
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

  /** {@code kubectl --context <context> patch} adding an approval to kiln1-free-lime. */
  static Kubectl.Result approve(String context, String approvedBy, String role) throws Exception {
    String approval =
        "{\"stage\":\"ClosedLoop\",\"approvedBy\":\""
            + approvedBy
            + "\",\"role\":\""
            + role
            + "\",\"at\":\"2026-12-01T08:00:00Z\"}";
    return kubectl(
        "--context",
        context,
        "patch",
        "sitedeployment",
        "kiln1-free-lime",
        "-n",
        "plant-lyon",
        "--type",
        "json",
        "-p",
        "[{\"op\":\"add\",\"path\":\"/spec/approvals/-\",\"value\":" + approval + "}]");
  }

  @Test
  void theExamplesApprovalsWereWrittenByWhomTheyName() throws Exception {
    Kubectl.Result r =
        kubectl(
            "get",
            "sd",
            "-n",
            "plant-lyon",
            "-o",
            "jsonpath={range .items[*]}{.metadata.name}={.spec.approvals[*].approvedBy} {end}");
    assertThat(r.out()).contains("kiln1-energy=j.dupont", "kiln1-free-lime=m.bernard");
  }

  @Test
  void aPlantEngineerIsRefusedACorporateApprovalWithTheRoleAndWhoGrantsIt() throws Exception {
    Kubectl.Result r = approve("plant-engineer", "j.dupont", "corporate-ai-lead");
    assertThat(r.code()).as(r.out()).isNotZero();
    assertThat(r.out())
        .contains(
            "Error from server (Forbidden): admission webhook \"approvals.plantops.io\" denied the"
                + " request: SiteDeployment kiln1-free-lime is refused:")
        .contains("j.dupont does not hold the approver role corporate-ai-lead cluster-wide")
        .contains(
            "it is granted by a ClusterRoleBinding of the ClusterRole"
                + " plantops-approver-corporate-ai-lead");
    assertThat(approvers()).doesNotContain("j.dupont");
  }

  @Test
  void theCorporateLeadsApprovalIsAccepted() throws Exception {
    Kubectl.Result r = approve("corporate-lead", "a.moreau", "corporate-ai-lead");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(approvers()).contains("a.moreau");
  }

  @Test
  void theViewerReadsButMayNotWrite() throws Exception {
    Kubectl.Result get = kubectl("--context", "viewer", "get", "sd", "-n", "plant-lyon");
    assertThat(get.code()).as(get.out()).isZero();
    assertThat(get.out()).contains("kiln1-free-lime");
    Kubectl.Result r = approve("viewer", "l.petit", "plant-manager");
    assertThat(r.code()).isNotZero();
    assertThat(r.out())
        .contains(
            "Error from server (Forbidden): sitedeployments.plantops.io \"kiln1-free-lime\" is"
                + " forbidden: User \"l.petit\" cannot patch resource \"sitedeployments\" in API"
                + " group \"plantops.io\" in the namespace \"plant-lyon\"");
  }

  @Test
  void aRequestWithoutAValidTokenIsUnauthorized() throws Exception {
    Kubectl.Result r = kubectl("--token", "not-a-sandbox-token", "get", "sd", "-A");
    assertThat(r.code()).isNotZero();
    assertThat(r.out()).contains("Unauthorized");
  }

  @Test
  void theKubeconfigHoldingTheTokensIsReadableByItsOwnerOnly() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)))
        .isEqualTo("rw-------");
  }

  static String approvers() throws Exception {
    return kubectl(
            "get",
            "sd",
            "kiln1-free-lime",
            "-n",
            "plant-lyon",
            "-o",
            "jsonpath={.spec.approvals[*].approvedBy}")
        .out();
  }
}
