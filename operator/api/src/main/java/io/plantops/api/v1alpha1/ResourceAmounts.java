package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** CPU and memory as Kubernetes quantities. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceAmounts(
    @JsonPropertyDescription("CPU quantity, e.g. 250m or 1.") @Pattern(Patterns.QUANTITY)
        String cpu,
    @JsonPropertyDescription("Memory quantity, e.g. 512Mi.") @Pattern(Patterns.QUANTITY)
        String memory) {}
