package io.plantops.simulator;

import java.util.EnumMap;
import java.util.Map;

/**
 * How a dialect's server publishes values, beyond its names and units: what real DCS and SCADA
 * servers do that a naive simulator does not.
 *
 * @param reportByException when true, a scan publishes a new value (new source timestamp) only when
 *     the value or the status changed (by more than the tag's deadband): a constant value keeps the
 *     source timestamp of its last change and produces no data change (OPC UA Part 4 §5.12.1.2);
 *     when false every scan publishes with a fresh timestamp
 * @param absoluteDeadbands per point, in the tag's raw engineering unit: a scan whose value is
 *     within this of the last published one publishes nothing (points not listed: 0, any change is
 *     published). Used only with {@code reportByException}
 * @param minSamplingIntervalMs the fastest sampling the server grants: a monitored item asking for
 *     less is revised up to this (Part 4 §5.12.1.2, advertised as MinSupportedSampleRate); 0 for
 *     the SDK default
 * @param operatorMoveSeconds simulated seconds between the operators' routine moves of feed, speed
 *     and fuel setpoints (300 in the process model); hours keep setpoints constant for hours
 */
public record ServerBehaviour(
    boolean reportByException,
    Map<Point, Double> absoluteDeadbands,
    int minSamplingIntervalMs,
    double operatorMoveSeconds) {

  /** The process model's default operator period, seconds. */
  public static final double DEFAULT_OPERATOR_MOVE_SECONDS = 300.0;

  public ServerBehaviour {
    absoluteDeadbands =
        absoluteDeadbands.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(absoluteDeadbands));
    absoluteDeadbands.forEach(
        (p, d) -> {
          if (!(d >= 0)) {
            throw new IllegalArgumentException("deadband of " + p + " must be >= 0, got " + d);
          }
        });
    if (minSamplingIntervalMs < 0) {
      throw new IllegalArgumentException(
          "minSamplingIntervalMs must be >= 0, got " + minSamplingIntervalMs);
    }
    if (!(operatorMoveSeconds > 0)) {
      throw new IllegalArgumentException(
          "operatorMoveSeconds must be positive, got " + operatorMoveSeconds);
    }
  }

  /**
   * A cyclic scan: every tag republished with a fresh source timestamp at its refresh period, no
   * deadband, no sampling floor, operators moving every 5 simulated minutes (Lyon and Joliet).
   */
  public static ServerBehaviour cyclic() {
    return new ServerBehaviour(false, Map.of(), 0, DEFAULT_OPERATOR_MOVE_SECONDS);
  }

  /** The absolute deadband of a point, raw unit (0 when none). */
  public double deadband(Point point) {
    return absoluteDeadbands.getOrDefault(point, 0.0);
  }
}
