package io.plantops.contract;

/** Where a KPI's baseline comes from. */
public enum BaselineSource {
  /** Given by the plant in the SiteDeployment's calibration. */
  Calibration,
  /** Measured live by the inference server before the first advisory recommendation. */
  Measured
}
