package io.plantops.connector.mapping;

import io.plantops.contract.Quality;

/**
 * What the connector currently knows of one signal.
 *
 * @param signal canonical name
 * @param value last canonical value (NaN when none)
 * @param quality last quality (Bad when never received)
 * @param sourceTimeMs source timestamp of the last sample, 0 when none
 * @param receivedAtMs when the last sample arrived, 0 when none
 * @param stale true when no sample arrived for the signal's staleness window
 */
public record SignalView(
    String signal,
    double value,
    Quality quality,
    long sourceTimeMs,
    long receivedAtMs,
    boolean stale) {

  /** Good and fresh: usable by the write path. */
  public boolean usable() {
    return quality == Quality.Good && !stale && Double.isFinite(value);
  }
}
