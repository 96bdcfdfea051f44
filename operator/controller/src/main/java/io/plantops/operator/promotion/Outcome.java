package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.RollbackReason;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.operator.validation.SubstituteBound;
import java.util.List;
import java.util.Optional;

/**
 * What a decision comes to, typed, with the facts its message and its effects need. A policy of the
 * {@link PolicyChain} returns one; {@link DecisionBuilder} turns it into the {@link
 * PromotionDecision} (history, events, conditions) and {@link Messages} renders its text.
 */
sealed interface Outcome {

  /**
   * Not live: something the site needs is missing or invalid.
   *
   * @param blocker what is missing, and whether the site is Failed or Pending
   * @param resolvedVersion the version the version policy selects, when it got that far
   */
  record NotReady(Readiness.Blocker blocker, Optional<String> resolvedVersion) implements Outcome {}

  /**
   * Not live yet (Pending): the inference server has not verified the selected model.
   *
   * @param model the selected version
   * @param verification what the server reports about it
   * @param activeSince since when it is the model the site waits for
   */
  record AwaitingModel(ModelVersion model, ModelVerification verification, String activeSince)
      implements Outcome {}

  /**
   * The selected model was verified: live in Shadow.
   *
   * @param model the selected version
   * @param verification the verification, with the digest the server loaded
   * @param target the stage the site heads for (spec.stage capped at maxAutonomy)
   * @param candidate a candidate shadowed before is withdrawn
   */
  record Activated(
      ModelVersion model,
      ModelVerification verification,
      Stage target,
      CandidateSelection candidate)
      implements Outcome {}

  /**
   * The active model cannot be loaded and no previous version is there to fall back to: Pending.
   *
   * @param active the model that cannot be loaded
   * @param problem what the inference server reports
   * @param recorded whether the rollback policy records it as a rollback (onModelLoadFailure)
   */
  record LoadFailedWithoutFallback(ModelVersion active, String problem, boolean recorded)
      implements Outcome {}

  /**
   * An automatic fallback: to the previous model version, or to a lower stage.
   *
   * @param cause why
   * @param from the live stage
   * @param fromVersion the active version
   * @param to the stage live afterwards
   * @param toVersion the version active afterwards
   * @param candidate the candidate beside the version active afterwards, when it is re-selected
   */
  record RolledBack(
      RollbackCause cause,
      Stage from,
      String fromVersion,
      Stage to,
      ModelVersion toVersion,
      Optional<CandidateSelection> candidate)
      implements Outcome {

    boolean versionChanged() {
      return !toVersion.version().equals(fromVersion);
    }
  }

  /** Why a site fell back. */
  sealed interface RollbackCause {

    RollbackReason reason();

    HistoryReason historyReason();

    /**
     * The active model cannot be loaded.
     *
     * @param problem what the inference server reports
     */
    record LoadFailure(String problem) implements RollbackCause {
      @Override
      public RollbackReason reason() {
        return RollbackReason.ModelLoadFailed;
      }

      @Override
      public HistoryReason historyReason() {
        return HistoryReason.RolledBackModelLoad;
      }
    }

    /**
     * The site's fleet rollout ring failed and the template's rollout returns it (RevertRing).
     *
     * @param template the template whose rollout halted
     */
    record RingFailed(String template) implements RollbackCause {
      @Override
      public RollbackReason reason() {
        return RollbackReason.RingFailed;
      }

      @Override
      public HistoryReason historyReason() {
        return HistoryReason.RolledBackRing;
      }
    }

    /**
     * Input drift reached Alert in ClosedLoop.
     *
     * @param worstSignal the signal that drifted most, when reported
     * @param largestPsi its population stability index, when reported
     */
    record DriftAlert(Optional<String> worstSignal, Optional<Double> largestPsi)
        implements RollbackCause {
      @Override
      public RollbackReason reason() {
        return RollbackReason.DriftAlert;
      }

      @Override
      public HistoryReason historyReason() {
        return HistoryReason.RolledBackDrift;
      }
    }

    /**
     * A KPI stayed degraded beyond the rollback bound for the policy's duration.
     *
     * @param degradation the worst KPI
     * @param minutes the policy's duration
     */
    record KpiDegraded(KpiDegradation degradation, long minutes) implements RollbackCause {
      @Override
      public RollbackReason reason() {
        return RollbackReason.KpiDegraded;
      }

      @Override
      public HistoryReason historyReason() {
        return HistoryReason.RolledBackKpi;
      }
    }
  }

  /**
   * A KPI worse than its baseline by more than a bound.
   *
   * @param kpi the KPI's name
   * @param percentWorse how much worse, in percent
   * @param bound the bound, in percent
   */
  record KpiDegradation(String kpi, double percentWorse, double bound) {}

  /**
   * spec.stage (capped at maxAutonomy, and at Advisory beyond the substitute bound) is below the
   * live stage: stepped down at once.
   *
   * @param asked spec.stage
   * @param to the stage stepped down to
   * @param from the live stage
   * @param version the active version
   * @param candidate the candidate beside the active version
   * @param substitutes the substitute bound, when it is what holds the site below spec.stage
   */
  record StageLowered(
      Stage asked,
      Stage to,
      Stage from,
      String version,
      CandidateSelection candidate,
      Optional<SubstituteBound> substitutes)
      implements Outcome {}

  /**
   * The candidate passed its gates and approvals and replaced the active version.
   *
   * @param next the candidate, active from now on
   * @param replaced the version it replaced
   * @param stage the live stage, kept
   * @param shadowSamples evaluations it was scored on in shadow
   * @param approvedBy the approvals that counted, as "who (role)"
   * @param verifiedSha256 the digest the server verified for it while it was the candidate
   */
  record VersionPromoted(
      ModelVersion next,
      String replaced,
      Stage stage,
      long shadowSamples,
      List<String> approvedBy,
      Optional<String> verifiedSha256)
      implements Outcome {}

  /**
   * The next stage's gates passed and its roles approved: one stage up.
   *
   * @param from the live stage
   * @param to the stage entered
   * @param version the active version
   * @param gated whether the stage has gates (the message says they passed)
   * @param approvedBy the approvals that counted, as "who (role)"
   */
  record StagePromoted(Stage from, Stage to, String version, boolean gated, List<String> approvedBy)
      implements Outcome {}

  /**
   * A promotion waits for its gates or approvals; what is live stays.
   *
   * @param promotion what waits
   * @param gates the gate results
   * @param approvals the approval verdicts
   * @param live the live stage
   * @param version the active version
   * @param blockedStage the stage promotion that waits for a candidate version, if one does
   */
  record Waiting(
      PendingPromotion promotion,
      GateEvaluator.Evaluation gates,
      Approvals.Result approvals,
      Stage live,
      String version,
      Optional<Stage> blockedStage)
      implements Outcome {}

  /**
   * Nothing to do: live as asked (or as far as the template allows).
   *
   * @param live the live stage
   * @param version the active version
   * @param cap spec.stage asks for more than the template's maxAutonomy, if it does
   */
  record Stay(Stage live, String version, Optional<Cap> cap) implements Outcome {}

  /**
   * spec.stage above the template's maxAutonomy, or above Advisory while the site has more
   * substituted inputs than ClosedLoop allows.
   *
   * @param asked spec.stage
   * @param template the template's name
   * @param maxAutonomy what the template allows
   * @param substitutes the substitute bound, when it is what caps the site
   */
  record Cap(
      Stage asked, String template, Stage maxAutonomy, Optional<SubstituteBound> substitutes) {}
}
