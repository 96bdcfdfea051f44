package io.plantops.connector.http;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's trend of each setpoint output: the advised value beside the actual setpoint, one
 * sample per minute for the last {@link #HOURS} hours, in memory (a restart starts it again). The
 * connector samples; the console draws.
 */
public final class Trends {

  /** Hours a trend covers. */
  public static final int HOURS = 6;

  /** One sample per this many milliseconds, at most. */
  public static final long STEP_MS = 60_000;

  private static final int CAPACITY = (int) (HOURS * 3_600_000L / STEP_MS);

  /**
   * One sample; either value may be missing (null): no advice yet, or a stale setpoint reading.
   *
   * @param atMs epoch milliseconds
   * @param advised the latest advice for the output
   * @param actual the setpoint as read from the plant
   */
  public record Point(long atMs, Double advised, Double actual) {}

  private final Map<String, ArrayDeque<Point>> series = new HashMap<>();

  /**
   * Records a sample of {@code useCase}'s {@code output}, unless the last one is younger than
   * {@link #STEP_MS}; the oldest beyond {@link #HOURS} hours go.
   */
  public synchronized void sample(String useCase, String output, Point p) {
    ArrayDeque<Point> s = series.computeIfAbsent(key(useCase, output), k -> new ArrayDeque<>());
    if (!s.isEmpty() && p.atMs() - s.peekLast().atMs() < STEP_MS) {
      return;
    }
    s.addLast(p);
    while (s.size() > CAPACITY || p.atMs() - s.peekFirst().atMs() > HOURS * 3_600_000L) {
      s.removeFirst();
    }
  }

  /** The samples of {@code useCase}'s {@code output}, oldest first. */
  public synchronized List<Point> of(String useCase, String output) {
    ArrayDeque<Point> s = series.get(key(useCase, output));
    return s == null ? List.of() : List.copyOf(s);
  }

  private static String key(String useCase, String output) {
    return useCase + "\u0000" + output;
  }
}
