package io.plantops.api.v1alpha1;

/** How the samples of one input signal inside its window become one model feature. */
public enum Aggregation {
  /** The most recent sample in the window. */
  Last,
  /** The arithmetic mean of the samples in the window. */
  Mean,
  /** The smallest sample in the window. */
  Min,
  /** The largest sample in the window. */
  Max
}
