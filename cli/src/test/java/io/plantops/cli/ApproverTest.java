package io.plantops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Approvals written to Fabric8's mock API server in CRUD mode, read back as stored. */
@EnableKubernetesMockClient(crud = true)
class ApproverTest {

  static final Clock NOW = Clock.fixed(Instant.parse("2026-12-03T14:00:00.250Z"), ZoneOffset.UTC);

  KubernetesClient client;

  SiteDeployment store(String name, SiteDeploymentStatus status) {
    return store(name, status, List.of(Sites.EXAMPLE_APPROVAL));
  }

  SiteDeployment store(String name, SiteDeploymentStatus status, List<Approval> given) {
    SiteDeployment sd = Sites.site("plant-lyon", name, Stage.Advisory, given);
    client.resource(sd).create();
    sd.setStatus(status);
    client.resource(sd).patchStatus();
    return client.resources(SiteDeployment.class).inNamespace("plant-lyon").withName(name).get();
  }

  Approval approve(String site, Optional<Stage> stage, Optional<String> version, String role) {
    return new Approver(client, "plant-lyon", "kubeconfig-user", NOW)
        .approve(
            new Approver.Request(
                site, stage, version, Optional.ofNullable(role), Optional.of("shift review")));
  }

  List<Approval> stored(String name) {
    return client
        .resources(SiteDeployment.class)
        .inNamespace("plant-lyon")
        .withName(name)
        .get()
        .getSpec()
        .approvals();
  }

  @Test
  void aStageApprovalNamesTheLiveVersionAndNowAndKeepsTheApprovalsGivenBefore() {
    store("kiln1-energy", Sites.shadowWaitingForAdvisory());
    Approval a = approve("kiln1-energy", Optional.of(Stage.Advisory), Optional.empty(), null);
    Approval expected =
        new Approval(
            Stage.Advisory,
            "1.2.0",
            "kubeconfig-user",
            "plant-process-engineer",
            "2026-12-03T14:00:00Z",
            "shift review");
    assertThat(a).isEqualTo(expected);
    assertThat(stored("kiln1-energy")).containsExactly(Sites.EXAMPLE_APPROVAL, expected);
  }

  @Test
  void theFirstApprovalStartsTheList() {
    store("kiln1-energy", Sites.shadowWaitingForAdvisory(), List.of());
    Approval a = approve("kiln1-energy", Optional.of(Stage.Advisory), Optional.empty(), null);
    assertThat(stored("kiln1-energy")).containsExactly(a);
  }

  @Test
  void aVersionApprovalNamesTheCandidateAndNoStage() {
    store("kiln1-energy", Sites.candidateWaiting());
    Approval a = approve("kiln1-energy", Optional.empty(), Optional.of("1.3.0"), null);
    assertThat(a.stage()).isNull();
    assertThat(a.version()).isEqualTo("1.3.0");
    assertThat(a.role()).isEqualTo("corporate-ai-lead");
    assertThat(stored("kiln1-energy")).endsWith(a);
  }

  @Test
  void refusesAVersionThatIsNotTheCandidate() {
    store("kiln1-energy", Sites.candidateWaiting());
    assertThatThrownBy(
            () ->
                approve(
                    "kiln1-energy", Optional.empty(), Optional.of("1.4.0"), "corporate-ai-lead"))
        .hasMessage(
            "version 1.4.0 is not the candidate of sitedeployment plant-lyon/kiln1-energy"
                + " (status.candidateModel: 1.3.0): approve the version that runs in shadow");
    assertThat(stored("kiln1-energy")).containsExactly(Sites.EXAMPLE_APPROVAL);
  }

  @Test
  void refusesAStageWhileNoVersionIsLive() {
    store("kiln1-free-lime", Sites.pendingSignalsMissing());
    assertThatThrownBy(
            () ->
                approve(
                    "kiln1-free-lime",
                    Optional.of(Stage.Advisory),
                    Optional.empty(),
                    "plant-process-engineer"))
        .hasMessage(
            "sitedeployment plant-lyon/kiln1-free-lime has no live version yet"
                + " (status.activeModel is empty, phase Pending): approve a stage once it runs in"
                + " Shadow");
  }

  @Test
  void asksForTheRoleWhenTheSiteWaitsForAnotherPromotion() {
    store("kiln1-energy", Sites.shadowWaitingForAdvisory());
    assertThatThrownBy(
            () -> approve("kiln1-energy", Optional.of(Stage.ClosedLoop), Optional.empty(), null))
        .hasMessage(
            "give --role: sitedeployment plant-lyon/kiln1-energy waits for no approval of"
                + " Stage:ClosedLoop by a single role");
  }

  @Test
  void namesTheNamespaceWhenTheSiteDoesNotExist() {
    assertThatThrownBy(() -> approve("kiln9", Optional.of(Stage.Advisory), Optional.empty(), "x"))
        .hasMessage(
            "sitedeployment kiln9 not found in namespace plant-lyon: check the name (kubectl get"
                + " sitedeployments -n plant-lyon) or give -n");
  }
}
