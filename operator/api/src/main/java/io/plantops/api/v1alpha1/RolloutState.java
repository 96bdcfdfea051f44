package io.plantops.api.v1alpha1;

/** Where a fleet rollout of a template's model version stands. */
public enum RolloutState {
  /** Rings open one after the other as their gates pass. */
  Progressing,
  /** spec.promotion.rollout.paused: no further ring opens until it is resumed. */
  Paused,
  /** A ring failed its gates: no further ring opens for this version. */
  Halted,
  /** Every ring is open and the last one passed its gates. */
  Complete
}
