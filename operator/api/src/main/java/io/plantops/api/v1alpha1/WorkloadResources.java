package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Requests and limits of one per-plant workload; unset values take the operator's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkloadResources(
    @JsonPropertyDescription("Resources the scheduler reserves.") ResourceAmounts requests,
    @JsonPropertyDescription("Resources the container may not exceed.") ResourceAmounts limits) {}
