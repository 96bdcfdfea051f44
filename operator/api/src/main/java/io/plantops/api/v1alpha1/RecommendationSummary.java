package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** The most recent recommendation of the active model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecommendationSummary(
    @JsonPropertyDescription("When it was produced (RFC 3339).") String at,
    @JsonPropertyDescription("Model version that produced it.") String modelVersion,
    @JsonPropertyDescription("Output values by output name, after bias and clamping.")
        Map<String, Double> outputs,
    @JsonPropertyDescription("Input signals that contributed most, largest first.")
        List<String> topContributors) {}
