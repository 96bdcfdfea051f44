package io.plantops.connector.opcua;

import io.plantops.contract.HistoryReadStatus;
import io.plantops.contract.SignalHistory;
import java.time.Instant;
import java.util.Arrays;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/** The history of one signal as its pages arrive: what is kept, what is excluded and why. */
final class SeriesBuilder {

  /** A span without any sample longer than this many typical intervals is a gap. */
  static final int GAP_INTERVALS = 3;

  private final HistoryReader.Signal signal;
  private final long fromMs;
  private final long toMs;
  private long[] times = new long[256];
  private double[] values = new double[256];
  private int kept;
  // timestamps of every sample in order, whatever its quality: the spans between them are gaps
  private long[] seen = new long[256];
  private int seenCount;
  private long last = Long.MIN_VALUE;
  private int bad;
  private int uncertain;
  private int unordered;
  private int outOfRange;
  private HistoryReadStatus status = HistoryReadStatus.Read;
  private String reason;

  SeriesBuilder(HistoryReader.Signal signal, Instant from, Instant to) {
    this.signal = signal;
    this.fromMs = from.toEpochMilli();
    this.toMs = to.toEpochMilli();
  }

  void add(HistoryCall.NodeResult result) {
    StatusCode code = result.status();
    if (code.isBad()) {
      long v = code.value() & 0xFFFF0000L;
      if (v == StatusCodes.Bad_HistoryOperationUnsupported
          || v == StatusCodes.Bad_NotReadable
          || v == StatusCodes.Bad_UserAccessDenied) {
        stop(HistoryReadStatus.NoHistory, "the server answered " + code);
      } else {
        stop(HistoryReadStatus.Failed, "the server answered " + code);
      }
      return;
    }
    for (DataValue dv : result.values()) {
      add(dv);
    }
  }

  private void add(DataValue dv) {
    DateTime time = dv.sourceTime() != null ? dv.sourceTime() : dv.serverTime();
    if (time == null || time.isNull()) {
      unordered++;
      return;
    }
    long t = time.getJavaInstant().toEpochMilli();
    if (t <= last) {
      unordered++;
      return;
    }
    last = t;
    seen = grow(seen, seenCount);
    seen[seenCount++] = t;
    StatusCode code = dv.statusCode() == null ? StatusCode.GOOD : dv.statusCode();
    Object raw = dv.value() == null ? null : dv.value().value();
    if (code.isBad() || !(raw instanceof Number number)) {
      bad++;
      return;
    }
    if (code.isUncertain()) {
      uncertain++;
      return;
    }
    double canonical = signal.toCanonical().apply(number.doubleValue());
    if (!Double.isFinite(canonical)
        || (signal.validMin() != null && canonical < signal.validMin())
        || (signal.validMax() != null && canonical > signal.validMax())) {
      outOfRange++;
      return;
    }
    times = grow(times, kept);
    if (values.length == kept) {
      values = Arrays.copyOf(values, kept * 2);
    }
    times[kept] = t;
    values[kept] = canonical;
    kept++;
  }

  private static long[] grow(long[] a, int n) {
    return a.length == n ? Arrays.copyOf(a, n * 2) : a;
  }

  private void stop(HistoryReadStatus s, String why) {
    status = s;
    reason = why;
  }

  /** True once the read of this signal cannot go on. */
  boolean done() {
    return status != HistoryReadStatus.Read;
  }

  /** Marks the read failed when more than {@code max} values were kept. */
  boolean tooMany(int max) {
    if (kept > max && !done()) {
      stop(HistoryReadStatus.Failed, "more than " + max + " values in the window");
    }
    return done();
  }

  SignalHistory build() {
    if (done()) {
      return new SignalHistory(
          signal.name(), null, null, bad, uncertain, unordered, outOfRange, 0, 0, status, reason);
    }
    int gaps = 0;
    long missing = 0;
    if (seenCount == 0) {
      gaps = 1;
      missing = toMs - fromMs;
    } else {
      long typical = typicalInterval();
      long limit = typical * GAP_INTERVALS;
      long previous = fromMs;
      for (int i = 0; i <= seenCount; i++) {
        long t = i < seenCount ? seen[i] : toMs;
        long span = t - previous;
        // the window's edges count as samples: a window that starts or ends in a gap has one
        if (typical > 0 && span > limit) {
          gaps++;
          missing += span - typical;
        }
        previous = t;
      }
    }
    return new SignalHistory(
        signal.name(),
        Arrays.copyOf(times, kept),
        Arrays.copyOf(values, kept),
        bad,
        uncertain,
        unordered,
        outOfRange,
        gaps,
        missing,
        HistoryReadStatus.Read,
        null);
  }

  /** Median spacing of the samples seen, 0 with fewer than two. */
  private long typicalInterval() {
    if (seenCount < 2) {
      return 0;
    }
    long[] d = new long[seenCount - 1];
    for (int i = 1; i < seenCount; i++) {
      d[i - 1] = seen[i] - seen[i - 1];
    }
    Arrays.sort(d);
    return d[d.length / 2];
  }
}
