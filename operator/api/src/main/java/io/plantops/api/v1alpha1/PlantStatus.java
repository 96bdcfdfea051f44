package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state of a {@link Plant}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlantStatus(
    @JsonPropertyDescription("metadata.generation this status was computed from.")
        Long observedGeneration,
    @JsonPropertyDescription("Pending, Onboarding, Ready or Degraded.") PlantPhase phase,
    @JsonPropertyDescription("Onboarding milestones, each set once when first reached.")
        OnboardingMilestones onboarding,
    @JsonPropertyDescription("Canonical signals mapped at the plant.") Integer mappedSignals,
    @JsonPropertyDescription(
            "Calibration overrides across the plant's SiteDeployments (limits, biases, baselines):"
                + " how much local tuning the rollout needed.")
        Integer calibrationOverrides,
    @JsonPropertyDescription("Number of SiteDeployments at the plant.") Integer siteDeployments,
    @JsonPropertyDescription(
            "Digest of the resolved plant config the workloads run with (first 12 hex characters).")
        String configVersion,
    @JsonPropertyDescription("The inference server's readiness.") WorkloadStatus inferenceServer,
    @JsonPropertyDescription("The connector's readiness.") WorkloadStatus connector,
    @JsonPropertyDescription("Standard conditions: Ready, Connected, Degraded.")
        List<Condition> conditions) {}
