package io.plantops.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A KPI baseline and where it comes from, as the inference server computed it from a {@link
 * HistorySeries} ({@code POST /v1/history} answers a list of them).
 *
 * @param useCase use case name
 * @param kpi KPI name
 * @param value the baseline: the mean of the KPI over the window; null when none could be computed
 * @param source where it comes from
 * @param fromMs window start, epoch ms
 * @param toMs window end, epoch ms
 * @param samples KPI values the mean is over
 * @param atMs when it was computed, epoch ms
 * @param reason why there is no value, or why it was not applied (a calibrated baseline wins)
 * @param excluded samples of the KPI's inputs the history excluded (Bad, Uncertain, out of order,
 *     out of the valid range): not imputed, not in the mean
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KpiBaseline(
    String useCase,
    String kpi,
    Double value,
    BaselineSource source,
    long fromMs,
    long toMs,
    long samples,
    long atMs,
    String reason,
    long excluded) {

  /** A baseline without a count of excluded samples. */
  public KpiBaseline(
      String useCase,
      String kpi,
      Double value,
      BaselineSource source,
      long fromMs,
      long toMs,
      long samples,
      long atMs,
      String reason) {
    this(useCase, kpi, value, source, fromMs, toMs, samples, atMs, reason, 0);
  }
}
