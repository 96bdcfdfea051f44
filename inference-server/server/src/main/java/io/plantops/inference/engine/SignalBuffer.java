package io.plantops.inference.engine;

import io.plantops.contract.Aggregation;
import io.plantops.contract.Quality;
import io.plantops.contract.SkipReason;
import io.plantops.contract.UseCaseConfig.Feature;

/**
 * The recent samples of one canonical signal, ordered by source timestamp, in fixed arrays (no
 * allocation per sample). Out-of-order samples (a replayed store-and-forward batch) are inserted in
 * place; a sample with the timestamp of one already held replaces it. The newest sample older than
 * the retention horizon is kept: under report by exception it is the value still in force.
 */
final class SignalBuffer {

  /** Samples kept per signal: two hours at 2 Hz, 280 KiB. */
  static final int CAPACITY = 16_384;

  private final long[] ts = new long[CAPACITY];
  private final double[] values = new double[CAPACITY];
  private final byte[] quality = new byte[CAPACITY];
  // ring: logical index i lives at (head + i) % CAPACITY
  private int head;
  private int size;
  private volatile long retentionMs;
  // the connector's newest liveness report: when it last vouched for the signal (0: never), and
  // whether it called the signal stale then
  private long confirmedMs;
  private boolean reportedStale;

  SignalBuffer(long retentionMs) {
    this.retentionMs = retentionMs;
  }

  void retention(long ms) {
    retentionMs = ms;
  }

  synchronized void add(long timestampMs, double value, Quality q) {
    int pos = size;
    while (pos > 0 && ts[slot(pos - 1)] > timestampMs) {
      pos--;
    }
    if (pos > 0 && ts[slot(pos - 1)] == timestampMs) {
      values[slot(pos - 1)] = value;
      quality[slot(pos - 1)] = (byte) q.ordinal();
      return;
    }
    if (size == CAPACITY) {
      if (pos == 0) {
        return; // older than everything in a full buffer
      }
      head = (head + 1) % CAPACITY;
      size--;
      pos--;
    }
    for (int i = size; i > pos; i--) {
      int to = slot(i);
      int from = slot(i - 1);
      ts[to] = ts[from];
      values[to] = values[from];
      quality[to] = quality[from];
    }
    int at = slot(pos);
    ts[at] = timestampMs;
    values[at] = value;
    quality[at] = (byte) q.ordinal();
    size++;
    long horizon = ts[slot(size - 1)] - retentionMs;
    // the oldest goes only when the next one also lies before the horizon: it is then no longer
    // the value in force at any time the windows look at
    while (size > 1 && ts[slot(1)] < horizon) {
      head = (head + 1) % CAPACITY;
      size--;
    }
  }

  private int slot(int logical) {
    int s = head + logical;
    return s >= CAPACITY ? s - CAPACITY : s;
  }

  /** The connector's liveness report at {@code nowMs}: the signal was stale, or valid and held. */
  synchronized void reported(boolean stale, long nowMs) {
    reportedStale = stale;
    if (!stale) {
      confirmedMs = Math.max(confirmedMs, nowMs);
    }
  }

  /**
   * Aggregates the window {@code (now - windowSeconds, now]} of {@code f} into {@code out[col]}.
   *
   * <p>Once the connector reports liveness for the signal, the window is read as sample and hold:
   * each sample's value is in force from its source timestamp until the next sample, the newest
   * until now, and the sample in force when the window opens counts from there. A held value is
   * valid as long as the connector vouches for it. The share of the window during which the value
   * in force was more than one sampling interval old (held, not refreshed) goes into {@code
   * held[col]}. Without liveness reports (a connector older than them) only the samples inside the
   * window count, as before.
   *
   * @return null when the value is usable, else why not
   */
  synchronized SkipReason aggregate(
      Feature f,
      long nowMs,
      long staleAfterMs,
      long samplingMs,
      double[] out,
      int col,
      double[] held) {
    if (held != null) {
      held[col] = 0;
    }
    if (confirmedMs > 0) {
      return sampleAndHold(f, nowMs, staleAfterMs, samplingMs, out, col, held);
    }
    return samplesInWindow(f, nowMs, staleAfterMs, out, col);
  }

