package io.plantops.connector.mapping;

import io.plantops.contract.Quality;
import io.plantops.contract.rules.Staleness;
import io.plantops.contract.units.LinearConversion;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The mapping hot path and the live state of every signal.
 *
 * <p>{@link #accept} turns one OPC UA notification into a canonical sample: decode the raw number,
 * one multiply-add for scale, offset and unit conversion, quality from the status code's severity
 * bits, source timestamp kept. The sample goes into a bounded ring (primitive arrays, no
 * allocation) that the delivery side drains in batches, and the signal's last value, quality and
 * arrival time are updated for staleness and for the write path.
 *
 * <p>A signal is stale by the project's one {@link Staleness} rule, applied to the time its newest
 * sample arrived and to its sampling interval (the larger of the requested and the server-revised
 * interval, OPC UA Part 4 §5.12.1.2), or when nothing arrived at all since the connector started.
 */
public final class SignalStore {

  private static final byte BAD = (byte) Quality.Bad.ordinal();

  private final SignalTable table;
  private final Staleness staleness;
  private final double[] factor;
  private final double[] offset;
  private final long[] intervalMs;

  private final double[] value;
  private final byte[] quality;
  private final long[] sourceMs;
  private final long[] receivedMs;

  private final int capacity;
  private final int[] ringIndex;
  private final long[] ringTime;
  private final double[] ringValue;
  private final byte[] ringQuality;
  private int head;
  private int size;

  private long notifications;
  private long dropped;
  private final long[] errors = new long[MappingError.values().length];
  private long lastNotificationMs;
  private final Runnable halfFull;

  /**
   * A store for {@code table}.
   *
   * @param staleness when a signal is stale (the connector reads the plant: no delivery allowance)
   * @param capacity samples the ring holds before the oldest undrained one is dropped
   * @param halfFull called (under the store's lock, so it must not block) when the ring reaches
   *     half its capacity, to wake the drainer early
   */
  public SignalStore(SignalTable table, Staleness staleness, int capacity, Runnable halfFull) {
    this.table = table;
    this.staleness = staleness;
    int n = table.size();
    this.factor = new double[n];
    this.offset = new double[n];
    this.intervalMs = new long[n];
    this.value = new double[n];
    this.quality = new byte[n];
    this.sourceMs = new long[n];
    this.receivedMs = new long[n];
    for (SignalTable.Entry e : table.entries()) {
      factor[e.index()] = e.toCanonical().factor();
      offset[e.index()] = e.toCanonical().offset();
      intervalMs[e.index()] = e.mapping().samplingIntervalMs();
      value[e.index()] = Double.NaN;
      quality[e.index()] = (byte) Quality.Bad.ordinal();
    }
    this.capacity = capacity;
    this.ringIndex = new int[capacity];
    this.ringTime = new long[capacity];
    this.ringValue = new double[capacity];
    this.ringQuality = new byte[capacity];
    this.halfFull = halfFull;
  }

  /** The signals this store maps. */
  public SignalTable table() {
    return table;
  }

  /**
   * Maps one notification.
   *
   * @param index the signal's index in the table
   * @param raw the Variant's value: a boxed number, a boolean, null or anything else
   * @param statusCode the DataValue's StatusCode
   * @param sourceTimeMs source timestamp (epoch ms)
   * @param nowMs arrival time (epoch ms)
   */
  public synchronized void accept(
      int index, Object raw, long statusCode, long sourceTimeMs, long nowMs) {
    notifications++;
    lastNotificationMs = nowMs;
    byte q = Qualities.of(statusCode);
    double r;
    if (raw instanceof Double d) {
      r = d;
    } else if (raw instanceof Float f) {
      r = f;
    } else if (raw instanceof Number n) {
      r = n.doubleValue();
    } else if (raw instanceof Boolean b) {
      r = b ? 1.0 : 0.0;
    } else if (raw == null) {
      r = Double.NaN;
      if (q != BAD) {
        errors[MappingError.NULL_VALUE.ordinal()]++;
        q = BAD;
      }
    } else {
      r = Double.NaN;
      errors[MappingError.UNSUPPORTED_TYPE.ordinal()]++;
      q = BAD;
    }
    if (q != BAD && !Double.isFinite(r)) {
      errors[MappingError.NOT_FINITE.ordinal()]++;
      q = BAD;
    }
    double canonical = r * factor[index] + offset[index];
    value[index] = canonical;
    quality[index] = q;
    sourceMs[index] = sourceTimeMs;
    receivedMs[index] = nowMs;
    int slot;
    if (size == capacity) {
      // the drainer is behind: the oldest undrained sample goes, and is counted
      dropped++;
      slot = head;
      head = head + 1 == capacity ? 0 : head + 1;
    } else {
      slot = head + size;
      if (slot >= capacity) {
        slot -= capacity;
      }
      size++;
      if (size == capacity >> 1) {
        halfFull.run();
      }
    }
    ringIndex[slot] = index;
    ringTime[slot] = sourceTimeMs;
    ringValue[slot] = canonical;
    ringQuality[slot] = q;
  }

  /** Counts a notification for an item that maps to no signal. */
  public synchronized void unknownItem() {
    errors[MappingError.UNKNOWN_ITEM.ordinal()]++;
  }

  /**
   * Converts the signal's raw values with {@code rawToCanonical} from now on instead of the table's
   * conversion: the server reports the values in another unit than the mapping says, and the
   * catalogue converts it (see {@code ServerUnits}). {@code null} goes back to the table's.
   */
  public synchronized void convertRaw(int index, LinearConversion rawToCanonical) {
    LinearConversion c = rawToCanonical == null ? table.get(index).toCanonical() : rawToCanonical;
    factor[index] = c.factor();
    offset[index] = c.offset();
  }

  /** The conversion in force for a signal's raw values: the table's unless replaced. */
  public synchronized LinearConversion toCanonical(int index) {
    return new LinearConversion(factor[index], offset[index]);
  }

  /** Records the sampling interval the server revised a signal's item to. */
  public synchronized void revisedInterval(int index, double revisedMs) {
    long requested = table.get(index).mapping().samplingIntervalMs();
    intervalMs[index] = Math.max(requested, (long) Math.ceil(revisedMs));
  }

  /**
   * Moves up to {@code into.capacity()} samples, oldest first, into {@code into}; returns how many.
   */
  public synchronized int drain(SampleChunk into) {
    int n = Math.min(size, into.capacity());
    int first = Math.min(n, capacity - head);
    System.arraycopy(ringIndex, head, into.index, 0, first);
    System.arraycopy(ringTime, head, into.time, 0, first);
    System.arraycopy(ringValue, head, into.value, 0, first);
    System.arraycopy(ringQuality, head, into.quality, 0, first);
    if (n > first) {
      System.arraycopy(ringIndex, 0, into.index, first, n - first);
      System.arraycopy(ringTime, 0, into.time, first, n - first);
      System.arraycopy(ringValue, 0, into.value, first, n - first);
      System.arraycopy(ringQuality, 0, into.quality, first, n - first);
    }
    head = (head + n) % capacity;
    size -= n;
    into.size = n;
    return n;
  }

  /** The current view of a signal. */
  public synchronized SignalView view(int index, long nowMs) {
    return new SignalView(
        table.name(index),
        value[index],
        Qualities.quality(quality[index]),
        sourceMs[index],
        receivedMs[index],
        stale(index, nowMs));
  }

  /** The canonical value of {@code signal} while it is usable (Good and fresh), else empty. */
  public OptionalDouble usableValue(String signal, long nowMs) {
    return table
        .byName(signal)
        .map(e -> view(e.index(), nowMs))
        .filter(SignalView::usable)
        .map(v -> OptionalDouble.of(v.value()))
        .orElse(OptionalDouble.empty());
  }

  private boolean stale(int index, long nowMs) {
    return receivedMs[index] == 0 || staleness.isStale(receivedMs[index], nowMs, intervalMs[index]);
  }

  /** Canonical names of the stale signals. */
  public synchronized List<String> staleSignals(long nowMs) {
    List<String> result = new ArrayList<>();
    for (int i = 0; i < value.length; i++) {
      if (stale(i, nowMs)) {
        result.add(table.name(i));
      }
    }
    return result;
  }

  /** Notifications mapped since start. */
  public synchronized long notifications() {
    return notifications;
  }

  /** Arrival time of the newest notification, 0 when none. */
  public synchronized long lastNotificationMs() {
    return lastNotificationMs;
  }

  /** Samples dropped because the ring was full. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Mapping errors of one kind since start. */
  public synchronized long errors(MappingError kind) {
    return errors[kind.ordinal()];
  }

  /** Samples waiting to be drained. */
  public synchronized int pending() {
    return size;
  }

  /** A reusable block of drained samples (struct of arrays). */
  public static final class SampleChunk {
    final int[] index;
    final long[] time;
    final double[] value;
    final byte[] quality;
    int size;

    public SampleChunk(int capacity) {
      index = new int[capacity];
      time = new long[capacity];
      value = new double[capacity];
      quality = new byte[capacity];
    }

    public int capacity() {
      return index.length;
    }

    public int size() {
      return size;
    }

    public int index(int i) {
      return index[i];
    }

    public long time(int i) {
      return time[i];
    }

    public double value(int i) {
      return value[i];
    }

    public byte quality(int i) {
      return quality[i];
    }
  }
}
