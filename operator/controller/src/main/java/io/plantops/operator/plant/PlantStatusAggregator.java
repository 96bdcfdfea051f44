package io.plantops.operator.plant;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.OnboardingMilestones;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantPhase;
import io.plantops.api.v1alpha1.PlantSpec;
import io.plantops.api.v1alpha1.PlantStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.WorkloadStatus;
import io.plantops.operator.lastgood.LastValid;
import io.plantops.operator.observe.PlantObservation;
import io.plantops.operator.render.PlantConfigRenderer.Problem;
import io.plantops.operator.render.PlantConfigRenderer.ProblemKind;
import io.plantops.operator.scorecard.PlantScorecards;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.StatusUpdate;
import io.plantops.operator.status.Verdict;
import io.plantops.operator.validation.PlantValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computes a Plant's status as a value: the only place that sets its conditions, phase and
 * onboarding milestones. The phase and the Ready and Connected verdicts come from {@link
 * WorkloadHealth}, the milestones from {@link Onboarding}; the Ready message also names what each
 * SiteDeployment still lacks ({@link MissingInputs}).
 */
public final class PlantStatusAggregator {

  private PlantStatusAggregator() {}

  /**
   * What the aggregator reads.
   *
   * @param plant the Plant with the status last written
   * @param view the rendered config and name check of this reconciliation
   * @param inference the inference server Deployment, if it exists
   * @param connector the connector Deployment, if it exists
   * @param siteDeployments SiteDeployments at the plant
   * @param tagMappings TagMappings of the plant
   * @param specProblems what {@code PlantValidator} finds in the stored spec (the view runs the
   *     last valid generation instead, when one is kept)
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
      List<String> specProblems,
      PlantObservation observation,
      Instant now) {}

  /**
   * The computed status.
   *
   * @param update the status to write, with the conditions that flipped
   * @param reached milestones reached in this reconciliation
   * @param previousPhase the phase before, if any
   */
  public record Result(
      StatusUpdate<PlantStatus> update,
      List<Onboarding.Reached> reached,
      Optional<PlantPhase> previousPhase) {}

