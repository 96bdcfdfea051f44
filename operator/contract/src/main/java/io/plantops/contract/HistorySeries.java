package io.plantops.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The history of a set of signals over one window, read by the connector and sent to the inference
 * server to compute KPI baselines before the first advisory recommendation.
 *
 * @param plant plant name
 * @param fromMs window start, epoch milliseconds, inclusive
 * @param toMs window end, epoch milliseconds, exclusive
 * @param status {@link HistoryReadStatus#Read} only when every signal was read
 * @param reason why, when not Read
 * @param signals one entry per requested signal
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistorySeries(
    String plant,
    long fromMs,
    long toMs,
    HistoryReadStatus status,
    String reason,
    List<SignalHistory> signals) {

  public HistorySeries {
    signals = signals == null ? List.of() : List.copyOf(signals);
  }
}
