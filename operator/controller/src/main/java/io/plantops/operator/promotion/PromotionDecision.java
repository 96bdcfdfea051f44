package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.ApprovalStatus;
import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.GateResult;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.RollbackStatus;
import io.plantops.operator.status.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link PromotionEngine} decided; the SiteDeployment status aggregator writes it as is.
 *
 * @param phase what is live
 * @param phaseSince when that phase started (RFC 3339), kept while the phase stays
 * @param phaseStartEvaluations the active model's evaluation count when the phase started
 * @param reason why the phase is what it is (the Ready condition's reason)
 * @param message the same for people, naming what to fix when something is
 * @param resolvedVersion the version the version policy selects, when it selects one
 * @param activeModel the model whose outputs leave as recommendations, once decided
 * @param candidateModel a version scored in shadow beside the active one (version, digest, since;
 *     the aggregator adds the shadow figures the inference server reports)
 * @param modelVerification whether the plant's inference server runs the active model as decided
 * @param pendingPromotion the promotion the site waits for (the status writes it with {@link
 *     PendingPromotion#statusText()})
 * @param pendingSince since when that promotion has waited (RFC 3339)
 * @param gates gate results of the pending promotion
 * @param approvals each approval in the spec and whether it counts; empty when not evaluated
 * @param pendingApprovals roles still to approve the pending promotion
 * @param kpiDegradedSince since when a KPI has been degraded beyond the rollback bound
 * @param rollback the latest automatic fallback
 * @param history the audit history, newest last, bounded
 * @param promoting the Promoting condition, when the engine tracks promotions
 * @param rolledBack the RolledBack condition, when the engine tracks rollbacks
 * @param events transitions worth a Kubernetes Event and a log line
 * @param recheckAfter when to decide again although nothing observed changed (a time gate, a KPI
 *     duration, or the next step right after a transition)
 */
public record PromotionDecision(
    Phase phase,
    String phaseSince,
    Optional<Long> phaseStartEvaluations,
    Reason reason,
    String message,
    Optional<String> resolvedVersion,
    Optional<ActiveModel> activeModel,
    Optional<CandidateModel> candidateModel,
    ModelVerification modelVerification,
    Optional<PendingPromotion> pendingPromotion,
    Optional<String> pendingSince,
    List<GateResult> gates,
    List<ApprovalStatus> approvals,
    List<String> pendingApprovals,
    Optional<String> kpiDegradedSince,
    Optional<RollbackStatus> rollback,
    List<HistoryEntry> history,
    Optional<ConditionFact> promoting,
    Optional<ConditionFact> rolledBack,
    List<Transition> events,
    Optional<Duration> recheckAfter) {

  /** History entries kept in status (the CRD's description promises 50). */
  public static final int HISTORY_LIMIT = 50;

  public PromotionDecision {
    gates = List.copyOf(gates);
    approvals = List.copyOf(approvals);
    pendingApprovals = List.copyOf(pendingApprovals);
    history = List.copyOf(history);
    events = List.copyOf(events);
  }

  /** A copy with another candidate model. */
  public PromotionDecision withCandidate(Optional<CandidateModel> candidate) {
    return new PromotionDecision(
        phase,
        phaseSince,
        phaseStartEvaluations,
        reason,
        message,
        resolvedVersion,
        activeModel,
        candidate,
        modelVerification,
        pendingPromotion,
        pendingSince,
        gates,
        approvals,
        pendingApprovals,
        kpiDegradedSince,
        rollback,
        history,
        promoting,
        rolledBack,
        events,
        recheckAfter);
  }

  /**
   * A condition as the engine sees it; the aggregator adds times and generation.
   *
   * @param status True, False or Unknown
   * @param reason why
   * @param message for people
   */
  public record ConditionFact(ConditionStatus status, Reason reason, String message) {}

  /**
   * A transition worth an Event.
   *
   * @param warning Warning (true) or Normal event
   * @param reason event reason
   * @param message event message
   * @param entry the history entry it added, if it added one (logged and counted)
   */
  public record Transition(
      boolean warning, Reason reason, String message, Optional<HistoryEntry> entry) {}
}
