package io.plantops.simulator;

/**
 * How the simulator serves history (OPC UA Part 11) for its tags.
 *
 * @param enabled false: a server without historical access (no HistoryRead access bit on any tag,
 *     and every HistoryRead answers Bad_HistoryOperationUnsupported)
 * @param days simulated days of backfilled history before the simulator started
 * @param intervalSeconds seconds between two stored samples of a tag
 * @param maxValuesPerRead most values returned per node and HistoryRead call, whatever the client
 *     asks for in numValuesPerNode; more come back through a continuation point
 * @param maxContinuationPoints continuation points a session may hold; the oldest is dropped past
 *     this (OPC UA Part 4 §7.9)
 */
public record HistoryOptions(
    boolean enabled,
    int days,
    int intervalSeconds,
    int maxValuesPerRead,
    int maxContinuationPoints) {

  public HistoryOptions {
    if (days < 0 || days > 3650) {
      throw new IllegalArgumentException("history days must be in [0, 3650], got " + days);
    }
    if (intervalSeconds < 1 || 86_400 % intervalSeconds != 0) {
      throw new IllegalArgumentException(
          "history intervalSeconds must divide a day, got " + intervalSeconds);
    }
    if (maxValuesPerRead < 1) {
      throw new IllegalArgumentException(
          "history maxValuesPerRead must be positive, got " + maxValuesPerRead);
    }
    if (maxContinuationPoints < 1) {
      throw new IllegalArgumentException(
          "history maxContinuationPoints must be positive, got " + maxContinuationPoints);
    }
  }

  /** 30 days at one sample a minute, 1000 values per node and call. */
  public static HistoryOptions defaults() {
    return new HistoryOptions(true, 30, 60, 1000, 20);
  }

  /** A server without historical access. */
  public static HistoryOptions disabled() {
    return new HistoryOptions(false, 0, 60, 1000, 20);
  }

  /** These options with another server limit per call. */
  public HistoryOptions withMaxValuesPerRead(int max) {
    return new HistoryOptions(enabled, days, intervalSeconds, max, maxContinuationPoints);
  }

  /** These options with another length of history. */
  public HistoryOptions withDays(int d) {
    return new HistoryOptions(enabled, d, intervalSeconds, maxValuesPerRead, maxContinuationPoints);
  }
}
