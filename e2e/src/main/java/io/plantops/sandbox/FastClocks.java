package io.plantops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The example templates with their clocks shortened, so that a promotion from Shadow to ClosedLoop
 * can be watched in minutes ({@code ./sandbox --fast}) and tested in minutes (the end-to-end
 * tests). Limits, calibration, approvals required and the safety envelope are untouched; what
 * changes is only how long things take, and what cannot be measured in minutes:
 *
 * <ul>
 *   <li>a 1 s evaluation cadence instead of 60 s;
 *   <li>gates of 5 samples and no minimum duration; the KPI, condition and agreement gates are
 *       removed (the simulated operators do not follow advice, and a KPI over a few minutes says
 *       little) and the drift gate allows Warn;
 *   <li>drift decided after 30 evaluations by the mean-shift detector alone: PSI compares a day of
 *       evaluations with a 14-day reference, and over a minute of 1 s evaluations of 5-minute means
 *       it is noise. The mean-shift thresholds sit above what closed-loop control itself shifts in
 *       a few minutes (about one standard deviation of fuel flow) and far below a sensor fault of
 *       many standard deviations;
 *   <li>approvals valid for ten years, since the examples carry real dates;
 *   <li>setpoint ramps of 2 units a minute, so that an effect shows within a minute.
 * </ul>
 */
public final class FastClocks {

  private FastClocks() {}

  /** Rewrites a UseCaseTemplate's spec in place. */
  public static void apply(ObjectNode spec) {
    spec.put("cadenceSeconds", 1);
    ObjectNode drift =
        spec.path("drift").isObject() ? (ObjectNode) spec.get("drift") : spec.putObject("drift");
    drift.put("minSamples", 30);
    drift.put("psiWarn", 100.0);
    drift.put("psiAlert", 200.0);
    drift.put("meanShiftWarn", 400.0);
    drift.put("meanShiftAlert", 500.0);
    for (JsonNode output : spec.path("outputs")) {
      if (output.has("maxRatePerMinute")) {
        ((ObjectNode) output).put("maxRatePerMinute", 2.0);
      }
    }
    JsonNode promotion = spec.path("promotion");
    if (!promotion.isObject()) {
      return;
    }
    ((ObjectNode) promotion).put("approvalMaxAgeDays", 3650);
    for (JsonNode stage : promotion.path("stages")) {
      relax(stage.path("gates"));
    }
    relax(promotion.path("versionUpdate").path("gates"));
  }

  private static void relax(JsonNode node) {
    if (!(node instanceof ObjectNode gates) || gates.isEmpty()) {
      return;
    }
    gates.put("minSamples", 5);
    gates.put("minMinutes", 0);
    gates.remove("maxKpiDegradationPercent");
    gates.remove("condition");
    gates.remove("maxMeanAbsDelta");
    gates.remove("maxMeanAbsError");
    if (gates.has("maxDriftStatus")) {
      gates.put("maxDriftStatus", "Warn");
    }
  }
}
