package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The repeatability scorecard of a plant: how long, how much mapping and calibration, and how well
 * the advice is taken (docs/scorecard.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlantScorecard(
    @JsonPropertyDescription("Time to onboard: seconds from registration to each milestone.")
        OnboardingDurations onboarding,
    @JsonPropertyDescription("Mapping effort over the plant's TagMappings.") MappingEffort mapping,
    @JsonPropertyDescription("Calibration needed over the plant's SiteDeployments.")
        CalibrationEffort calibration,
    @JsonPropertyDescription("Operator adoption over the plant's SiteDeployments.")
        AdviceAdoption adoption) {}
