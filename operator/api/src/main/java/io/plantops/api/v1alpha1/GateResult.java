package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One promotion gate, evaluated against observed facts, so an engineer sees why it waits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GateResult(
    @JsonPropertyDescription("Gate name, e.g. minSamples, maxDriftStatus, condition.") String name,
    @JsonPropertyDescription("Whether the gate passes now.") Boolean passed,
    @JsonPropertyDescription("Observed value, e.g. 5400.") String observed,
    @JsonPropertyDescription("Required value, e.g. >= 3600.") String required,
    @JsonPropertyDescription("Explanation when it does not pass.") String message) {}
