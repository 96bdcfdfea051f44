package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A new model version scored in shadow beside the active one on the same inputs; its outputs never
 * leave as recommendations.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CandidateModel(
    @JsonPropertyDescription("Model version.") String version,
    @JsonPropertyDescription("SHA-256 of the ONNX file.") String sha256,
    @JsonPropertyDescription("Always Shadow: candidates are only ever scored in shadow.")
        Stage stage,
    @JsonPropertyDescription("When shadow scoring started (RFC 3339).") String since,
    @JsonPropertyDescription("Evaluations scored in shadow.") Long samples,
    @JsonPropertyDescription("Mean absolute difference between candidate and active outputs.")
        Double meanAbsDelta,
    @JsonPropertyDescription("Largest absolute difference between candidate and active outputs.")
        Double maxAbsDelta,
    @JsonPropertyDescription("Active model's mean absolute error against the measured target.")
        Double meanAbsErrorActive,
    @JsonPropertyDescription("Candidate's mean absolute error against the measured target.")
        Double meanAbsErrorCandidate,
    @JsonPropertyDescription("Loaded, or the reason loading was refused (e.g. DigestMismatch).")
        String loadState) {}
