package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
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
    @JsonPropertyDescription(
            "metadata.generation of the last valid spec, the one the workloads run (last known"
                + " good). Equal to metadata.generation while the spec is valid; older while a"
                + " stored generation is invalid (an unknown time zone, a session too weak for the"
                + " plant's ReadWrite mappings).")
        Long lastValidGeneration,
    @JsonPropertyDescription(
            "A copy of the last valid spec (same fields as spec, not validated again), kept while a"
                + " newer generation is invalid so that the workloads (and an operator restarted"
                + " meanwhile) keep running it.")
        // a copy of spec: its schema is spec's, so it is not repeated (nor its CEL rules)
        @SchemaFrom(type = Object.class)
        @PreserveUnknownFields
        PlantSpec lastValidSpec,
    @JsonPropertyDescription("Standard conditions: Ready, Valid, Connected, Degraded.")
        List<Condition> conditions,
    @JsonPropertyDescription(
            "The plant's repeatability scorecard: time to onboard, mapping effort, calibration"
                + " needed, operator adoption (docs/scorecard.md).")
        PlantScorecard scorecard) {

  /** A status without a scorecard. */
  public PlantStatus(
      Long observedGeneration,
      PlantPhase phase,
      OnboardingMilestones onboarding,
      Integer mappedSignals,
      Integer calibrationOverrides,
      Integer siteDeployments,
      String configVersion,
      WorkloadStatus inferenceServer,
      WorkloadStatus connector,
      Long lastValidGeneration,
      PlantSpec lastValidSpec,
      List<Condition> conditions) {
    this(
        observedGeneration,
        phase,
        onboarding,
        mappedSignals,
        calibrationOverrides,
        siteDeployments,
        configVersion,
        inferenceServer,
        connector,
        lastValidGeneration,
        lastValidSpec,
        conditions,
        null);
  }
}
