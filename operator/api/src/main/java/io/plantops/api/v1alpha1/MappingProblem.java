package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One entry of a TagMapping that the operator could not accept, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MappingProblem(
    @JsonPropertyDescription("Canonical signal of the entry.") String signal,
    @JsonPropertyDescription("Path of the offending field, e.g. spec.mappings[3].unit.")
        String field,
    @JsonPropertyDescription("What is wrong and how to fix it.") String message) {}
