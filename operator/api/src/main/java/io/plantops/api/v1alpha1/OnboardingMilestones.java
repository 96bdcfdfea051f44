package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * When the plant first reached each onboarding milestone (RFC 3339), the measure of how repeatable
 * a rollout is. A milestone, once reached, is never cleared.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OnboardingMilestones(
    @JsonPropertyDescription("The Plant resource was first seen by the operator.")
        String registeredAt,
    @JsonPropertyDescription("Every SiteDeployment at the plant first had all its inputs covered.")
        String mappingCompleteAt,
    @JsonPropertyDescription("The inference server and connector were first both ready.")
        String workloadsReadyAt,
    @JsonPropertyDescription("The inference server first received plant data.") String firstDataAt,
    @JsonPropertyDescription("The first evaluation with every input valid produced a result.")
        String firstValidInferenceAt,
    @JsonPropertyDescription("A SiteDeployment at the plant first went live in Advisory.")
        String firstAdvisoryAt,
    @JsonPropertyDescription("A SiteDeployment at the plant first went live in ClosedLoop.")
        String firstClosedLoopAt,
    @JsonPropertyDescription(
            "A SiteDeployment at the plant first had a measurable KPI gain (its"
                + " status.scorecard.kpiGainAt).")
        String firstKpiGainAt) {

  /** Milestones before the KPI gain was one. */
  public OnboardingMilestones(
      String registeredAt,
      String mappingCompleteAt,
      String workloadsReadyAt,
      String firstDataAt,
      String firstValidInferenceAt,
      String firstAdvisoryAt,
      String firstClosedLoopAt) {
    this(
        registeredAt,
        mappingCompleteAt,
        workloadsReadyAt,
        firstDataAt,
        firstValidInferenceAt,
        firstAdvisoryAt,
        firstClosedLoopAt,
        null);
  }

  /** No milestone reached. */
  public static OnboardingMilestones none() {
    return new OnboardingMilestones(null, null, null, null, null, null, null, null);
  }
}