  private SkipReason sampleAndHold(
      Feature f,
      long nowMs,
      long staleAfterMs,
      long samplingMs,
      double[] out,
      int col,
      double[] held) {
    if (reportedStale) {
      return SkipReason.StaleInput;
    }
    int newest = size - 1;
    while (newest >= 0 && ts[slot(newest)] > nowMs) {
      newest--; // ahead of this evaluation (clock skew): the next cycle uses it
    }
    if (newest < 0) {
      return SkipReason.MissingInput;
    }
    long newestTs = ts[slot(newest)];
    if (nowMs - Math.max(newestTs, confirmedMs) > staleAfterMs) {
      // neither a sample nor a liveness report vouched for it within the bound: the connector or
      // the link to it is gone
      return SkipReason.StaleInput;
    }
    long from = nowMs - f.windowSeconds() * 1000L;
    double lo = f.validMin() == null ? Double.NEGATIVE_INFINITY : f.validMin();
    double hi = f.validMax() == null ? Double.POSITIVE_INFINITY : f.validMax();
    double total = 0;
    double usable = 0;
    double bad = 0;
    double uncertain = 0;
    double outOfRange = 0;
    double heldMs = 0;
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    SkipReason newestWhy = null;
    long end = nowMs;
    for (int i = newest; i >= 0; i--) {
      int s = slot(i);
      long t = ts[s];
      long start = Math.max(t, from);
      // a sample taken at the evaluation instant still counts, with the smallest weight
      double weight = Math.max(1, end - start);
      heldMs += Math.max(0, end - Math.max(start, t + samplingMs));
      double v = values[s];
      byte q = quality[s];
      SkipReason why = null;
      if (q == BAD) {
        bad += weight;
        why = SkipReason.BadQuality;
      } else if (q == UNCERTAIN) {
        uncertain += weight;
        why = SkipReason.UncertainQuality;
      } else if (v < lo || v > hi) {
        outOfRange += weight;
        why = SkipReason.OutOfRange;
      } else {
        usable += weight;
        sum += v * weight;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      if (i == newest) {
        newestWhy = why;
      }
      total += weight;
      if (t <= from) {
        break; // this sample was in force when the window opened
      }
      end = t;
    }
    if (held != null) {
      held[col] = Math.min(1.0, heldMs / Math.max(1, nowMs - from));
    }
    if (newestWhy != null) {
      return newestWhy;
    }
    if (usable * 2 < total) {
      // most of the window is unusable: a mean of the rest would misrepresent it
      if (bad >= uncertain && bad >= outOfRange) {
        return SkipReason.BadQuality;
      }
      return uncertain >= outOfRange ? SkipReason.UncertainQuality : SkipReason.OutOfRange;
    }
    out[col] =
        switch (f.aggregation()) {
          case Last -> values[slot(newest)];
          case Mean -> sum / usable;
          case Min -> min;
          case Max -> max;
        };
    return null;
  }

  private SkipReason samplesInWindow(
      Feature f, long nowMs, long staleAfterMs, double[] out, int col) {
    long from = nowMs - f.windowSeconds() * 1000L;
    double lo = f.validMin() == null ? Double.NEGATIVE_INFINITY : f.validMin();
    double hi = f.validMax() == null ? Double.POSITIVE_INFINITY : f.validMax();
    int total = 0;
    int usable = 0;
    int bad = 0;
    int uncertain = 0;
    int outOfRange = 0;
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double last = Double.NaN;
    SkipReason newest = null;
    long newestTs = Long.MIN_VALUE;
    for (int i = size - 1; i >= 0; i--) {
      int s = slot(i);
      long t = ts[s];
      if (t <= from) {
        break;
      }
      if (t > nowMs) {
        continue; // ahead of this evaluation (clock skew): the next cycle uses it
      }
      double v = values[s];
      byte q = quality[s];
      SkipReason why = null;
      if (q == BAD) {
        bad++;
        why = SkipReason.BadQuality;
      } else if (q == UNCERTAIN) {
        uncertain++;
        why = SkipReason.UncertainQuality;
      } else if (v < lo || v > hi) {
        outOfRange++;
        why = SkipReason.OutOfRange;
      } else {
        if (usable == 0) {
          last = v;
        }
        usable++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      if (total == 0) {
        newest = why;
        newestTs = t;
      }
      total++;
    }
    if (total == 0) {
      return SkipReason.MissingInput;
    }
    if (newest != null) {
      return newest;
    }
    if (f.aggregation() != Aggregation.Last && nowMs - newestTs > staleAfterMs) {
      return SkipReason.StaleInput;
    }
    if (usable * 2 < total) {
      // most of the window is unusable: a mean of the rest would misrepresent it
      if (bad >= uncertain && bad >= outOfRange) {
        return SkipReason.BadQuality;
      }
      return uncertain >= outOfRange ? SkipReason.UncertainQuality : SkipReason.OutOfRange;
    }
    out[col] =
        switch (f.aggregation()) {
          case Last -> last;
          case Mean -> sum / usable;
          case Min -> min;
          case Max -> max;
        };
    return null;
  }

  /**
   * The newest usable (Good, within range) sample after {@code afterMs}, as {timestamp, value}, or
   * null.
   */
  synchronized double[] newestGoodAfter(long afterMs, Double validMin, Double validMax) {
    for (int i = size - 1; i >= 0; i--) {
      int s = slot(i);
      if (ts[s] <= afterMs) {
        return null;
      }
      double v = values[s];
      if (quality[s] == GOOD
          && (validMin == null || v >= validMin)
          && (validMax == null || v <= validMax)) {
        return new double[] {ts[s], v};
      }
    }
    return null;
  }

  synchronized int size() {
    return size;
  }

  private static final byte GOOD = (byte) Quality.Good.ordinal();
  private static final byte UNCERTAIN = (byte) Quality.Uncertain.ordinal();
  private static final byte BAD = (byte) Quality.Bad.ordinal();
}
