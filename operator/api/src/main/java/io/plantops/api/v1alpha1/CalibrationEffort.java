package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How much local calibration a rollout needed: template values a site overrides, by kind. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CalibrationEffort(
    @JsonPropertyDescription("Output limits tightened locally (spec.calibration.limits).")
        Integer limits,
    @JsonPropertyDescription("Output biases set locally (spec.calibration.bias).") Integer biases,
    @JsonPropertyDescription("KPI baselines given locally (spec.calibration.kpiBaselines).")
        Integer baselines) {

  /** No override. */
  public static CalibrationEffort none() {
    return new CalibrationEffort(0, 0, 0);
  }

  /** The overrides of {@code c}. */
  public static CalibrationEffort of(Calibration c) {
    return new CalibrationEffort(c.limits().size(), c.bias().size(), c.kpiBaselines().size());
  }

  /** The sum of two counts. */
  public CalibrationEffort plus(CalibrationEffort o) {
    return new CalibrationEffort(limits + o.limits, biases + o.biases, baselines + o.baselines);
  }
}
