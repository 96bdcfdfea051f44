package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.util.List;

/**
 * Observed state of a {@link UseCaseTemplate}: whether it is valid, and the fleet view that answers
 * "are the required signals available in most plants?".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UseCaseTemplateStatus(
    @JsonPropertyDescription("metadata.generation this status was computed from.")
        Long observedGeneration,
    @JsonPropertyDescription("Highest model version in spec.models.") String latestVersion,
    @JsonPropertyDescription("Number of SiteDeployments of this template.") Integer plants,
    @JsonPropertyDescription("How many of them have every signal mapped.") Integer plantsCovered,
    @JsonPropertyDescription(
            "Coverage summary for printing, e.g. 3/4 (plants covered / plants deployed).")
        String coverage,
    @JsonPropertyDescription("Per-plant view of the template's deployments.")
        List<FleetEntry> fleet,
    @JsonPropertyDescription(
            "Whether the corporate team should retrain, and why (drift alert at a plant, model"
                + " age).")
        String retrainingDue,
    @JsonPropertyDescription(
            "metadata.generation of the last valid spec, the one the fleet runs (last known good)."
                + " Equal to metadata.generation while the template is valid; older while a stored"
                + " generation is invalid.")
        Long lastValidGeneration,
    @JsonPropertyDescription(
            "A copy of the last valid spec (same fields as spec, not validated again), kept while a"
                + " newer generation is invalid so that running sites (and an operator restarted"
                + " meanwhile) keep using it.")
        // a copy of spec: its schema is spec's, so it is not repeated (nor its CEL rules)
        @SchemaFrom(type = Object.class)
        @PreserveUnknownFields
        UseCaseTemplateSpec lastValidSpec,
    @JsonPropertyDescription("Standard conditions: Valid, Ready, Rollout.")
        List<Condition> conditions,
    @JsonPropertyDescription(
            "The fleet rollout of the latest model version, ring by ring, when the promotion"
                + " policy declares one.")
        RolloutStatus rollout,
    @JsonPropertyDescription(
            "The repeatability scorecard of the template's sites, aggregated (docs/scorecard.md).")
        TemplateScorecard scorecard) {

  /** A status without a scorecard. */
  public UseCaseTemplateStatus(
      Long observedGeneration,
      String latestVersion,
      Integer plants,
      Integer plantsCovered,
      String coverage,
      List<FleetEntry> fleet,
      String retrainingDue,
      Long lastValidGeneration,
      UseCaseTemplateSpec lastValidSpec,
      List<Condition> conditions,
      RolloutStatus rollout) {
    this(
        observedGeneration,
        latestVersion,
        plants,
        plantsCovered,
        coverage,
        fleet,
        retrainingDue,
        lastValidGeneration,
        lastValidSpec,
        conditions,
        rollout,
        null);
  }

  /** A status without a fleet rollout. */
  public UseCaseTemplateStatus(
      Long observedGeneration,
      String latestVersion,
      Integer plants,
      Integer plantsCovered,
      String coverage,
      List<FleetEntry> fleet,
      String retrainingDue,
      Long lastValidGeneration,
      UseCaseTemplateSpec lastValidSpec,
      List<Condition> conditions) {
    this(
        observedGeneration,
        latestVersion,
        plants,
        plantsCovered,
        coverage,
        fleet,
        retrainingDue,
        lastValidGeneration,
        lastValidSpec,
        conditions,
        null);
  }
}
