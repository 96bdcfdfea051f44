package io.plantops.connector.mapping;

import io.plantops.contract.Quality;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.rules.Staleness;
import io.plantops.contract.units.LinearConversion;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>OPC UA reports by exception: a value that does not change produces no notification, so a
 * signal's last value holds until a notification replaces it. Whether it is still the plant's value
 * comes from the health of the subscription that monitors it, by the project's one {@link
 * Staleness} rule: a signal is <em>stale</em> when it has no value yet, when it is not monitored by
 * a subscription (none yet, or the session was lost and no publish response came since), when its
 * subscription has sent no publish response (data or keep-alive) for {@code staleAfterIntervals} of
 * its revised keep-alive periods, or when its mapping sets a maximum age and its newest source
 * timestamp is older. A signal that is not stale is <em>fresh</em> when a notification arrived
 * within its sampling interval (the larger of the requested and the server-revised one, Part 4
 * §5.12.1.2), else <em>held</em>. Its quality is that of its last status: a Bad status makes it bad
 * at once.
 */
public final class SignalStore {

  private static final byte BAD = (byte) Quality.Bad.ordinal();

  private final SignalTable table;
  private final Staleness staleness;
  private final double[] factor;
  private final double[] offset;
  private final long[] intervalMs;
  private final long[] maxAgeMs;
  private final String[] rawUnit;
  private final int[] subscriptionOf;
  private long[] lastPublishMs = new long[4];
  private long[] keepAlivePeriodMs = new long[4];
  private int subscriptions;

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
    this.maxAgeMs = new long[n];
    this.rawUnit = new String[n];
    this.subscriptionOf = new int[n];
    Arrays.fill(subscriptionOf, -1);
    this.value = new double[n];
    this.quality = new byte[n];
    this.sourceMs = new long[n];
    this.receivedMs = new long[n];
    for (SignalTable.Entry e : table.entries()) {
      factor[e.index()] = e.toCanonical().factor();
      offset[e.index()] = e.toCanonical().offset();
      intervalMs[e.index()] = e.mapping().samplingIntervalMs();
      Long maxAge = e.mapping().maxAgeMs();
      maxAgeMs[e.index()] = maxAge == null ? 0 : maxAge;
      rawUnit[e.index()] = mappedRawUnit(e.mapping());
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
    int sub = subscriptionOf[index];
    if (sub >= 0) {
      // a notification is a publish response of its subscription
      lastPublishMs[sub] = nowMs;
    }
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
    rawUnit[index] = mappedRawUnit(table.get(index).mapping());
  }

  /**
   * Records that the signal's raw values (what is read from and written to its node) are in {@code
   * unit}, as the server's EngineeringUnits say; see {@link #rawUnit}.
   */
  public synchronized void rawUnit(int index, String unit) {
    rawUnit[index] = unit;
  }

  /**
   * The unit of the signal's raw node values, for the audit log: the server's unit when its
   * EngineeringUnits resolved, else the mapping's unit when scale and offset are 1 and 0, else a
   * label that says how raw values relate to it ({@code raw (t/h = raw × 0.1 + 0.0)}).
   */
  public synchronized String rawUnit(int index) {
    return rawUnit[index];
  }

  private static String mappedRawUnit(SignalMapping m) {
    if (m.scale() == 1.0 && m.offset() == 0.0) {
      return m.siteUnit();
    }
    return "raw (" + m.siteUnit() + " = raw × " + m.scale() + " + " + m.offset() + ")";
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
   * The monitored items of {@code indexes} were created in a new subscription whose revised
   * keep-alive period (revised publishing interval × revised max keep-alive count, OPC UA Part 4
   * §5.13.1) is {@code periodMs}; returns its slot for {@link #published}. Until its first publish
   * response its signals are stale.
   */
  public synchronized int subscribed(long periodMs, int[] indexes) {
    if (subscriptions == lastPublishMs.length) {
      lastPublishMs = Arrays.copyOf(lastPublishMs, subscriptions * 2);
      keepAlivePeriodMs = Arrays.copyOf(keepAlivePeriodMs, subscriptions * 2);
    }
    int slot = subscriptions++;
    lastPublishMs[slot] = 0;
    keepAlivePeriodMs[slot] = periodMs;
    for (int index : indexes) {
      subscriptionOf[index] = slot;
    }
    return slot;
  }

  /** A publish response (data or keep-alive) of the subscription in {@code slot} arrived. */
  public synchronized void published(int slot, long nowMs) {
    if (slot < subscriptions) {
      lastPublishMs[slot] = nowMs;
    }
  }

  /**
   * The subscriptions are gone (about to be created anew): every signal is stale until it is
   * monitored again and its new subscription answers.
   */
  public synchronized void unsubscribed() {
    Arrays.fill(subscriptionOf, -1);
    subscriptions = 0;
  }

  /**
   * The session went inactive: nothing vouches for any value until a subscription answers again
   * (Milo reactivates the session and the server keeps its subscriptions, Part 4 §5.13.7).
   */
  public synchronized void sessionLost() {
    Arrays.fill(lastPublishMs, 0, subscriptions, 0);
  }

  /** The longest revised keep-alive period of the current subscriptions, 0 when there are none. */
  public synchronized long keepAlivePeriodMs() {
    long max = 0;
    for (int i = 0; i < subscriptions; i++) {
      max = Math.max(max, keepAlivePeriodMs[i]);
    }
    return max;
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
        stale(index, nowMs),
        receivedMs[index] != 0 && nowMs - receivedMs[index] > intervalMs[index]);
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
    int sub = subscriptionOf[index];
    return receivedMs[index] == 0
        || sub < 0
        || staleness.subscriptionSilent(lastPublishMs[sub], nowMs, keepAlivePeriodMs[sub])
        || Staleness.tooOld(sourceMs[index], nowMs, maxAgeMs[index]);
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

  /** How many signals are held (valid, but no notification within their sampling interval). */
  public synchronized int heldCount(long nowMs) {
    int held = 0;
    for (int i = 0; i < value.length; i++) {
      if (!stale(i, nowMs) && nowMs - receivedMs[i] > intervalMs[i]) {
        held++;
      }
    }
    return held;
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
