package io.plantops.inference.drift;

/** Drift of an input, ordered from best to worst. */
public enum DriftStatus {
  Unknown,
  Ok,
  Warn,
  Alert;

  /** The worse of two. */
  public DriftStatus worst(DriftStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
