package io.plantops.operator.plant;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.OnboardingMilestones;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantPhase;
import io.plantops.api.v1alpha1.PlantStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.WorkloadStatus;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.SessionState;
import io.plantops.operator.observe.PlantObservation;
import io.plantops.operator.observe.Probe;
import io.plantops.operator.observe.Reachability;
import io.plantops.operator.render.PlantConfigRenderer;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Computes a Plant's status as a value: the only place that sets its conditions, phase and
 * onboarding milestones. Milestones are set once, when first reached, and never cleared.
 */
public final class PlantStatusAggregator {

  private PlantStatusAggregator() {}

  /** The onboarding milestones, in the order a plant reaches them. */
  public enum Milestone {
    registered,
    mappingComplete,
    workloadsReady,
    firstData,
    firstValidInference,
    firstAdvisory,
    firstClosedLoop
  }

  /**
   * What the aggregator reads.
   *
   * @param plant the Plant with the status last written
   * @param view the rendered config and name check of this reconciliation
   * @param inference the inference server Deployment, if it exists
   * @param connector the connector Deployment, if it exists
   * @param siteDeployments SiteDeployments at the plant
   * @param tagMappings TagMappings of the plant
   * @param observation what the workloads report
   * @param now time of the reconciliation
   */
  public record Facts(
      Plant plant,
      PlantView view,
      Optional<Deployment> inference,
      Optional<Deployment> connector,
      List<SiteDeployment> siteDeployments,
      List<TagMapping> tagMappings,
      PlantObservation observation,
      Instant now) {}

  /**
   * The computed status.
   *
   * @param status the status to write
   * @param changes conditions that flipped
   * @param reached milestones reached in this reconciliation, with their time
   * @param previousPhase the phase before, if any
   */
  public record Result(
      PlantStatus status,
      List<Conditions.Change> changes,
      List<Reached> reached,
      Optional<PlantPhase> previousPhase) {}

  /**
   * A milestone reached now.
   *
   * @param milestone which
   * @param at when (RFC 3339)
   * @param registeredAt when the plant was registered (RFC 3339)
   */
  public record Reached(Milestone milestone, String at, String registeredAt) {}

