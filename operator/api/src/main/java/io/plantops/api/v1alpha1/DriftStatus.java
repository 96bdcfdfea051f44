package io.plantops.api.v1alpha1;

/** Drift of live inputs versus a model's training reference, in increasing severity. */
public enum DriftStatus {
  /** Not enough samples yet to say. */
  Unknown,
  Ok,
  Warn,
  Alert;

  /** The worse of two statuses; Unknown counts as better than Ok. */
  public DriftStatus worst(DriftStatus other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
