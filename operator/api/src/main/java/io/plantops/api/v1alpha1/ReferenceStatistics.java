package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Statistics of a model version's training data, the baseline for drift detection. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferenceStatistics(
    @JsonPropertyDescription("Number of training samples the statistics were computed from.")
        @Required
        @Min(1)
        Long sampleCount,
    @JsonPropertyDescription("Where the training data came from (plants, period, simulator).")
        @Size(max = 512)
        String source,
    @JsonPropertyDescription("Per-input reference distributions.") @Required @Size(max = 128)
        List<SignalReference> signals) {}