  /** The status for {@code facts}. */
  public static Result compute(Facts f) {
    Plant plant = f.plant();
    PlantStatus prev = plant.getStatus();
    String now = Conditions.timestamp(f.now());
    long generation = generation(plant);
    Conditions conditions =
        Conditions.from(prev == null ? null : prev.conditions(), generation, f.now());

    WorkloadStatus inference = workload(f.inference(), Workload.INFERENCE_SERVER, plant);
    WorkloadStatus connector = workload(f.connector(), Workload.CONNECTOR, plant);
    boolean available =
        Boolean.TRUE.equals(inference.available()) && Boolean.TRUE.equals(connector.available());
    Probe<InferenceStatus> inferenceProbe = f.observation().inference();
    Probe<ConnectorStatus> connectorProbe = f.observation().connector();
    Optional<SessionState> session = connectorProbe.body().map(ConnectorStatus::session);
    Optional<String> configError =
        Stream.of(
                inferenceProbe.body().map(InferenceStatus::configError),
                connectorProbe.body().map(ConnectorStatus::configError))
            .flatMap(Optional::stream)
            .filter(Objects::nonNull)
            .findFirst();

    // milestones, each set once
    OnboardingMilestones before =
        prev == null || prev.onboarding() == null ? OnboardingMilestones.none() : prev.onboarding();
    List<Reached> reached = new ArrayList<>();
    String registered = once(before.registeredAt(), now, Milestone.registered, null, reached);
    boolean allCovered =
        !f.siteDeployments().isEmpty()
            && f.siteDeployments().stream()
                .allMatch(
                    sd ->
                        sd.getStatus() != null
                            && Conditions.isTrue(
                                sd.getStatus().conditions(), ConditionTypes.INPUTS_COVERED));
    String mapping =
        once(
            before.mappingCompleteAt(),
            allCovered ? now : null,
            Milestone.mappingComplete,
            registered,
            reached);
    String ready =
        once(
            before.workloadsReadyAt(),
            available ? now : null,
            Milestone.workloadsReady,
            registered,
            reached);
    String firstData =
        once(
            before.firstDataAt(),
            inferenceProbe
                .body()
                .map(InferenceStatus::firstDataAtMs)
                .map(PlantStatusAggregator::at)
                .orElse(null),
            Milestone.firstData,
            registered,
            reached);
    String firstValid =
        once(
            before.firstValidInferenceAt(),
            inferenceProbe
                .body()
                .flatMap(
                    s ->
                        s.useCases().stream()
                            .map(InferenceStatus.UseCaseStatus::firstValidInferenceAtMs)
                            .filter(Objects::nonNull)
                            .min(Long::compare))
                .map(PlantStatusAggregator::at)
                .orElse(null),
            Milestone.firstValidInference,
            registered,
            reached);
    String firstAdvisory =
        once(
            before.firstAdvisoryAt(),
            earliestLive(f.siteDeployments(), Phase.Advisory, now),
            Milestone.firstAdvisory,
            registered,
            reached);
    String firstClosedLoop =
        once(
            before.firstClosedLoopAt(),
            earliestLive(f.siteDeployments(), Phase.ClosedLoop, now),
            Milestone.firstClosedLoop,
            registered,
            reached);
    OnboardingMilestones milestones =
        new OnboardingMilestones(
            registered, mapping, ready, firstData, firstValid, firstAdvisory, firstClosedLoop);

    // phase
    boolean connected = session.map(s -> s == SessionState.Connected).orElse(false);
    boolean disconnected =
        session.map(s -> s == SessionState.Disconnected || s == SessionState.Refused).orElse(false);
    PlantPhase phase;
    Reason readyReason;
    String readyMessage;
    if (ready != null && (!available || disconnected || configError.isPresent())) {
      phase = PlantPhase.Degraded;
      readyReason =
          !available
              ? Reason.WorkloadDown
              : configError.isPresent() ? Reason.ConfigRefused : Reason.Disconnected;
      readyMessage =
          !available
              ? "a workload stopped being available: inference server "
                  + inference.ready()
                  + ", connector "
                  + connector.ready()
              : configError
                  .map(e -> "a workload refused the resolved config: " + e)
                  .orElse(
                      "the connector lost its OPC UA session: "
                          + connectorProbe.body().map(ConnectorStatus::sessionMessage).orElse(""));
    } else if (available && firstValid != null && connected) {
      phase = PlantPhase.Ready;
      readyReason = Reason.Running;
      readyMessage = "workloads ready, connected, first valid inference at " + firstValid;
    } else if (available) {
      phase = PlantPhase.Onboarding;
      readyReason = Reason.Onboarding;
      readyMessage =
          "workloads ready; waiting for "
              + (connected ? "a first valid inference" : "the connector's OPC UA session");
    } else {
      phase = PlantPhase.Pending;
      readyReason = Reason.WorkloadsNotReady;
      readyMessage =
          f.view()
              .namesProblem()
              .orElse(
                  "workloads not ready: inference server "
                      + inference.ready()
                      + ", connector "
                      + connector.ready());
    }

    // conditions: Ready, Valid, Connected, Degraded
    conditions.set(
        ConditionTypes.READY,
        phase == PlantPhase.Ready ? ConditionStatus.True : ConditionStatus.False,
        readyReason,
        readyMessage);
    List<String> problems = new ArrayList<>();
    f.view().namesProblem().ifPresent(problems::add);
    f.view().rendered().problems().forEach(p -> problems.add(p.message()));
    boolean insecure =
        f.view().rendered().problems().stream()
            .anyMatch(p -> p.kind() == PlantConfigRenderer.ProblemKind.INSECURE_WRITES);
    conditions.set(
        ConditionTypes.VALID,
        problems.isEmpty() ? ConditionStatus.True : ConditionStatus.False,
        problems.isEmpty()
            ? Reason.Valid
            : f.view().namesProblem().isPresent()
                ? Reason.NamesInvalid
                : insecure ? Reason.InsecureWithWritableMappings : Reason.SignalConflict,
        problems.isEmpty()
            ? "the Plant and its mappings are consistent"
            : String.join("; ", problems));
    setConnected(conditions, connectorProbe);
    conditions.set(
        ConditionTypes.DEGRADED,
        phase == PlantPhase.Degraded ? ConditionStatus.True : ConditionStatus.False,
        phase == PlantPhase.Degraded ? readyReason : Reason.NotDegraded,
        phase == PlantPhase.Degraded ? readyMessage : "nothing that worked has stopped working");

    int mapped =
        (int)
            f.tagMappings().stream()
                .filter(tm -> tm.getSpec() != null)
                .flatMap(tm -> tm.getSpec().mappings().stream())
                .map(TagMappingEntry::signal)
                .distinct()
                .count();
    int overrides =
        f.siteDeployments().stream()
            .filter(sd -> sd.getSpec() != null)
            .mapToInt(sd -> sd.getSpec().calibration().overrides())
            .sum();
    String version = f.view().rendered().config().configVersion();
    PlantStatus status =
        new PlantStatus(
            generation,
            phase,
            milestones,
            mapped,
            overrides,
            f.siteDeployments().size(),
            version == null ? null : version.substring(0, Math.min(12, version.length())),
            inference,
            connector,
            conditions.build());
    return new Result(
        status, conditions.changes(), reached, Optional.ofNullable(prev).map(PlantStatus::phase));
  }

