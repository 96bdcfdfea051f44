package io.plantops.inference.engine;

import io.plantops.contract.Recommendation.OutputValue;
import io.plantops.contract.UseCaseConfig.Output;

/**
 * The plant's calibration of one output: its bias, then a clamp to the effective limits (already
 * calibrated inside the template's limits by the operator; the template's limits when the plant set
 * none). The connector enforces the envelope again before any write.
 */
public final class Calibration {

  private Calibration() {}

  /** Bias then clamp. */
  public static double apply(Output o, double raw) {
    double v = raw + o.bias();
    double lo = lower(o);
    double hi = upper(o);
    return v < lo ? lo : (v > hi ? hi : v);
  }

  /** The recommendation's output value: calibrated value and the raw model output. */
  public static OutputValue value(Output o, double raw) {
    double v = apply(o, raw);
    return new OutputValue(o.name(), o.signal(), o.unit(), v, raw, v != raw + o.bias());
  }

  static double lower(Output o) {
    if (o.min() != null) {
      return o.min();
    }
    return o.templateMin() == null ? Double.NEGATIVE_INFINITY : o.templateMin();
  }

  static double upper(Output o) {
    if (o.max() != null) {
      return o.max();
    }
    return o.templateMax() == null ? Double.POSITIVE_INFINITY : o.templateMax();
  }
}
