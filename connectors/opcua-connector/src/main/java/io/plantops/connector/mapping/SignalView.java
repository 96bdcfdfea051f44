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
 * @param stale true when nothing vouches for the last value any more: no value yet, its
 *     subscription silent for the staleness bound or the session lost, or older than the mapping's
 *     maximum age ({@link SignalStore})
 * @param held true when the value is not stale but no notification arrived within the signal's
 *     sampling interval: the plant reports it by exception and it has not changed
 */
public record SignalView(
    String signal,
    double value,
    Quality quality,
    long sourceTimeMs,
    long receivedAtMs,
    boolean stale,
    boolean held) {

  /** Good and not stale (fresh or held): usable by the write path. */
  public boolean usable() {
    return quality == Quality.Good && !stale && Double.isFinite(value);
  }
}
