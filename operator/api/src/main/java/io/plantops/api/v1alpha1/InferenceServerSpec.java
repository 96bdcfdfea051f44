package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** Settings of the plant's inference server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceServerSpec(
    @JsonPropertyDescription(
            "Container image override; by default the operator's configured image for this"
                + " release.")
        @Size(max = 512)
        String image,
    @JsonPropertyDescription("CPU and memory requests and limits.") WorkloadResources resources) {}
