package io.plantops.operator.plant;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantPhase;
import io.plantops.api.v1alpha1.WorkloadStatus;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.SessionState;
import io.plantops.operator.observe.PlantConnection;
import io.plantops.operator.observe.PlantObservation;
import io.plantops.operator.observe.Probe;
import io.plantops.operator.observe.Reachability;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.Verdict;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the plant's two workloads say about it: their Deployments' readiness, the connector's OPC UA
 * session and whether either refused the resolved config. From these come the plant's phase, its
 * Ready verdict (Degraded repeats it while degraded) and its Connected verdict; the aggregator sets
 * them as conditions.
 */
final class WorkloadHealth {

  private WorkloadHealth() {}

  /**
   * The plant's phase and why.
   *
   * @param phase Pending, Onboarding, Ready or Degraded
   * @param ready the Ready condition: True only in phase Ready
   */
  record Assessment(PlantPhase phase, Verdict ready) {}

  /**
   * What the assessment reads.
   *
   * @param inference the inference server's Deployment readiness
   * @param connector the connector's Deployment readiness
   * @param observation what the workloads report
   * @param onboarded whether the workloads were ready once (a plant can degrade only after)
   * @param firstValidInference when the first valid inference happened, if it did
   * @param namesProblem why the Plant's name cannot name its Services, if it cannot
   */
  record Facts(
      WorkloadStatus inference,
      WorkloadStatus connector,
      PlantObservation observation,
      boolean onboarded,
      Optional<String> firstValidInference,
      Optional<String> namesProblem) {

    boolean available() {
      return Boolean.TRUE.equals(inference.available())
          && Boolean.TRUE.equals(connector.available());
    }
  }

  /** A Deployment's readiness, "ready/desired" (absent: 0/1, not available). */
  static WorkloadStatus workload(Optional<Deployment> d, Workload w, Plant plant) {
    String name = w.name(plant.getMetadata().getName());
    if (d.isEmpty()) {
      return new WorkloadStatus(name, "0/1", false);
    }
    int desired =
        d.get().getSpec() == null || d.get().getSpec().getReplicas() == null
            ? 1
            : d.get().getSpec().getReplicas();
    int ready =
        d.get().getStatus() == null || d.get().getStatus().getReadyReplicas() == null
            ? 0
            : d.get().getStatus().getReadyReplicas();
    return new WorkloadStatus(name, ready + "/" + desired, desired > 0 && ready >= desired);
  }

  static Assessment assess(Facts f) {
    boolean available = f.available();
    Probe<ConnectorStatus> connectorProbe = f.observation().connector();
    Optional<SessionState> session = connectorProbe.body().map(ConnectorStatus::session);
    Optional<String> configError =
        Stream.of(
                f.observation().inference().body().map(InferenceStatus::configError),
                connectorProbe.body().map(ConnectorStatus::configError))
            .flatMap(Optional::stream)
            .filter(Objects::nonNull)
            .findFirst();
    boolean connected = session.map(s -> s == SessionState.Connected).orElse(false);
    Optional<PlantConnection> connection = f.observation().connection();
    boolean disconnected = connection.map(PlantConnection::lost).orElse(false);
    if (f.onboarded() && (!available || disconnected || configError.isPresent())) {
      return new Assessment(
          PlantPhase.Degraded,
          !available
              ? notReady(
                  Reason.WorkloadDown,
                  "a workload stopped being available: inference server "
                      + f.inference().ready()
                      + ", connector "
                      + f.connector().ready())
              : configError
                  .map(
                      e ->
                          notReady(
                              Reason.ConfigRefused, "a workload refused the resolved config: " + e))
                  .orElse(
                      notReady(
                          Reason.Disconnected,
                          "the connector lost its OPC UA session: "
                              + connection.flatMap(PlantConnection::message).orElse(""))));
    }
    if (available && f.firstValidInference().isPresent() && connected) {
      return new Assessment(
          PlantPhase.Ready,
          new Verdict(
              ConditionStatus.True,
              Reason.Running,
              "workloads ready, connected, first valid inference at "
                  + f.firstValidInference().get()));
    }
    if (available) {
      return new Assessment(
          PlantPhase.Onboarding,
          notReady(
              Reason.Onboarding,
              "workloads ready; waiting for "
                  + (connected ? "a first valid inference" : "the connector's OPC UA session")));
    }
    return new Assessment(
        PlantPhase.Pending,
        notReady(
            Reason.WorkloadsNotReady,
            f.namesProblem()
                .orElse(
                    "workloads not ready: inference server "
                        + f.inference().ready()
                        + ", connector "
                        + f.connector().ready())));
  }

  /** The Connected condition, from the connector's own report of its OPC UA session. */
  static Verdict connected(Probe<ConnectorStatus> probe) {
    if (probe.reachability() != Reachability.Reachable || probe.body().isEmpty()) {
      return new Verdict(
          ConditionStatus.Unknown,
          probe.reachability() == Reachability.NotPolled
              ? Reason.NotPolled
              : Reason.ConnectorUnreachable,
          probe.error().orElse("the connector's status has not been read yet"));
    }
    ConnectorStatus s = probe.body().get();
    SessionState session = s.session();
    return switch (session == null ? SessionState.Disconnected : session) {
      case Connected ->
          s.refusedSignals().isEmpty()
              ? new Verdict(
                  ConditionStatus.True,
                  Reason.Connected,
                  "OPC UA session up, " + s.monitoredItems() + " monitored items")
              : new Verdict(
                  ConditionStatus.True,
                  Reason.SignalsRefused,
                  "OPC UA session up, "
                      + s.monitoredItems()
                      + " monitored items; "
                      + s.refusedSignals().size()
                      + " signal(s) refused by the connector: "
                      + s.refusedSignals().stream()
                          .map(ConnectorStatus.RefusedSignal::message)
                          .collect(Collectors.joining("; ")));
      case Connecting ->
          new Verdict(
              ConditionStatus.Unknown,
              Reason.Connecting,
              "the connector is opening its OPC UA session");
      case Disconnected, Refused ->
          new Verdict(
              ConditionStatus.False,
              Reason.Disconnected,
              "OPC UA session "
                  + (session == null ? "unknown" : session)
                  + (s.sessionMessage() == null ? "" : ": " + s.sessionMessage()));
    };
  }

  private static Verdict notReady(Reason reason, String message) {
    return new Verdict(ConditionStatus.False, reason, message);
  }
}
