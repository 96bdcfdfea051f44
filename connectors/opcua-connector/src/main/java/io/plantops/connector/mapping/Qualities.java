package io.plantops.connector.mapping;

import io.plantops.contract.Quality;

/** OPC UA StatusCode to sample quality. */
public final class Qualities {

  private static final Quality[] BY_ORDINAL = Quality.values();

  private Qualities() {}

  /**
   * The quality of a StatusCode from its two severity bits (OPC UA Part 4 §7.39: 00 Good, 01
   * Uncertain, 10 Bad; 11 is reserved and read as Bad).
   */
  public static byte of(long statusCode) {
    int severity = (int) ((statusCode >>> 30) & 0x3);
    return switch (severity) {
      case 0 -> (byte) Quality.Good.ordinal();
      case 1 -> (byte) Quality.Uncertain.ordinal();
      default -> (byte) Quality.Bad.ordinal();
    };
  }

  /** The enum for a quality byte. */
  public static Quality quality(byte ordinal) {
    return BY_ORDINAL[ordinal];
  }
}
