package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.RollbackPolicy;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.operator.promotion.Outcome.KpiDegradation;
import io.plantops.operator.promotion.Outcome.RollbackCause;
import io.plantops.operator.promotion.Policy.Note.KpiWatch;
import io.plantops.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A KPI worse than its baseline by more than rollback.kpiDegradationPercent, for
 * kpiDegradationMinutes, in Advisory or ClosedLoop: back to the previous version when the active
 * one was promoted less than recentPromotionHours ago (it is blamed), else one stage down.
 *
 * <p>Until then it passes, noting since when the KPI has been degraded (status.kpiDegradedSince, so
 * that the clock survives a restart) and when the rollback is due. A report that is not current
 * keeps the clock as it was; a KPI back within the bound resets it.
 */
final class KpiRollback implements Policy {

  @Override
  public Verdict evaluate(Situation s) {
    RollbackPolicy rb = s.rollbackPolicy();
    Stage live = s.liveStage();
    if (rb.kpiDegradationPercent() == null || !live.atLeast(Stage.Advisory)) {
      return Verdict.pass();
    }
    Optional<String> since = s.previous().map(SiteDeploymentStatus::kpiDegradedSince);
    if (!s.observed().known()) {
      return since
          .map(t -> Verdict.pass(new KpiWatch(t, Optional.empty())))
          .orElseGet(Verdict::pass);
    }
    Optional<KpiDegradation> worst = s.observed().worstDegradation(rb.kpiDegradationPercent());
    if (worst.isEmpty()) {
      return Verdict.pass();
    }
    String degradedSince = since.orElse(s.nowText());
    Instant due =
        Conditions.instant(degradedSince)
            .orElse(s.now())
            .plus(Duration.ofMinutes(rb.kpiDegradationMinutes()));
    if (s.now().isBefore(due)) {
      return Verdict.pass(new KpiWatch(degradedSince, Optional.of(due)));
    }
    RollbackCause cause = new RollbackCause.KpiDegraded(worst.get(), rb.kpiDegradationMinutes());
    ModelVersion active = s.active();
    Optional<ModelVersion> previous =
        History.recentlyPromoted(s.history(), active.version(), s.now(), rb.recentPromotionHours())
            ? History.previousVersion(s.history(), active.version()).flatMap(s::model)
            : Optional.empty();
    if (previous.isPresent()) {
      return Verdict.decide(
          new Outcome.RolledBack(
              cause,
              live,
              active.version(),
              live,
              previous.get(),
              Optional.of(s.candidateBeside(previous.get()))));
    }
    return Verdict.decide(
        new Outcome.RolledBack(
            cause, live, active.version(), live.oneDown(), active, Optional.of(s.candidate())));
  }
}
