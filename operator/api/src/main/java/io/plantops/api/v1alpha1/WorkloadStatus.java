package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Readiness of one per-plant workload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkloadStatus(
    @JsonPropertyDescription("Name of the Deployment.") String deployment,
    @JsonPropertyDescription("Ready replicas / desired replicas.") String ready,
    @JsonPropertyDescription("Whether every desired replica is ready.") Boolean available) {}
