package io.plantops.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The raw history of one canonical signal over a window, as the connector read it (OPC UA Part 11
 * ReadRaw), converted to the canonical unit by the signal's TagMapping conversion. Only Good
 * samples in time order and inside the signal's valid range are kept; the others are excluded and
 * counted, never imputed.
 *
 * @param signal canonical signal name
 * @param timesMs source timestamps of the kept samples, epoch milliseconds, strictly increasing
 * @param values kept values in the canonical unit, one per timestamp
 * @param bad samples excluded for a Bad status (or a value that is not a number)
 * @param uncertain samples excluded for an Uncertain status
 * @param unordered samples excluded for a missing timestamp or one not after the previous sample
 * @param outOfRange samples excluded for a value outside the signal's valid range
 * @param gaps spans with no sample longer than three typical sample intervals (window edges
 *     included)
 * @param missingMs total length of those spans, milliseconds
 * @param status how the read of this signal ended
 * @param reason why, when not Read
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignalHistory(
    String signal,
    long[] timesMs,
    double[] values,
    int bad,
    int uncertain,
    int unordered,
    int outOfRange,
    int gaps,
    long missingMs,
    HistoryReadStatus status,
    String reason) {

  public SignalHistory {
    timesMs = timesMs == null ? new long[0] : timesMs;
    values = values == null ? new double[0] : values;
    if (timesMs.length != values.length) {
      throw new IllegalArgumentException(
          signal + ": " + timesMs.length + " timestamps for " + values.length + " values");
    }
  }

  /** Kept samples. */
  public int good() {
    return values.length;
  }

  /** Samples excluded for any reason. */
  public int excluded() {
    return bad + uncertain + unordered + outOfRange;
  }
}
