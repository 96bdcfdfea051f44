package io.plantops.sandbox.api;

import java.time.Duration;

/**
 * The age format kubectl users know (45s, 5m10s, 3h, 2d5h, 400d), as the API server renders date
 * columns: for tables served to kubectl and for the sandbox's live table.
 */
public final class Age {

  private Age() {}

  /** {@code d} as kubectl shows an age; a negative duration is 0s. */
  public static String format(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
    }
    if (h < 48) {
      return h + "h";
    }
    long days = h / 24;
    if (days < 8) {
      return days + "d" + (h % 24 == 0 ? "" : (h % 24) + "h");
    }
    return days + "d";
  }
}
