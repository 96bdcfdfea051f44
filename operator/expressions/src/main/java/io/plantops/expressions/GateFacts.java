package io.plantops.expressions;

import java.util.HashMap;
import java.util.Map;

/**
 * The observed facts a promotion gate condition may use.
 *
 * @param samples evaluations scored in the current stage, or in shadow for a candidate
 * @param minutes minutes spent in the current stage, or in shadow
 * @param meanAbsDelta mean |candidate - active|, or null without a candidate
 * @param meanAbsError mean absolute error against the measured target, or null without one
 * @param driftScore largest PSI over the inputs, or null before enough samples
 * @param driftStatus Unknown, Ok, Warn or Alert
 * @param kpiChangePercent change versus baseline per KPI name (only KPIs with a value)
 */
public record GateFacts(
    long samples,
    double minutes,
    Double meanAbsDelta,
    Double meanAbsError,
    Double driftScore,
    String driftStatus,
    Map<String, Double> kpiChangePercent) {

  public GateFacts {
    kpiChangePercent = kpiChangePercent == null ? Map.of() : Map.copyOf(kpiChangePercent);
  }

  /** The facts as CEL variables; absent facts are left out (using one is an evaluation error). */
  Map<String, Object> variables() {
    Map<String, Object> v = new HashMap<>();
    v.put("samples", samples);
    v.put("minutes", minutes);
    v.put("driftStatus", driftStatus == null ? "Unknown" : driftStatus);
    v.put("kpiChangePercent", kpiChangePercent);
    if (meanAbsDelta != null) {
      v.put("meanAbsDelta", meanAbsDelta);
    }
    if (meanAbsError != null) {
      v.put("meanAbsError", meanAbsError);
    }
    if (driftScore != null) {
      v.put("driftScore", driftScore);
    }
    return v;
  }
}
