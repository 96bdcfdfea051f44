package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Guidance tags: where the HMI shows a use case's advice for one output. The connector writes the
 * advised value ({@code raw = (convert(advice, canonical unit -> unit) - offset) / scale}), and
 * optionally the top reasons as text and the advice's time as a heartbeat, in Advisory and
 * ClosedLoop only, rate-limited, audited, and withheld when an input is stale or not Good. These
 * tags are their own access role: written only as guidance, never subscribed as a signal and never
 * written as a setpoint, so their NodeIds may not appear in {@code spec.mappings}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.scale) || self.scale != 0.0", message = "scale must not be 0")
public record GuidanceMapping(
    @JsonPropertyDescription(
            "Canonical target signal of the use-case output whose advice these tags show (the"
                + " template output's signal), e.g. kiln.fuel.setpoint.")
        @Required
        @Pattern(Patterns.SIGNAL)
        @Size(max = 63)
        String signal,
    @JsonPropertyDescription(
            "OPC UA NodeId of the numeric tag that shows the advised value, e.g."
                + " ns=2;s=K1.COAL.FLOW.ADV. It must not be mapped in spec.mappings.")
        @Required
        @Pattern(Patterns.NODE_ID)
        @Size(max = 512)
        String valueNodeId,
    @JsonPropertyDescription(
            "Unit of the advice tag's value after scale and offset, from the plantops unit catalog;"
                + " the advice is converted to it from the output's canonical unit.")
        @Required
        @Pattern(Patterns.UNIT)
        String unit,
    @JsonPropertyDescription(
            "Multiplier of the raw value, as in spec.mappings: unit value = raw *"
                + " scale + offset.")
        @Default("1.0")
        Double scale,
    @JsonPropertyDescription("Added to the scaled raw value, as in spec.mappings.") @Default("0.0")
        Double offset,
    @JsonPropertyDescription(
            "Optional NodeId of a String tag that shows the top reasons of the advice (up to three"
                + " contributing signals with their effect, at most 255 characters).")
        @Pattern(Patterns.NODE_ID)
        @Size(max = 512)
        String textNodeId,
    @JsonPropertyDescription(
            "Optional NodeId of a freshness heartbeat: the time the advice was computed, written"
                + " with every guidance write (a DateTime tag gets the instant, a numeric tag the"
                + " Unix time in seconds). The HMI greys the advice out when it is older than it"
                + " tolerates; it stops moving while guidance is withheld.")
        @Pattern(Patterns.NODE_ID)
        @Size(max = 512)
        String heartbeatNodeId,
    @JsonPropertyDescription(
            "Rate limit: the connector writes these tags at most once per this many seconds;"
                + " advice arriving sooner is withheld (audited as rate_limited).")
        @Default("10")
        @Min(1)
        @Max(3600)
        Integer minIntervalSeconds,
    @JsonPropertyDescription("Local description, e.g. the HMI faceplate showing the advice.")
        @Size(max = 256)
        String description) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public GuidanceMapping {
    scale = scale == null ? 1.0 : scale;
    offset = offset == null ? 0.0 : offset;
    minIntervalSeconds = minIntervalSeconds == null ? 10 : minIntervalSeconds;
  }
}
