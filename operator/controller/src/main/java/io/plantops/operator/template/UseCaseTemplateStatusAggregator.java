package io.plantops.operator.template;

import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.FleetEntry;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.RolloutState;
import io.plantops.api.v1alpha1.RolloutStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.TemplateScorecard;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.api.v1alpha1.UseCaseTemplateStatus;
import io.plantops.operator.lastgood.LastValid;
import io.plantops.operator.promotion.RetrainingTrigger;
import io.plantops.operator.rollout.RolloutPlanner;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.StatusUpdate;
import io.plantops.operator.validation.VersionResolver;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Computes a UseCaseTemplate's status as a value: the only place that sets its conditions. Besides
 * validity it keeps the fleet view (one entry per SiteDeployment of the template, uncovered plants
 * first), the coverage summary and whether the corporate team should retrain.
 */
public final class UseCaseTemplateStatusAggregator {

  private UseCaseTemplateStatusAggregator() {}

  /**
   * What the aggregator reads.
   *
   * @param template the UseCaseTemplate with the status last written
   * @param problems why the template is invalid; empty when it is valid
   * @param siteDeployments SiteDeployments of the template, in every watched namespace
   * @param fleetMaxEntries most fleet entries kept in status
   * @param now time of the reconciliation
   * @param rollout the fleet rollout decided for this reconciliation, when the policy has one
   */
  public record Facts(
      UseCaseTemplate template,
      List<String> problems,
      List<SiteDeployment> siteDeployments,
      int fleetMaxEntries,
      Instant now,
      Optional<RolloutPlanner.Plan> rollout,
      Optional<TemplateScorecard> scorecard) {

    /** Facts without a new scorecard (the last one written is kept). */
    public Facts(
        UseCaseTemplate template,
        List<String> problems,
        List<SiteDeployment> siteDeployments,
        int fleetMaxEntries,
        Instant now,
        Optional<RolloutPlanner.Plan> rollout) {
      this(template, problems, siteDeployments, fleetMaxEntries, now, rollout, Optional.empty());
    }

    /** Facts without a fleet rollout. */
    public Facts(
        UseCaseTemplate template,
        List<String> problems,
        List<SiteDeployment> siteDeployments,
        int fleetMaxEntries,
        Instant now) {
      this(template, problems, siteDeployments, fleetMaxEntries, now, Optional.empty());
    }
  }

  /** The status for {@code facts}. */
  public static StatusUpdate<UseCaseTemplateStatus> compute(Facts f) {
    UseCaseTemplate template = f.template();
    UseCaseTemplateStatus prev = template.getStatus();
    List<String> problems = f.problems();
    Conditions conditions =
        Conditions.from(prev == null ? null : prev.conditions(), template, f.now());
    LastValid<UseCaseTemplateSpec> last =
        LastValid.of(
            problems.isEmpty(),
            conditions.generation(),
            template.getSpec(),
            prev == null ? null : prev.lastValidGeneration(),
            prev == null ? null : prev.lastValidSpec());
    conditions.set(
        ConditionTypes.VALID,
        problems.isEmpty() ? ConditionStatus.True : ConditionStatus.False,
        problems.isEmpty() ? Reason.Valid : last.invalidReason(),
        problems.isEmpty()
            ? "units, limits, models and CEL expressions are valid"
            : last.invalidMessage(conditions.generation(), String.join("; ", problems)));
    conditions.set(
        ConditionTypes.READY,
        problems.isEmpty() ? ConditionStatus.True : ConditionStatus.False,
        problems.isEmpty() ? Reason.Reconciled : last.invalidReason(),
        problems.isEmpty()
            ? "deployable at " + f.siteDeployments().size() + " site(s)"
            : last.held()
                ? "its SiteDeployments keep running generation "
                    + last.generation()
                    + " until generation "
                    + conditions.generation()
                    + " is fixed or reverted"
                : "SiteDeployments of this template are Failed until it is valid");

    Optional<RolloutStatus> rollout = f.rollout().map(RolloutPlanner.Plan::status);
    rollout.ifPresent(r -> rolloutCondition(conditions, r));

    List<FleetEntry> fleet =
        f.siteDeployments().stream()
            .map(UseCaseTemplateStatusAggregator::entry)
            .sorted(
                Comparator.comparing((FleetEntry e) -> Boolean.TRUE.equals(e.inputsCovered()))
                    .thenComparing(FleetEntry::namespace)
                    .thenComparing(FleetEntry::siteDeployment))
            .toList();
    int covered = (int) fleet.stream().filter(e -> Boolean.TRUE.equals(e.inputsCovered())).count();
    Optional<ModelVersion> latest = VersionResolver.latest(template.getSpec().models());
    return conditions.update(
        new UseCaseTemplateStatus(
            conditions.generation(),
            latest.map(ModelVersion::version).orElse(null),
            fleet.size(),
            covered,
            covered + "/" + fleet.size(),
            fleet.isEmpty() ? null : fleet.subList(0, Math.min(f.fleetMaxEntries(), fleet.size())),
            retrainingDue(template, fleet, latest, f.now()).orElse(null),
            last.generation(),
            last.spec(),
            conditions.build(),
            rollout.orElse(null),
            f.scorecard().orElse(prev == null ? null : prev.scorecard())));
  }

