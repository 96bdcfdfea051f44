package io.plantops.connector.write;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Measures whether operators follow advisory setpoints (operator adoption). Pure and
 * clock-injected.
 *
 * <p><b>Definition.</b> Advice opens an <em>episode</em> for an output when it asks for a change
 * larger than the output's deadband from the plant's current setpoint s0 (known, Good and fresh),
 * and no episode is open for that output. The episode is <em>followed</em> when, within the
 * adoption window, the plant setpoint moves in the advised direction by at least half of the
 * advised change: {@code (s(t) - s0) * sign(a - s0) >= 0.5 * |a - s0|}. Otherwise it is <em>not
 * followed</em> when the window ends. Advice arriving while an episode is open refines nothing and
 * opens nothing (the operators are still deciding on the first). Adoption rate = followed / closed
 * episodes.
 */
public final class AdoptionTracker {

  /** Share of the advised move that counts as following it. */
  public static final double FOLLOW_FRACTION = 0.5;

  /**
   * An open or closed episode.
   *
   * @param key output key (use case / output)
   * @param openedAtMs when the advice was published
   * @param from setpoint at publication
   * @param advised advised value
   * @param followed true when followed (closed episodes only)
   * @param closedAtMs when closed, 0 while open
   */
  public record Episode(
      String key,
      long openedAtMs,
      double from,
      double advised,
      boolean followed,
      long closedAtMs) {}

  /**
   * Totals of one key.
   *
   * @param opened episodes opened
   * @param followed episodes followed
   * @param notFollowed episodes that ran out of time
   */
  public record Totals(long opened, long followed, long notFollowed) {}

  private volatile long windowMs;
  private final Map<String, Episode> open = new HashMap<>();
  private final Map<String, long[]> totals = new HashMap<>();

  public AdoptionTracker(long windowMs) {
    this.windowMs = windowMs;
  }

  /** Changes the window (a config reload); open episodes keep running against the new one. */
  public void window(long ms) {
    windowMs = ms;
  }

  /** New advice; returns the episode it opened, if it opened one. */
  public synchronized Optional<Episode> advise(
      String key, long nowMs, double advised, OptionalDouble setpoint, double deadband) {
    if (open.containsKey(key)
        || !Double.isFinite(advised)
        || setpoint.isEmpty()
        || Math.abs(advised - setpoint.getAsDouble()) <= deadband) {
      return Optional.empty();
    }
    Episode e = new Episode(key, nowMs, setpoint.getAsDouble(), advised, false, 0);
    open.put(key, e);
    totals.computeIfAbsent(key, k -> new long[3])[0]++;
    return Optional.of(e);
  }

  /** The plant setpoint now; returns the episode it closed as followed, if any. */
  public synchronized Optional<Episode> observe(String key, long nowMs, OptionalDouble setpoint) {
    Episode e = open.get(key);
    if (e == null || setpoint.isEmpty() || nowMs - e.openedAtMs() > windowMs) {
      return Optional.empty();
    }
    double asked = e.advised() - e.from();
    double moved = (setpoint.getAsDouble() - e.from()) * Math.signum(asked);
    if (moved >= FOLLOW_FRACTION * Math.abs(asked)) {
      open.remove(key);
      totals.get(key)[1]++;
      return Optional.of(new Episode(key, e.openedAtMs(), e.from(), e.advised(), true, nowMs));
    }
    return Optional.empty();
  }

  /** Closes the episodes whose window has passed; returns them (not followed). */
  public synchronized List<Episode> expire(long nowMs) {
    List<Episode> closed = new ArrayList<>();
    open.values()
        .removeIf(
            e -> {
              if (nowMs - e.openedAtMs() > windowMs) {
                closed.add(
                    new Episode(e.key(), e.openedAtMs(), e.from(), e.advised(), false, nowMs));
                totals.get(e.key())[2]++;
                return true;
              }
              return false;
            });
    return closed;
  }

  /** Totals of a key. */
  public synchronized Totals totals(String key) {
    long[] t = totals.getOrDefault(key, new long[3]);
    return new Totals(t[0], t[1], t[2]);
  }
}
