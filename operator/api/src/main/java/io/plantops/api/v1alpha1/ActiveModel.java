package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The model version whose outputs leave the inference server as recommendations. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActiveModel(
    @JsonPropertyDescription("Model version.") String version,
    @JsonPropertyDescription("SHA-256 of the loaded ONNX file.") String sha256,
    @JsonPropertyDescription("When it became active (RFC 3339).") String since) {}
