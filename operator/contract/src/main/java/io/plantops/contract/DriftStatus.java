package io.plantops.contract;

/**
 * Drift of live inputs against a model version's training reference, ordered from best to worst.
 * The inference server measures it, the operator decides rollbacks on it and shows it in status.
 */
public enum DriftStatus {
  /** Not enough samples yet to say; counts as better than Ok. */
  Unknown,
  /** Inside the warning thresholds. */
  Ok,
  /** Beyond the warning thresholds. */
  Warn,
  /** Beyond the alert thresholds: the template's drift policy may roll back. */
  Alert;

  /** The worse of the two. */
  public DriftStatus worst(DriftStatus other) {
    return other != null && other.compareTo(this) > 0 ? other : this;
  }
}
