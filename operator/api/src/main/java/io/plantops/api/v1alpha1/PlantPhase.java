package io.plantops.api.v1alpha1;

/** Lifecycle of a plant as the operator sees it. */
public enum PlantPhase {
  /** Registered; workloads not created yet or not ready. */
  Pending,
  /** Workloads run; not every milestone up to first valid inference is reached. */
  Onboarding,
  /** Workloads ready, data flowing, at least one valid inference. */
  Ready,
  /** Something that worked stopped working (workload down, connector disconnected). */
  Degraded
}
