package io.plantops.simulator;

import io.plantops.process.KilnProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.stack.core.StatusCodes;

/**
 * The history a plant's historian would hold for the simulator's tags: {@code days} simulated days
 * before {@link #end()}, one sample every {@code intervalSeconds}, in canonical units.
 *
 * <p>Each day is generated on first use from its own {@link KilnProcess}, seeded from the
 * simulator's seed and the day's index, starting at steady state: start-up costs nothing, a read
 * costs the days it touches, and the same seed always gives the same history. A day may hold a
 * historian outage (no sample of any tag: a gap) and, per tag, a sensor failure (Bad_SensorFailure,
 * the raw value reads 0) and a stretch of Uncertain_SensorNotAccurate samples.
 *
 * <p>Points that are not measurements (the advice display) have no history.
 */
public final class PlantHistory {

  /** Chance that a day holds a historian outage, and its length in minutes. */
  static final double GAP_CHANCE = 0.3;

  static final int GAP_MIN_MINUTES = 20;
  static final int GAP_MAX_MINUTES = 180;

  /** Chance, per tag and day, of a sensor failure and of an uncertain stretch. */
  static final double BAD_CHANCE = 0.15;

  static final double UNCERTAIN_CHANCE = 0.1;

  private static final long DAY_MS = 86_400_000L;

  /**
   * One stored sample.
   *
   * @param time source timestamp
   * @param canonical value in the point's canonical unit (for a Bad sample: what the failed sensor
   *     reads, a raw 0)
   * @param statusCode OPC UA status code of the sample
   */
  public record Sample(Instant time, double canonical, long statusCode) {

    /** True for a Good sample. */
    public boolean good() {
      return (statusCode & 0xC0000000L) == 0;
    }
  }

  private final long seed;
  private final Dialect dialect;
  private final HistoryOptions options;
  private final long startMs;
  private final long endMs;
  private final int samplesPerDay;
  private final Map<Integer, Day> days = new ConcurrentHashMap<>();

  PlantHistory(long seed, Dialect dialect, HistoryOptions options, Instant end) {
    this.seed = seed;
    this.dialect = dialect;
    this.options = options;
    long intervalMs = options.intervalSeconds() * 1000L;
    this.endMs = Math.floorDiv(end.toEpochMilli(), intervalMs) * intervalMs;
    this.startMs = endMs - options.days() * DAY_MS;
    this.samplesPerDay = 86_400 / options.intervalSeconds();
  }

  /** True when the point is historized. */
  public static boolean historized(Point point) {
    return point != Point.FUEL_ADVICE;
  }

  /** Timestamp of the first stored sample. */
  public Instant start() {
    return Instant.ofEpochMilli(startMs);
  }

  /** End of the history, exclusive: where the simulator started. */
  public Instant end() {
    return Instant.ofEpochMilli(endMs);
  }

  /** Time between two samples of a tag. */
  public Duration interval() {
    return Duration.ofSeconds(options.intervalSeconds());
  }

  /**
   * The stored samples of {@code point} with {@code from <= time < to}, in time order, at most
   * {@code limit} of them.
   */
  public List<Sample> samples(Point point, Instant from, Instant to, int limit) {
    if (!historized(point)) {
      throw new IllegalArgumentException(point + " has no history");
    }
    List<Sample> out = new ArrayList<>();
    long intervalMs = options.intervalSeconds() * 1000L;
    long first = Math.max(startMs, ceil(from.toEpochMilli(), intervalMs));
    long stop = Math.min(endMs, to.toEpochMilli());
    TagSpec tag =
        dialect
            .tag(point)
            .orElseThrow(() -> new IllegalArgumentException(dialect.name() + " has no " + point));
    for (long t = first; t < stop && out.size() < limit; t += intervalMs) {
      int dayIndex = (int) ((t - startMs) / DAY_MS);
      int k = (int) ((t - startMs - dayIndex * DAY_MS) / intervalMs);
      Day day = days.computeIfAbsent(dayIndex, this::generate);
      byte status = day.status.get(point)[k];
      if (status == MISSING) {
        continue;
      }
      double canonical = status == BAD ? tag.rawToCanonical().apply(0.0) : day.values.get(point)[k];
      out.add(new Sample(Instant.ofEpochMilli(t), canonical, STATUS[status]));
    }
    return out;
  }

  private static long ceil(long t, long step) {
    return Math.floorDiv(t + step - 1, step) * step;
  }

  private static final byte GOOD = 0;
  private static final byte UNCERTAIN = 1;
  private static final byte BAD = 2;
  private static final byte MISSING = 3;
  private static final long[] STATUS = {
    StatusCodes.Good, StatusCodes.Uncertain_SensorNotAccurate, StatusCodes.Bad_SensorFailure, 0
  };

  private record Day(Map<Point, double[]> values, Map<Point, byte[]> status) {}

  private Day generate(int dayIndex) {
    SplittableRandom random = new SplittableRandom(seed * 31 + dayIndex * 0x9E3779B97F4A7C15L);
    KilnProcess process = new KilnProcess(random.nextLong(), KilnProcess.Parameters.defaults());
    process.setOperatorMoveSeconds(dialect.behaviour().operatorMoveSeconds());
    SplittableRandom noise = random.split();
    Map<Point, double[]> values = new EnumMap<>(Point.class);
    Map<Point, byte[]> status = new EnumMap<>(Point.class);
    int perMinute = Math.max(1, 60 / options.intervalSeconds());
    int[] gap = stretch(random, GAP_CHANCE, GAP_MIN_MINUTES, GAP_MAX_MINUTES, perMinute);
    for (TagSpec tag : dialect.tags()) {
      if (!historized(tag.point())) {
        continue;
      }
      byte[] s = new byte[samplesPerDay];
      mark(s, stretch(random, BAD_CHANCE, 10, 120, perMinute), BAD);
      mark(s, stretch(random, UNCERTAIN_CHANCE, 10, 60, perMinute), UNCERTAIN);
      mark(s, gap, MISSING);
      status.put(tag.point(), s);
      values.put(tag.point(), new double[samplesPerDay]);
    }
    for (int k = 0; k < samplesPerDay; k++) {
      if (k > 0) {
        process.step(options.intervalSeconds());
      }
      for (Map.Entry<Point, double[]> e : values.entrySet()) {
        e.getValue()[k] = PointValues.canonical(e.getKey(), process, noise, Double.NaN);
      }
    }
    return new Day(values, status);
  }

  /** {first sample, sample count} of a stretch that happens with {@code chance}, or null. */
  private int[] stretch(
      SplittableRandom random, double chance, int minMinutes, int maxMinutes, int perMinute) {
    boolean happens = random.nextDouble() < chance;
    int length = random.nextInt(minMinutes, maxMinutes + 1) * perMinute;
    int first = random.nextInt(samplesPerDay);
    return happens ? new int[] {first, Math.min(length, samplesPerDay - first)} : null;
  }

  private static void mark(byte[] status, int[] stretch, byte value) {
    if (stretch != null) {
      for (int i = stretch[0]; i < stretch[0] + stretch[1]; i++) {
        status[i] = value;
      }
    }
  }
}
