package io.plantops.sandbox;

import static io.plantops.operator.testing.ResourceAssertions.assertCondition;
import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.ApprovalReason;
import io.plantops.api.v1alpha1.ApprovalStatus;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.OnboardingMilestones;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantPhase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Domain assertions of the end-to-end tests, beside the operator's {@link
 * io.plantops.operator.testing.ResourceAssertions}: each prints the whole resource as YAML when it
 * fails.
 */
final class SandboxAssertions {

  private SandboxAssertions() {}

  /** The Plant is Ready (phase and condition) and its status is current. */
  static void assertPlantReady(Plant plant) {
    assertThat(plant).as("the Plant exists").isNotNull();
    assertThat(plant.getStatus()).as("status of\n%s", yaml(plant)).isNotNull();
    assertThat(plant.getStatus().phase())
        .as("phase of\n%s", yaml(plant))
        .isEqualTo(PlantPhase.Ready);
    assertCondition(plant, ConditionTypes.READY, ConditionStatus.True);
  }

  /**
   * Every onboarding milestone up to the first valid inference is recorded, in order: the first
   * valid inference came from data.
   */
  static void assertOnboardedToFirstValidInference(Plant plant) {
    OnboardingMilestones m =
        Optional.ofNullable(plant.getStatus()).map(s -> s.onboarding()).orElse(null);
    assertThat(m).as("status.onboarding of\n%s", yaml(plant)).isNotNull();
    List<String> reached =
        Arrays.asList(
            m.registeredAt(),
            m.mappingCompleteAt(),
            m.workloadsReadyAt(),
            m.firstDataAt(),
            m.firstValidInferenceAt());
    assertThat(reached).as("milestones of\n%s", yaml(plant)).doesNotContainNull();
    assertThat(Instant.parse(m.firstValidInferenceAt()))
        .as("first valid inference after the first data\n%s", yaml(plant))
        .isAfterOrEqualTo(Instant.parse(m.firstDataAt()).minusSeconds(1));
  }

  /** The SiteDeployment's live phase is one of {@code phases}. */
  static SiteDeploymentStatus assertLive(SiteDeployment sd, Phase... phases) {
    SiteDeploymentStatus status = status(sd);
    assertThat(status.phase()).as("status.phase of\n%s", yaml(sd)).isIn((Object[]) phases);
    return status;
  }

  /** The active model is {@code version}, as the status reports it. */
  static void assertActiveModel(SiteDeployment sd, String version) {
    SiteDeploymentStatus status = status(sd);
    assertThat(status.activeModel()).as("status.activeModel of\n%s", yaml(sd)).isNotNull();
    assertThat(status.activeModel().version())
        .as("status.activeModel.version of\n%s", yaml(sd))
        .isEqualTo(version);
  }

  /** The history's latest entry with {@code reason}. */
  static HistoryEntry assertHistory(SiteDeployment sd, HistoryReason reason) {
    List<HistoryEntry> history = Optional.ofNullable(status(sd).history()).orElse(List.of());
    return history.stream()
        .filter(h -> h.reason() == reason)
        .reduce((first, second) -> second)
        .orElseThrow(
            () -> new AssertionError("no " + reason + " in status.history of\n" + yaml(sd)));
  }

  /** Every approval given for {@code stage} is reported with {@code reason}. */
  static void assertApprovals(SiteDeployment sd, Stage stage, ApprovalReason reason) {
    List<ApprovalStatus> approvals =
        Optional.ofNullable(status(sd).approvals()).orElse(List.of()).stream()
            .filter(a -> a.stage() == stage)
            .toList();
    assertThat(approvals)
        .as("status.approvals for %s of\n%s", stage, yaml(sd))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.reason()).isEqualTo(reason));
  }

  private static SiteDeploymentStatus status(SiteDeployment sd) {
    assertThat(sd).as("the SiteDeployment exists").isNotNull();
    assertThat(sd.getStatus()).as("status of\n%s", yaml(sd)).isNotNull();
    return sd.getStatus();
  }
}
