package io.plantops.inference.engine;

/**
 * Pairs measured target values (a lab analysis, arriving late with the timestamp of when the sample
 * was taken) with the predictions made closest to that time.
 *
 * <p>Each evaluation records {time, active, candidate}. When a Good measured sample newer than the
 * last paired one appears, it is paired with the recorded prediction nearest its timestamp, if one
 * lies within {@code toleranceMs}; each measured sample is used once. The history holds {@link
 * #CAPACITY} predictions (8.5 h at a 60 s cadence), enough for a lab result that arrives hours
 * after its sample.
 */
final class TargetPairing {

  static final int CAPACITY = 512;

  private final long[] ts = new long[CAPACITY];
  private final double[] active = new double[CAPACITY];
  private final double[] candidate = new double[CAPACITY];
  private int next;
  private int size;
  private long lastPairedMs = Long.MIN_VALUE;

  /** Records one evaluation (candidate NaN without a candidate). */
  void record(long timeMs, double activeValue, double candidateValue) {
    ts[next] = timeMs;
    active[next] = activeValue;
    candidate[next] = candidateValue;
    next = (next + 1) % CAPACITY;
    size = Math.min(size + 1, CAPACITY);
  }

  long lastPairedMs() {
    return lastPairedMs;
  }

  /**
   * The prediction for a measured sample taken at {@code sampleMs}: {active, candidate}, or null
   * when none was made within {@code toleranceMs}. Marks the sample as used either way. The third
   * value is the prediction time.
   */
  double[] pair(long sampleMs, long toleranceMs) {
    lastPairedMs = Math.max(lastPairedMs, sampleMs);
    int best = -1;
    long bestGap = Long.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      long gap = Math.abs(ts[i] - sampleMs);
      if (gap < bestGap) {
        bestGap = gap;
        best = i;
      }
    }
    if (best < 0 || bestGap > toleranceMs) {
      return null;
    }
    return new double[] {active[best], candidate[best], ts[best]};
  }
}