  /** The Rollout condition: False only when a ring failed and the rollout halted. */
  private static void rolloutCondition(Conditions conditions, RolloutStatus r) {
    Reason reason =
        switch (r.state()) {
          case Progressing -> Reason.RolloutProgressing;
          case Paused -> Reason.RolloutPaused;
          case Halted -> Reason.RolloutHalted;
          case Complete -> Reason.RolloutComplete;
        };
    conditions.set(
        ConditionTypes.ROLLOUT,
        r.state() == RolloutState.Halted ? ConditionStatus.False : ConditionStatus.True,
        reason,
        r.version() + ": " + r.message());
  }

  /** The error path: the status last written, with Ready False naming the error. */
  public static StatusUpdate<UseCaseTemplateStatus> error(
      UseCaseTemplate template, Exception error, Instant now) {
    UseCaseTemplateStatus prev = template.getStatus();
    Conditions conditions =
        Conditions.afterError(prev == null ? null : prev.conditions(), template, now, error);
    return conditions.update(
        prev == null
            ? new UseCaseTemplateStatus(
                conditions.generation(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                conditions.build())
            : new UseCaseTemplateStatus(
                prev.observedGeneration(),
                prev.latestVersion(),
                prev.plants(),
                prev.plantsCovered(),
                prev.coverage(),
                prev.fleet(),
                prev.retrainingDue(),
                prev.lastValidGeneration(),
                prev.lastValidSpec(),
                conditions.build(),
                prev.rollout(),
                prev.scorecard()));
  }

  /** A SiteDeployment's entry in the fleet view, from its spec and the status it last wrote. */
  static FleetEntry entry(SiteDeployment sd) {
    SiteDeploymentStatus s = sd.getStatus();
    Optional<Boolean> covered =
        s == null
            ? Optional.empty()
            : Conditions.find(s.conditions(), ConditionTypes.INPUTS_COVERED)
                .filter(c -> c.status() != ConditionStatus.Unknown)
                .map(c -> c.status() == ConditionStatus.True);
    return new FleetEntry(
        sd.getMetadata().getNamespace(),
        sd.getSpec().plantRef(),
        sd.getMetadata().getName(),
        covered.orElse(null),
        s == null || s.missingSignals() == null || s.missingSignals().isEmpty()
            ? null
            : s.missingSignals(),
        s == null ? null : s.phase(),
        s == null || s.activeModel() == null ? null : s.activeModel().version(),
        s == null || s.drift() == null ? null : s.drift().status());
  }

  private static Optional<String> retrainingDue(
      UseCaseTemplate template,
      List<FleetEntry> fleet,
      Optional<ModelVersion> latest,
      Instant now) {
    return RetrainingTrigger.due(template.getSpec().retraining(), fleet, latest, now)
        .map(RetrainingTrigger::statusText);
  }
}
