package io.plantops.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.Stage;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's API server authenticates its users and enforces the chart's RBAC and the operator's
 * approval webhook: approvals are bound to who writes them, and a corporate role is granted only
 * cluster-wide. Driven with Fabric8 clients, one per user; KubectlGovernanceIT does the same with
 * kubectl and the kubeconfig's contexts.
 */
class SandboxGovernanceTest {

  static final Path ROOT = Path.of(System.getProperty("plantops.root", "..")).normalize();
  static final String LYON = "plant-lyon";
  static final String SITE = "kiln1-energy";
  static SandboxApiServer server;
  static KubernetesClient admin;

  @BeforeAll
  static void start() throws Exception {
    server = SandboxApiServer.start(ROOT.resolve("crds"), 0);
    admin = server.newClient();
    List<Path> files = new ArrayList<>(yaml(ROOT.resolve("examples/templates")));
    for (String f : List.of("00-namespace.yaml", "plant.yaml", "tagmapping.yaml")) {
      files.add(ROOT.resolve("examples/plants/lyon").resolve(f));
    }
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        for (HasMetadata r : admin.load(in).items()) {
          admin.resource(r).createOr(NonDeletingOperation::update);
        }
      }
    }
  }

  static List<Path> yaml(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @AfterAll
  static void stop() {
    admin.close();
    server.close();
  }

  /** The example site without approvals, as the administrator writes it. */
  @BeforeEach
  void siteWithoutApprovals() throws Exception {
    SiteDeployment sd;
    try (InputStream in =
        Files.newInputStream(ROOT.resolve("examples/plants/lyon/kiln1-energy.yaml"))) {
      sd = admin.resources(SiteDeployment.class).load(in).item();
    }
    SiteDeploymentSpec s = sd.getSpec();
    sd.setSpec(
        new SiteDeploymentSpec(
            s.plantRef(),
            s.templateRef(),
            s.versionPolicy(),
            s.tagMappingRef(),
            s.stage(),
            s.calibration(),
            List.of()));
    admin.resources(SiteDeployment.class).resource(sd).createOr(NonDeletingOperation::update);
  }

  static SiteDeployment approve(String user, String approvedBy, String role) {
    Approval a = new Approval(Stage.Advisory, null, approvedBy, role, "2026-12-01T08:00:00Z", null);
    try (KubernetesClient client = server.newClient(user)) {
      return client
          .resources(SiteDeployment.class)
          .inNamespace(LYON)
          .withName(SITE)
          .edit(
              sd -> {
                SiteDeploymentSpec s = sd.getSpec();
                List<Approval> approvals = new ArrayList<>(s.approvals());
                approvals.add(a);
                sd.setSpec(
                    new SiteDeploymentSpec(
                        s.plantRef(),
                        s.templateRef(),
                        s.versionPolicy(),
                        s.tagMappingRef(),
                        s.stage(),
                        s.calibration(),
                        approvals));
                return sd;
              });
    }
  }

  static List<Approval> stored() {
    return admin
        .resources(SiteDeployment.class)
        .inNamespace(LYON)
        .withName(SITE)
        .get()
        .getSpec()
        .approvals();
  }

  @Test
  void aPlantEngineerCannotGiveACorporateApprovalAndIsToldWhoMayGrantIt() {
    assertThatThrownBy(() -> approve("j.dupont", "j.dupont", "corporate-ai-lead"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getStatus().getMessage())
                  .startsWith("admission webhook \"approvals.plantops.io\" denied the request:")
                  .contains(
                      "j.dupont does not hold the approver role corporate-ai-lead cluster-wide")
                  .contains(
                      "a ClusterRoleBinding of the ClusterRole plantops-approver-corporate-ai-lead")
                  .contains("a corporate role is never granted per namespace");
            });
    assertThat(stored()).isEmpty();
  }

  @Test
  void theCorporateLeadsApprovalIsRecorded() {
    approve("a.moreau", "a.moreau", "corporate-ai-lead");
    assertThat(stored())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.approvedBy()).isEqualTo("a.moreau");
              assertThat(a.role()).isEqualTo("corporate-ai-lead");
            });
  }

  @Test
  void aPlantEngineerApprovesAsThePlantRoleBoundInHisNamespace() {
    approve("j.dupont", "j.dupont", "plant-process-engineer");
    assertThat(stored()).extracting(Approval::approvedBy).containsExactly("j.dupont");
    assertThatThrownBy(() -> approve("j.dupont", "j.dupont", "plant-quality-manager"))
        .hasMessageContaining(
            "does not hold the approver role plant-quality-manager in namespace plant-lyon");
  }

  @Test
  void anApprovalInSomeoneElsesNameIsRefused() {
    assertThatThrownBy(() -> approve("j.dupont", "m.bernard", "plant-quality-manager"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e ->
                assertThat(e.getStatus().getMessage())
                    .contains(
                        "approvedBy m.bernard is not the user making this request (j.dupont)"));
  }

  @Test
  void theViewerReadsButCannotWrite() {
    try (KubernetesClient viewer = server.newClient("l.petit")) {
      assertThat(viewer.resources(SiteDeployment.class).inNamespace(LYON).list().getItems())
          .extracting(sd -> sd.getMetadata().getName())
          .contains(SITE);
    }
    assertThatThrownBy(() -> approve("l.petit", "l.petit", "plant-manager"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getStatus().getMessage())
                  .isEqualTo(
                      "sitedeployments.plantops.io \"kiln1-energy\" is forbidden: User \"l.petit\""
                          + " cannot patch resource \"sitedeployments\" in API group"
                          + " \"plantops.io\" in the namespace \"plant-lyon\"");
            });
  }

  @Test
  void aRequestWithoutAKnownTokenIsUnauthorized() throws Exception {
    URI uri =
        URI.create(
            server.url() + "/apis/plantops.io/v1alpha1/namespaces/plant-lyon/sitedeployments");
    TrustingHttp.Response none = TrustingHttp.get(uri);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("\"reason\":\"Unauthorized\"");
    TrustingHttp.Response unknown = TrustingHttp.get(uri, "Authorization", "Bearer not-a-token");
    assertThat(unknown.statusCode()).isEqualTo(401);
  }
}
