package io.plantops.contract;

/** Why an evaluation cycle produced no recommendation. Counted in status and metrics. */
public enum SkipReason {
  /** No sample of an input inside its window (or the signal was never received). */
  MissingInput,
  /**
   * The connector reported the input stale (its subscription silent, its session lost, older than
   * its maxAge), or neither a sample nor a liveness report vouched for it within its staleness
   * bound.
   */
  StaleInput,
  /** The newest sample of an input has Bad quality, or most of its window is Bad. */
  BadQuality,
  /** The newest sample of an input has Uncertain quality, or most of its window is Uncertain. */
  UncertainQuality,
  /** The newest sample of an input lies outside the input's valid range, or most of its window. */
  OutOfRange,
  /** No active model version is loaded. */
  ModelNotLoaded,
  /** ONNX Runtime failed, or the model returned a non-finite value. */
  ModelError,
  /**
   * A substituted input's expression could not be evaluated this cycle (a division by zero, a
   * non-finite result); its inputs themselves were usable.
   */
  SubstituteFailed
}
