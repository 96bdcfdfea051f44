package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state of a {@link SiteDeployment}: what is live, and why it is not further along. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SiteDeploymentStatus(
    @JsonPropertyDescription("metadata.generation this status was computed from.")
        Long observedGeneration,
    @JsonPropertyDescription(
            "What is live: Pending, Shadow, Advisory, ClosedLoop or Failed (spec.stage is what is"
                + " wished).")
        Phase phase,
    @JsonPropertyDescription("When the current phase started (RFC 3339).") String phaseSince,
    @JsonPropertyDescription(
            "The active model's evaluation count when the current phase started: samples in the"
                + " phase are status.evaluations minus this.")
        Long phaseStartEvaluations,
    @JsonPropertyDescription("Model version the version policy selects from the template.")
        String resolvedVersion,
    @JsonPropertyDescription(
            "Canonical signals the use case needs that the TagMapping does not cover (not mapped,"
                + " wrong dimension, sampled too slowly, or a setpoint not mapped ReadWrite); the"
                + " InputsCovered condition says why for each.")
        List<String> missingSignals,
    @JsonPropertyDescription(
            "Inputs read from a declared substitute (a constant or an expression) instead of a"
                + " plant tag; the InputsSubstituted condition says how many of how many.")
        List<SubstitutedInput> substitutedInputs,
    @JsonPropertyDescription("The model version serving recommendations.") ActiveModel activeModel,
    @JsonPropertyDescription("A new version scored in shadow, if any.")
        CandidateModel candidateModel,
    @JsonPropertyDescription(
            "The next promotion this site waits for, e.g. Stage:Advisory or Version:1.3.0.")
        String pendingPromotion,
    @JsonPropertyDescription(
            "Since when the pending promotion has waited (RFC 3339); the metric"
                + " plantops_promotion_pending_seconds counts from here.")
        String pendingSince,
    @JsonPropertyDescription("Gates of the pending promotion.") List<GateResult> gates,
    @JsonPropertyDescription(
            "Every approval in the spec and whether it counts for the pending promotion; absent"
                + " when nothing is pending.")
        List<ApprovalStatus> approvals,
    @JsonPropertyDescription("Roles whose approval the pending promotion still needs.")
        List<String> pendingApprovals,
    @JsonPropertyDescription("Input drift of the active model.") DriftSummary drift,
    @JsonPropertyDescription("KPIs against the plant's baseline.") List<KpiStatus> kpis,
    @JsonPropertyDescription("Evaluations of the active model so far.") Long evaluations,
    @JsonPropertyDescription("The most recent recommendation.")
        RecommendationSummary lastRecommendation,
    @JsonPropertyDescription(
            "Since when a KPI has been worse than baseline beyond the rollback policy's bound"
                + " (RFC 3339); absent while no KPI is.")
        String kpiDegradedSince,
    @JsonPropertyDescription("The latest automatic fallback, if any.") RollbackStatus rollback,
    @JsonPropertyDescription("Audit history, newest last, bounded to the 50 latest entries.")
        List<HistoryEntry> history,
    @JsonPropertyDescription(
            "Standard conditions: Ready, InputsCovered, InputsSubstituted, CalibrationValid,"
                + " ModelVerified, Promoting, RolledBack, Degraded, BaselineSource.")
        List<Condition> conditions,
    @JsonPropertyDescription(
            "The site's repeatability scorecard: mapping effort, calibration needed, operator"
                + " adoption, time of measurable KPI gain (docs/scorecard.md).")
        SiteScorecard scorecard) {

  /** A status without a scorecard. */
  public SiteDeploymentStatus(
      Long observedGeneration,
      Phase phase,
      String phaseSince,
      Long phaseStartEvaluations,
      String resolvedVersion,
      List<String> missingSignals,
      List<SubstitutedInput> substitutedInputs,
      ActiveModel activeModel,
      CandidateModel candidateModel,
      String pendingPromotion,
      String pendingSince,
      List<GateResult> gates,
      List<ApprovalStatus> approvals,
      List<String> pendingApprovals,
      DriftSummary drift,
      List<KpiStatus> kpis,
      Long evaluations,
      RecommendationSummary lastRecommendation,
      String kpiDegradedSince,
      RollbackStatus rollback,
      List<HistoryEntry> history,
      List<Condition> conditions) {
    this(
        observedGeneration,
        phase,
        phaseSince,
        phaseStartEvaluations,
        resolvedVersion,
        missingSignals,
        substitutedInputs,
        activeModel,
        candidateModel,
        pendingPromotion,
        pendingSince,
        gates,
        approvals,
        pendingApprovals,
        drift,
        kpis,
        evaluations,
        lastRecommendation,
        kpiDegradedSince,
        rollback,
        history,
        conditions,
        null);
  }

  /** A status without substituted inputs. */
  public SiteDeploymentStatus(
      Long observedGeneration,
      Phase phase,
      String phaseSince,
      Long phaseStartEvaluations,
      String resolvedVersion,
      List<String> missingSignals,
      ActiveModel activeModel,
      CandidateModel candidateModel,
      String pendingPromotion,
      String pendingSince,
      List<GateResult> gates,
      List<ApprovalStatus> approvals,
      List<String> pendingApprovals,
      DriftSummary drift,
      List<KpiStatus> kpis,
      Long evaluations,
      RecommendationSummary lastRecommendation,
      String kpiDegradedSince,
      RollbackStatus rollback,
      List<HistoryEntry> history,
      List<Condition> conditions) {
    this(
        observedGeneration,
        phase,
        phaseSince,
        phaseStartEvaluations,
        resolvedVersion,
        missingSignals,
        null,
        activeModel,
        candidateModel,
        pendingPromotion,
        pendingSince,
        gates,
        approvals,
        pendingApprovals,
        drift,
        kpis,
        evaluations,
        lastRecommendation,
        kpiDegradedSince,
        rollback,
        history,
        conditions);
  }
}
