package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Seconds from a plant's registration to each milestone that makes a use case pay: the durations of
 * the onboarding milestones (status.onboarding), absent until reached.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OnboardingDurations(
    @JsonPropertyDescription("Seconds from registration to the first valid inference.")
        Long firstValidInferenceSeconds,
    @JsonPropertyDescription("Seconds from registration to the first use case live in Advisory.")
        Long firstAdvisorySeconds,
    @JsonPropertyDescription("Seconds from registration to the first use case live in ClosedLoop.")
        Long firstClosedLoopSeconds,
    @JsonPropertyDescription(
            "Seconds from registration to the first measurable KPI gain (status.onboarding"
                + ".firstKpiGainAt).")
        Long firstKpiGainSeconds) {}