  /** The status for {@code facts}. */
  public static Result compute(Facts f) {
    Plant plant = f.plant();
    PlantStatus prev = plant.getStatus();
    Conditions conditions =
        Conditions.from(prev == null ? null : prev.conditions(), plant, f.now());

    WorkloadStatus inference =
        WorkloadHealth.workload(f.inference(), Workload.INFERENCE_SERVER, plant);
    WorkloadStatus connector = WorkloadHealth.workload(f.connector(), Workload.CONNECTOR, plant);
    Onboarding.Progress onboarding =
        Onboarding.track(
            new Onboarding.Facts(
                prev == null || prev.onboarding() == null
                    ? OnboardingMilestones.none()
                    : prev.onboarding(),
                f.siteDeployments(),
                Boolean.TRUE.equals(inference.available())
                    && Boolean.TRUE.equals(connector.available()),
                f.observation().inference().body(),
                f.now()));
    OnboardingMilestones milestones = onboarding.milestones();
    WorkloadHealth.Assessment health =
        WorkloadHealth.assess(
            new WorkloadHealth.Facts(
                inference,
                connector,
                f.observation(),
                milestones.workloadsReadyAt() != null,
                Optional.ofNullable(milestones.firstValidInferenceAt()),
                f.view().namesProblem()));
    boolean degraded = health.phase() == PlantPhase.Degraded;

    conditions.set(ConditionTypes.READY, withMissingInputs(health.ready(), f.siteDeployments()));
    LastValid<PlantSpec> last =
        LastValid.of(
            f.specProblems().isEmpty(),
            conditions.generation(),
            plant.getSpec(),
            prev == null ? null : prev.lastValidGeneration(),
            prev == null ? null : prev.lastValidSpec());
    conditions.set(ConditionTypes.VALID, valid(f, last, conditions.generation()));
    conditions.set(ConditionTypes.CONNECTED, WorkloadHealth.connected(f.observation().connector()));
    conditions.set(
        ConditionTypes.DEGRADED,
        degraded ? ConditionStatus.True : ConditionStatus.False,
        degraded ? health.ready().reason() : Reason.NotDegraded,
        degraded ? health.ready().message() : "nothing that worked has stopped working");

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
            conditions.generation(),
            health.phase(),
            milestones,
            mapped,
            overrides,
            f.siteDeployments().size(),
            version == null ? null : version.substring(0, Math.min(12, version.length())),
            inference,
            connector,
            last.generation(),
            last.spec(),
            conditions.build(),
            PlantScorecards.compute(milestones, f.tagMappings(), f.siteDeployments()));
    return new Result(
        conditions.update(status),
        onboarding.reached(),
        Optional.ofNullable(prev).map(PlantStatus::phase));
  }

  /** The error path: the status last written, with Ready False naming the error. */
  public static StatusUpdate<PlantStatus> error(Plant plant, Exception error, Instant now) {
    PlantStatus prev = plant.getStatus();
    Conditions conditions =
        Conditions.afterError(prev == null ? null : prev.conditions(), plant, now, error);
    return conditions.update(
        prev == null
            ? new PlantStatus(
                conditions.generation(),
                PlantPhase.Pending,
                OnboardingMilestones.none(),
                null,
                null,
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
                prev.lastValidGeneration(),
                prev.lastValidSpec(),
                conditions.build(),
                prev.scorecard()));
  }

  /** The Ready verdict, its message naming what each SiteDeployment still lacks, if any does. */
  private static Verdict withMissingInputs(Verdict ready, List<SiteDeployment> siteDeployments) {
    return MissingInputs.describe(siteDeployments)
        .map(m -> new Verdict(ready.status(), ready.reason(), ready.message() + "; " + m))
        .orElse(ready);
  }

  /**
   * Valid: the Plant's names fit its Services, its stored spec passes {@code PlantValidator}, and
   * the config could be rendered without a problem; the reason is the first kind of problem found,
   * in that order. A stored spec that fails while an older valid generation runs is {@code
   * InvalidGeneration}: "generation N is invalid: ...; running generation M".
   */
  private static Verdict valid(Facts f, LastValid<PlantSpec> last, long generation) {
    PlantView view = f.view();
    List<Problem> rendered = view.rendered().problems();
    List<String> problems = new ArrayList<>();
    view.namesProblem().ifPresent(problems::add);
    Optional<String> timezone = PlantValidator.timezoneProblem(f.plant().getSpec().timezone());
    if (last.held()) {
      // the stored spec is not what runs: say what is wrong with it, then what the running one has
      problems.add(last.invalidMessage(generation, String.join("; ", f.specProblems())));
    } else {
      // the stored spec runs: its session refusal is among the rendered problems, with its effect
      timezone.ifPresent(problems::add);
    }
    rendered.forEach(p -> problems.add(p.message()));
    if (problems.isEmpty()) {
      return new Verdict(
          ConditionStatus.True, Reason.Valid, "the Plant and its mappings are consistent");
    }
    Reason reason =
        view.namesProblem().isPresent()
            ? Reason.NamesInvalid
            : last.held()
                ? Reason.InvalidGeneration
                : timezone.isPresent()
                    ? Reason.TimezoneUnknown
                    : rendered.stream().anyMatch(p -> p.kind() == ProblemKind.INSECURE_WRITES)
                        ? Reason.InsecureWithWritableMappings
                        : rendered.stream()
                                .anyMatch(p -> p.kind() == ProblemKind.PASSWORD_WITHOUT_SECURITY)
                            ? Reason.PasswordWithoutSecurity
                            : Reason.SignalConflict;
    return new Verdict(ConditionStatus.False, reason, String.join("; ", problems));
  }
}
