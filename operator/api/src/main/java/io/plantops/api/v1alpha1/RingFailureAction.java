package io.plantops.api.v1alpha1;

/** What a fleet rollout does when a ring fails its gates (drift Alert, KPI degraded). */
public enum RingFailureAction {
  /** Halt the rollout: no further ring opens; the failed ring keeps the new version. */
  Halt,
  /** Halt the rollout and return the failed ring's FollowLatest sites to the previous version. */
  RevertRing
}
