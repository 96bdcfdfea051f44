package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How many SiteDeployments of a template stand in one phase in one rollout ring. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageCount(
    @JsonPropertyDescription("Rollout ring of the sites' Plant.") Integer ring,
    @JsonPropertyDescription("Live phase of the sites.") Phase phase,
    @JsonPropertyDescription("Number of sites.") Integer sites) {}
