package io.plantops.contract;

/** How the samples in a window become one feature value. */
public enum Aggregation {
  Last,
  Mean,
  Min,
  Max
}
