package io.plantops.sandbox.runtime;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The status a Deployment and its pod should show for what the local runtime observes, built as
 * Fabric8's typed values. A condition keeps its transition time while its status stays the same
 * (Kubernetes API conventions), so the desired status equals the stored one exactly when nothing
 * changed: {@link #changed} compares whole values.
 */
final class WorkloadStatus {

  static final String AVAILABLE = "Available";
  static final String PROGRESSING = "Progressing";
  static final String LOCAL_IP = "127.0.0.1";

  private WorkloadStatus() {}

  /**
   * What the runtime sees of a Deployment's one pod.
   *
   * @param running whether a local pod exists for it
   * @param ready whether that pod passed its readiness probe
   * @param problem why no pod can run (a missing volume source), if that is the case
   */
  record Observed(boolean running, boolean ready, Optional<String> problem) {

    static Observed pod(boolean ready) {
      return new Observed(true, ready, Optional.empty());
    }

    static Observed blocked(String problem) {
      return new Observed(false, false, Optional.of(problem));
    }
  }

  /** A Deployment's status for one replica run locally, as the Deployment controller writes it. */
  static DeploymentStatus deployment(Deployment d, Observed observed, Instant now) {
    boolean ready = observed.ready();
    int pods = observed.running() ? 1 : 0;
    Optional<DeploymentStatus> current = Optional.ofNullable(d.getStatus());
    DeploymentCondition available =
        condition(
            current,
            AVAILABLE,
            ready,
            ready ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            ready
                ? "Deployment has minimum availability."
                : observed.problem().orElse("Deployment does not have minimum availability."),
            now);
    DeploymentCondition progressing =
        condition(
            current,
            PROGRESSING,
            observed.problem().isEmpty(),
            observed.problem().isEmpty() ? "NewReplicaSetAvailable" : "ProgressDeadlineExceeded",
            observed.problem().orElse("The local runtime runs the pod."),
            now);
    return new DeploymentStatusBuilder()
        .withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(pods)
        .withUpdatedReplicas(pods)
        .withReadyReplicas(ready ? 1 : 0)
        .withAvailableReplicas(ready ? 1 : 0)
        .withUnavailableReplicas(ready ? 0 : 1)
        .withConditions(available, progressing)
        .build();
  }

  private static DeploymentCondition condition(
      Optional<DeploymentStatus> current,
      String type,
      boolean status,
      String reason,
      String message,
      Instant now) {
    String value = status ? "True" : "False";
    String since =
        current.map(DeploymentStatus::getConditions).orElse(List.of()).stream()
            .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
            .map(DeploymentCondition::getLastTransitionTime)
            .filter(t -> t != null)
            .findFirst()
            .orElse(now.toString());
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(since)
        .withLastUpdateTime(since)
        .build();
  }

  /**
   * A local pod's status: Running while its process lives, its one container running since it
   * started or waiting with the reason of its {@link ContainerState}.
   */
  static PodStatus pod(
      String container,
      ContainerState state,
      Optional<Instant> startedAt,
      boolean ready,
      int restarts) {
    ContainerStatusBuilder c =
        new ContainerStatusBuilder()
            .withName(container)
            .withReady(ready)
            .withRestartCount(restarts);
    ContainerStatus status =
        startedAt.isPresent() && !state.waiting()
            ? c.withNewState()
                .withNewRunning()
                .withStartedAt(startedAt.get().toString())
                .endRunning()
                .endState()
                .build()
            : c.withNewState()
                .withNewWaiting()
                .withReason(state.name())
                .endWaiting()
                .endState()
                .build();
    return new PodStatusBuilder()
        .withPhase(startedAt.isPresent() ? "Running" : "Pending")
        .withPodIP(LOCAL_IP)
        .withHostIP(LOCAL_IP)
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .withContainerStatuses(status)
        .build();
  }

  /** Whether the desired status differs from the stored one (absent counts as different). */
  static <T> boolean changed(T stored, T desired) {
    return !desired.equals(stored);
  }
}
