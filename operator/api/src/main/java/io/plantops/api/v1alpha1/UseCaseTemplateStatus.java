package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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
    @JsonPropertyDescription("Standard conditions: Valid, Ready.") List<Condition> conditions) {}
