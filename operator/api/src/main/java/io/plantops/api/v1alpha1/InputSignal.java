package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A canonical signal a use case reads, in the shared vocabulary: its unit, valid range and how it
 * is aggregated into a feature.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputSignal(
    @JsonPropertyDescription(
            "Canonical signal name from the shared vocabulary, e.g. kiln.feed.rate. Each plant maps"
                + " its own tag onto it in a TagMapping.")
        @Required
        @Pattern(Patterns.SIGNAL)
        @Size(max = 63)
        String signal,
    @JsonPropertyDescription("What the signal measures, for the people mapping it at a plant.")
        @Size(max = 512)
        String description,
    @JsonPropertyDescription(
            "Canonical unit of the signal (plantops unit catalog, e.g. t/h, °C, %, rpm). Plants may"
                + " map a tag in any unit of the same dimension; the connector converts.")
        @Required
        @Pattern(Patterns.UNIT)
        String unit,
    @JsonPropertyDescription(
            "Physically plausible range in the canonical unit. Samples outside it are treated as"
                + " bad quality and make the use case skip its cycle.")
        @Required
        Range validRange,
    @JsonPropertyDescription("How samples in the window become one feature: Last, Mean, Min, Max.")
        @Default("Mean")
        Aggregation aggregation,
    @JsonPropertyDescription("Length of the aggregation window in seconds.")
        @Default("60")
        @Min(1)
        @Max(86400)
        Integer windowSeconds,
    @JsonPropertyDescription(
            "Slowest sampling interval, in milliseconds, at which a plant may map this signal."
                + " A TagMapping that samples slower does not cover the input.")
        @Default("10000")
        @Min(10)
        @Max(86400000)
        Integer maxSamplingIntervalMs,
    @JsonPropertyDescription(
            "Whether a plant that lacks this signal may give a declared substitute (a constant or"
                + " a CEL expression over other mapped signals) in its TagMapping instead of a tag."
                + " The SiteDeployment's status lists every substituted input.")
        @Default("false")
        Boolean substitutable) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public InputSignal {
    aggregation = aggregation == null ? Aggregation.Mean : aggregation;
    windowSeconds = windowSeconds == null ? 60 : windowSeconds;
    maxSamplingIntervalMs = maxSamplingIntervalMs == null ? 10000 : maxSamplingIntervalMs;
    substitutable = substitutable != null && substitutable;
  }

  /** An input that may not be substituted. */
  public InputSignal(
      String signal,
      String description,
      String unit,
      Range validRange,
      Aggregation aggregation,
      Integer windowSeconds,
      Integer maxSamplingIntervalMs) {
    this(
        signal,
        description,
        unit,
        validRange,
        aggregation,
        windowSeconds,
        maxSamplingIntervalMs,
        false);
  }
}
