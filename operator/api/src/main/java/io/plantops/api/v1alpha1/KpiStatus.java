package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.KpiAssessment;

/** A KPI's current value against the plant's baseline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KpiStatus(
    @JsonPropertyDescription("KPI name from the template.") String name,
    @JsonPropertyDescription("KPI unit.") String unit,
    @JsonPropertyDescription("Baseline value.") Double baseline,
    @JsonPropertyDescription(
            "Calibration (given by the plant), Measured (live, before first advice) or History"
                + " (from the plant's history over the baseline window, before first advice).")
        BaselineSource baselineSource,
    @JsonPropertyDescription("Current value over the KPI window.") Double current,
    @JsonPropertyDescription(
            "Change of current versus baseline in percent, signed as measured (negative = lower).")
        Double changePercent,
    @JsonPropertyDescription("Improved, Worse, Unchanged or Unknown, given the KPI's direction.")
        KpiAssessment assessment,
    @JsonPropertyDescription(
            "Start of the window the baseline was computed over (RFC 3339); absent for a"
                + " calibrated baseline.")
        String baselineWindowStart,
    @JsonPropertyDescription("End of the window the baseline was computed over (RFC 3339).")
        String baselineWindowEnd,
    @JsonPropertyDescription("KPI values the baseline is the mean of.") Long baselineSamples,
    @JsonPropertyDescription("When the baseline was computed (RFC 3339).")
        String baselineComputedAt,
    @JsonPropertyDescription(
            "Why the baseline is not from the plant's history (the server keeps no history, the"
                + " read failed or timed out, the history held no usable sample): it is, or will"
                + " be, measured live.")
        String baselineNote,
    @JsonPropertyDescription(
            "Samples of the KPI's inputs the history excluded (Bad, Uncertain, out of order, out"
                + " of the valid range): not imputed, not in the baseline. History baselines only.")
        Long baselineExcluded) {

  /** A KPI without a count of excluded samples. */
  public KpiStatus(
      String name,
      String unit,
      Double baseline,
      BaselineSource baselineSource,
      Double current,
      Double changePercent,
      KpiAssessment assessment,
      String baselineWindowStart,
      String baselineWindowEnd,
      Long baselineSamples,
      String baselineComputedAt,
      String baselineNote) {
    this(
        name,
        unit,
        baseline,
        baselineSource,
        current,
        changePercent,
        assessment,
        baselineWindowStart,
        baselineWindowEnd,
        baselineSamples,
        baselineComputedAt,
        baselineNote,
        null);
  }

  /** A KPI without a note on its baseline. */
  public KpiStatus(
      String name,
      String unit,
      Double baseline,
      BaselineSource baselineSource,
      Double current,
      Double changePercent,
      KpiAssessment assessment,
      String baselineWindowStart,
      String baselineWindowEnd,
      Long baselineSamples,
      String baselineComputedAt) {
    this(
        name,
        unit,
        baseline,
        baselineSource,
        current,
        changePercent,
        assessment,
        baselineWindowStart,
        baselineWindowEnd,
        baselineSamples,
        baselineComputedAt,
        null);
  }

  /** A KPI without the baseline's provenance. */
  public KpiStatus(
      String name,
      String unit,
      Double baseline,
      BaselineSource baselineSource,
      Double current,
      Double changePercent,
      KpiAssessment assessment) {
    this(
        name,
        unit,
        baseline,
        baselineSource,
        current,
        changePercent,
        assessment,
        null,
        null,
        null,
        null);
  }
}
