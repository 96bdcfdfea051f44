package io.plantops.operator.status;

import java.time.Duration;

/** Durations in messages and events, in the short form kubectl users read: 42s, 3m10s, 2h5m. */
public final class Durations {

  private Durations() {}

  /** {@code d} as 42s, 3m10s, 2h5m or 3d4h; a negative duration reads as 0s. */
  public static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60) + "s";
    }
    if (s < 86400) {
      return (s / 3600) + "h" + (s % 3600) / 60 + "m";
    }
    return (s / 86400) + "d" + (s % 86400) / 3600 + "h";
  }
}
