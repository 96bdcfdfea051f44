package io.plantops.contract;

/** Where a KPI's baseline comes from. */
public enum BaselineSource {
  /** Given by the plant in the SiteDeployment's calibration. */
  Calibration,
  /** Measured live by the inference server before the first advisory recommendation. */
  Measured,
  /**
   * Computed by the inference server from the plant's history over the baseline window, read by the
   * connector (OPC UA HistoryRead) before the first advisory recommendation.
   */
  History
}
