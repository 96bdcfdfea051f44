package io.plantops.api.v1alpha1;

/** Which way a KPI improves. */
public enum KpiDirection {
  LowerIsBetter,
  HigherIsBetter
}
