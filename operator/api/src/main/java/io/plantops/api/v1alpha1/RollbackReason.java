package io.plantops.api.v1alpha1;

/** What made a site fall back on its own. */
public enum RollbackReason {
  /** The active model's input drift reached Alert while in ClosedLoop. */
  DriftAlert,
  /** A KPI was worse than baseline beyond the policy's bound for the policy's duration. */
  KpiDegraded,
  /** The inference server could not load the active model version. */
  ModelLoadFailed,
  /**
   * The site's rollout ring failed and the template's rollout returns it to the previous version.
   */
  RingFailed
}
