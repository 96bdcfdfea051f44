package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.PromotionPolicy;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.operator.promotion.PendingPromotion.ToVersion;
import java.util.Optional;

/**
 * A candidate in shadow replaces the active version, in the live stage, once the template's
 * versionUpdate gates pass on its shadow figures and its required roles approved that version.
 * While it waits, nothing else is promoted: a stage promotion would be measured on the model about
 * to be replaced.
 */
final class VersionPromotion implements Policy {

  @Override
  public Verdict evaluate(Situation s) {
    Optional<CandidateModel> candidate = s.candidate().candidate();
    if (candidate.isEmpty()) {
      return Verdict.pass();
    }
    CandidateModel c = candidate.get();
    PromotionPolicy policy = s.policy();
    Stage live = s.liveStage();
    GateEvaluator.Facts facts = s.observed().forCandidate(c, s.now());
    GateEvaluator.Evaluation gates =
        GateEvaluator.evaluate(policy.versionUpdate().gates(), facts, true, s.now());
    PendingPromotion promotion = new ToVersion(c.version());
    Approvals.Result approvals =
        Approvals.evaluate(
            s.spec().approvals(),
            promotion,
            s.active().version(),
            policy.versionUpdate().requiredApprovals(),
            policy.approvalMaxAgeDays(),
            s.lastRollback(),
            Optional.empty(),
            s.now());
    if (gates.allPassed() && approvals.complete()) {
      ModelVersion next = s.model(c.version()).orElseThrow();
      return Verdict.decide(
          new Outcome.VersionPromoted(
              next,
              s.active().version(),
              live,
              facts.samples().orElse(0L),
              approvals.used(),
              s.observed().verifiedCandidateSha(next)));
    }
    return Verdict.decide(
        new Outcome.Waiting(
            promotion,
            gates,
            approvals,
            live,
            s.active().version(),
            s.target().compareTo(live) > 0 ? Optional.of(live.oneUp()) : Optional.empty()));
  }
}
