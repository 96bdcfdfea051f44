package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * The repeatability scorecard of a template across the fleet: its sites' scorecards aggregated
 * (docs/scorecard.md). Durations are medians over the plants that reached the milestone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateScorecard(
    @JsonPropertyDescription("Sites by rollout ring and live phase.") List<StageCount> stages,
    @JsonPropertyDescription(
            "Median seconds from registration to each milestone, over the sites' plants that"
                + " reached it.")
        OnboardingDurations medianOnboarding,
    @JsonPropertyDescription("How many sites' plants reached a first valid inference.")
        Integer sitesInferring,
    @JsonPropertyDescription("How many sites had a measurable KPI gain (scorecard.kpiGainAt).")
        Integer sitesWithKpiGain,
    @JsonPropertyDescription("Mapping effort summed over the sites.") MappingEffort mapping,
    @JsonPropertyDescription("Calibration overrides summed over the sites.")
        CalibrationEffort calibration,
    @JsonPropertyDescription("Operator adoption summed over the sites.") AdviceAdoption adoption) {}
