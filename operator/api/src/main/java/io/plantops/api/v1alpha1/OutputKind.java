package io.plantops.api.v1alpha1;

/** What a model output is for. */
public enum OutputKind {
  /** A setpoint the connector may write to the plant in ClosedLoop, inside the envelope. */
  Setpoint,
  /** A predicted value (soft sensor) shown to operators; never written to the plant. */
  Prediction
}
