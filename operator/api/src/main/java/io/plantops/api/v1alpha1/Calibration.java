package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/**
 * Local tuning of a template at one plant, without forking it. Limits may only tighten the
 * template's limits; the operator checks that (the schema cannot see the template).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Calibration(
    @JsonPropertyDescription(
            "Tighter limits per output name (e.g. fuel_setpoint), in the output unit. Must lie"
                + " inside the template's limits.")
        @Size(max = 16)
        Map<String, Range> limits,
    @JsonPropertyDescription(
            "Bias added to each output (by output name) before clamping, in the output unit.")
        @Size(max = 16)
        Map<String, Double> bias,
    @JsonPropertyDescription(
            "Baseline value per KPI name, in the KPI unit: the plant's performance before the use"
                + " case. Without it the baseline is measured before the first recommendation.")
        @Size(max = 16)
        Map<String, Double> kpiBaselines,
    @JsonPropertyDescription(
            "Ask for new KPI baselines (RFC 3339, e.g. the time of a process change): a baseline"
                + " set from history or measured live before this time is dropped, the connector"
                + " reads the plant's history over the baseline window again (in any stage) and"
                + " the inference server computes a new one from it. Calibrated baselines are not"
                + " affected.")
        @Pattern(Patterns.RFC3339)
        String kpiBaselinesRequestedAt) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public Calibration {
    limits = limits == null ? Map.of() : Map.copyOf(limits);
    bias = bias == null ? Map.of() : Map.copyOf(bias);
    kpiBaselines = kpiBaselines == null ? Map.of() : Map.copyOf(kpiBaselines);
  }

  /** Tuning without a request for new baselines. */
  public Calibration(
      Map<String, Range> limits, Map<String, Double> bias, Map<String, Double> kpiBaselines) {
    this(limits, bias, kpiBaselines, null);
  }

  /** No local tuning. */
  public static Calibration none() {
    return new Calibration(null, null, null);
  }

  /** How many local overrides this calibration makes. */
  public int overrides() {
    return limits.size() + bias.size() + kpiBaselines.size();
  }
}
