package io.plantops.sandbox.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkloadStatusTest {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  static Deployment deployment(DeploymentStatus status) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("w")
        .withNamespace("plant-a")
        .withGeneration(3L)
        .endMetadata()
        .withStatus(status)
        .build();
  }

  static DeploymentCondition condition(DeploymentStatus s, String type) {
    return s.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aReadyPodMakesTheDeploymentAvailableAtItsGeneration() {
    DeploymentStatus s =
        WorkloadStatus.deployment(deployment(null), WorkloadStatus.Observed.pod(true), T0);
    assertThat(s.getObservedGeneration()).isEqualTo(3L);
    assertThat(s.getReadyReplicas()).isEqualTo(1);
    assertThat(s.getAvailableReplicas()).isEqualTo(1);
    assertThat(s.getUnavailableReplicas()).isZero();
    assertThat(condition(s, "Available").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
    assertThat(condition(s, "Progressing").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Available").getLastTransitionTime()).isEqualTo(T0.toString());
  }

  @Test
  void aMissingVolumeSourceSaysWhyInBothConditions() {
    DeploymentStatus s =
        WorkloadStatus.deployment(
            deployment(null),
            WorkloadStatus.Observed.blocked("configmap \"a-config\" not found"),
            T0);
    assertThat(s.getReplicas()).isZero();
    assertThat(condition(s, "Available").getMessage())
        .isEqualTo("configmap \"a-config\" not found");
    assertThat(condition(s, "Progressing").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Progressing").getReason()).isEqualTo("ProgressDeadlineExceeded");
  }

  @Test
  void nothingChangedIsTheSameValueEvenAfterAStoreRoundTrip() {
    DeploymentStatus first =
        WorkloadStatus.deployment(deployment(null), WorkloadStatus.Observed.pod(true), T0);
    // what the informer hands back: the status as stored and read again
    DeploymentStatus stored =
        Serialization.unmarshal(Serialization.asJson(first), DeploymentStatus.class);
    DeploymentStatus again =
        WorkloadStatus.deployment(
            deployment(stored), WorkloadStatus.Observed.pod(true), T0.plusSeconds(60));
    assertThat(WorkloadStatus.changed(stored, again)).isFalse();
    assertThat(condition(again, "Available").getLastTransitionTime()).isEqualTo(T0.toString());
  }

  @Test
  void aConditionThatFlipsMovesItsTransitionTimeAndIsAChange() {
    DeploymentStatus ready =
        WorkloadStatus.deployment(deployment(null), WorkloadStatus.Observed.pod(true), T0);
    DeploymentStatus unready =
        WorkloadStatus.deployment(
            deployment(ready), WorkloadStatus.Observed.pod(false), T0.plusSeconds(60));
    assertThat(WorkloadStatus.changed(ready, unready)).isTrue();
    assertThat(condition(unready, "Available").getLastTransitionTime())
        .isEqualTo(T0.plusSeconds(60).toString());
    assertThat(condition(unready, "Progressing").getLastTransitionTime())
        .as("Progressing stayed True")
        .isEqualTo(T0.toString());
  }

  @Test
  void aPodIsRunningSinceItsStartOrWaitingWithTheReasonOfItsState() {
    PodStatus running =
        WorkloadStatus.pod("main", ContainerState.Running, Optional.of(T0), true, 2);
    assertThat(running.getPhase()).isEqualTo("Running");
    assertThat(running.getContainerStatuses().get(0).getState().getRunning().getStartedAt())
        .isEqualTo(T0.toString());
    assertThat(running.getContainerStatuses().get(0).getRestartCount()).isEqualTo(2);
    assertThat(running.getConditions().get(0).getStatus()).isEqualTo("True");

    PodStatus crashing =
        WorkloadStatus.pod("main", ContainerState.CrashLoopBackOff, Optional.empty(), false, 3);
    assertThat(crashing.getPhase()).isEqualTo("Pending");
    assertThat(crashing.getContainerStatuses().get(0).getState().getWaiting().getReason())
        .isEqualTo("CrashLoopBackOff");
    assertThat(WorkloadStatus.changed(running, crashing)).isTrue();
    assertThat(
            WorkloadStatus.changed(
                crashing,
                WorkloadStatus.pod(
                    "main", ContainerState.CrashLoopBackOff, Optional.empty(), false, 3)))
        .isFalse();
  }
}
