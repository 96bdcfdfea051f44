package io.plantops.simulator;

import io.plantops.process.KilnProcess;
import io.plantops.process.KilnSignal;
import java.util.Optional;
import java.util.SplittableRandom;

/** The canonical value of a point from the process: one rule for live values and history. */
final class PointValues {

  private PointValues() {}

  /**
   * Canonical value of {@code point}; {@code random} draws the noise of the look-alike tags, {@code
   * advice} is what the advice display shows.
   */
  static double canonical(
      Point point, KilnProcess process, SplittableRandom random, double advice) {
    Optional<KilnSignal> signal = point.signal();
    if (signal.isPresent()) {
      return process.value(signal.get());
    }
    return switch (point) {
      case KILN_SPEED_SETPOINT -> process.kilnSpeedSetpoint();
      case FUEL_ADVICE -> advice;
      case HOOD_TEMPERATURE ->
          0.72 * process.value(KilnSignal.BURNING_ZONE_TEMPERATURE) + 2.0 * random.nextGaussian();
      case INLET_CO ->
          Math.max(
              0.0,
              150.0 * Math.exp(-(process.value(KilnSignal.INLET_O2) - 1.0) / 0.7)
                  + 5.0 * random.nextGaussian());
      default -> throw new IllegalStateException("no value for " + point);
    };
  }
}
