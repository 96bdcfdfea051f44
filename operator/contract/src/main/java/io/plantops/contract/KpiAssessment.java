package io.plantops.contract;

/** A KPI's change against its baseline, read in the KPI's direction. */
public enum KpiAssessment {
  /** Better than the baseline. */
  Improved,
  /** Worse than the baseline. */
  Worse,
  /** Within the noise of the baseline. */
  Unchanged,
  /** No baseline or no current value yet. */
  Unknown
}
