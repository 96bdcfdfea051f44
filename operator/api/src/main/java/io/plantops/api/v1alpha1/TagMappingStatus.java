package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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
    @JsonPropertyDescription("Standard conditions: Valid, Ready.") List<Condition> conditions) {}
