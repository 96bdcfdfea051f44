package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.util.List;

/** Observed state of a {@link TagMapping}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TagMappingStatus(
    @JsonPropertyDescription("metadata.generation this status was computed from.")
        Long observedGeneration,
    @JsonPropertyDescription("Number of entries that passed validation.") Integer mappedSignals,
    @JsonPropertyDescription("Canonical signals mapped ReadWrite (the plant's writable setpoints).")
        List<String> writableSignals,
    @JsonPropertyDescription("Entries that failed validation, each with the field and the fix.")
        List<MappingProblem> problems,
    @JsonPropertyDescription(
            "metadata.generation of the last valid spec, the one the plant runs (last known good)."
                + " Equal to metadata.generation while the mapping is valid; older while a stored"
                + " generation is invalid.")
        Long lastValidGeneration,
    @JsonPropertyDescription(
            "A copy of the last valid spec (same fields as spec, not validated again), kept while a"
                + " newer generation is invalid so that running sites (and an operator restarted"
                + " meanwhile) keep using it.")
        // a copy of spec: its schema is spec's, so it is not repeated (nor its CEL rules)
        @SchemaFrom(type = Object.class)
        @PreserveUnknownFields
        TagMappingSpec lastValidSpec,
    @JsonPropertyDescription("Standard conditions: Valid, Ready.") List<Condition> conditions) {}
