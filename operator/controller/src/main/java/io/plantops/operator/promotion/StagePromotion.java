package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.StagePolicy;
import io.plantops.operator.promotion.PendingPromotion.ToStage;
import io.plantops.operator.status.Conditions;
import java.util.Optional;

/**
 * One stage up towards spec.stage (capped at maxAutonomy), once the next stage's gates pass on the
 * figures scored since the live stage began and its required roles approved it for the live
 * version, after the site last fell below it. One stage at a time: the next one is measured in the
 * stage it builds on.
 */
final class StagePromotion implements Policy {

  @Override
  public Verdict evaluate(Situation s) {
    Stage live = s.liveStage();
    if (s.target().compareTo(live) <= 0) {
      return Verdict.pass();
    }
    Stage next = live.oneUp();
    StagePolicy stagePolicy = s.policy().forStage(next);
    SiteDeploymentStatus prev = s.previous().orElseThrow();
    GateEvaluator.Facts facts =
        s.observed()
            .forStage(
                Conditions.instant(prev.phaseSince()).orElse(s.now()),
                prev.phaseStartEvaluations());
    GateEvaluator.Evaluation gates =
        GateEvaluator.evaluate(stagePolicy.gates(), facts, false, s.now());
    PendingPromotion promotion = new ToStage(next);
    String version = s.active().version();
    Approvals.Result approvals =
        Approvals.evaluate(
            s.spec().approvals(),
            promotion,
            version,
            stagePolicy.requiredApprovals(),
            s.policy().approvalMaxAgeDays(),
            s.lastRollback(),
            History.lastDropBelow(s.history(), next),
            s.now());
    if (gates.allPassed() && approvals.complete()) {
      return Verdict.decide(
          new Outcome.StagePromoted(
              live, next, version, !gates.results().isEmpty(), approvals.used()));
    }
    return Verdict.decide(
        new Outcome.Waiting(promotion, gates, approvals, live, version, Optional.empty()));
  }
}
