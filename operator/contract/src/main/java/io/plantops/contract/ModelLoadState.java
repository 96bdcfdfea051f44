package io.plantops.contract;

/** Where a model slot of the inference server stands with the version the config wants. */
public enum ModelLoadState {
  /** Fetching, verifying or opening the wanted version; the previous one (if any) serves. */
  Loading,
  /** The wanted version is verified and serving. */
  Loaded,
  /** The wanted version was refused; the previous one (if any) keeps serving. */
  Failed
}
