package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The distribution of one input signal in a model's training data, the reference its drift is
 * measured against at every plant.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.binFractions.size() == self.binEdges.size() + 1",
    message =
        "binFractions needs one entry per bin: below the first edge, between edges, above the"
            + " last edge (binEdges.size() + 1)")
public record SignalReference(
    @JsonPropertyDescription("Canonical signal name; must be one of the template's inputs.")
        @Required
        @Pattern(Patterns.SIGNAL)
        @Size(max = 63)
        String signal,
    @JsonPropertyDescription("Mean of the feature in the training data, canonical unit.") @Required
        Double mean,
    @JsonPropertyDescription("Standard deviation of the feature in the training data.")
        @Required
        @Min(0)
        Double stddev,
    @JsonPropertyDescription(
            "Ascending inner bin edges for the population stability index (PSI), canonical unit.")
        @Required
        @Size(min = 1, max = 63)
        List<Double> binEdges,
    @JsonPropertyDescription(
            "Fraction of training samples in each bin, binEdges.size() + 1 values summing to 1.")
        @Required
        @Size(min = 2, max = 64)
        List<Double> binFractions) {}