  /** The error path: the status last written, with Ready False naming the error. */
  public static Result error(Plant plant, Exception error, Instant now) {
    PlantStatus prev = plant.getStatus();
    long generation = generation(plant);
    Conditions conditions =
        Conditions.from(prev == null ? null : prev.conditions(), generation, now);
    conditions.keepAllBut(ConditionTypes.READY);
    conditions.set(
        ConditionTypes.READY,
        ConditionStatus.False,
        Reason.ReconcileError,
        "reconciliation failed: " + error.getMessage());
    PlantStatus status =
        prev == null
            ? new PlantStatus(
                generation,
                PlantPhase.Pending,
                OnboardingMilestones.none(),
                null,
                null,
                null,
                null,
                null,
                null,
                conditions.build())
            : new PlantStatus(
                prev.observedGeneration(),
                prev.phase(),
                prev.onboarding(),
                prev.mappedSignals(),
                prev.calibrationOverrides(),
                prev.siteDeployments(),
                prev.configVersion(),
                prev.inferenceServer(),
                prev.connector(),
                conditions.build());
    return new Result(
        status, conditions.changes(), List.of(), Optional.ofNullable(prev).map(PlantStatus::phase));
  }

  private static void setConnected(Conditions conditions, Probe<ConnectorStatus> probe) {
    if (probe.reachability() != Reachability.Reachable || probe.body().isEmpty()) {
      conditions.set(
          ConditionTypes.CONNECTED,
          ConditionStatus.Unknown,
          probe.reachability() == Reachability.NotPolled
              ? Reason.NotPolled
              : Reason.ConnectorUnreachable,
          probe.error().orElse("the connector's status has not been read yet"));
      return;
    }
    ConnectorStatus s = probe.body().get();
    SessionState session = s.session();
    switch (session == null ? SessionState.Disconnected : session) {
      case Connected ->
          conditions.set(
              ConditionTypes.CONNECTED,
              ConditionStatus.True,
              Reason.Connected,
              "OPC UA session up, " + s.monitoredItems() + " monitored items");
      case Connecting ->
          conditions.set(
              ConditionTypes.CONNECTED,
              ConditionStatus.Unknown,
              Reason.Connecting,
              "the connector is opening its OPC UA session");
      case Disconnected, Refused ->
          conditions.set(
              ConditionTypes.CONNECTED,
              ConditionStatus.False,
              Reason.Disconnected,
              "OPC UA session "
                  + (session == null ? "unknown" : session)
                  + (s.sessionMessage() == null ? "" : ": " + s.sessionMessage()));
    }
  }

  private static String once(
      String before, String candidate, Milestone m, String registered, List<Reached> reached) {
    if (before != null) {
      return before;
    }
    if (candidate != null) {
      reached.add(new Reached(m, candidate, registered == null ? candidate : registered));
    }
    return candidate;
  }

  private static String earliestLive(List<SiteDeployment> sds, Phase atLeast, String now) {
    return sds.stream()
        .filter(sd -> sd.getStatus() != null && sd.getStatus().phase() != null)
        .filter(
            sd ->
                sd.getStatus().phase().stage() != null
                    && sd.getStatus().phase().stage().atLeast(atLeast.stage()))
        .map(sd -> validTimestamp(sd.getStatus().phaseSince()).orElse(now))
        .min(String::compareTo)
        .orElse(null);
  }

  private static Optional<String> validTimestamp(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Conditions.timestamp(Instant.parse(text)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String at(long epochMs) {
    return Conditions.timestamp(Instant.ofEpochMilli(epochMs));
  }

  private static long generation(Plant plant) {
    Long g = plant.getMetadata().getGeneration();
    return g == null ? 0L : g;
  }

  private static WorkloadStatus workload(Optional<Deployment> d, Workload w, Plant plant) {
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
}
