package io.plantops.simulator;

import io.plantops.process.KilnSignal;
import java.util.Optional;

/**
 * Everything the simulated kiln line exposes, in canonical names and units: the process model's
 * measurements and setpoints, plus what a real control system also carries (the kiln speed
 * setpoint, an operator advice display, and look-alike tags that browse-and-suggest must not
 * confuse with the signals a template wants).
 */
public enum Point {
  FEED_RATE(KilnSignal.FEED_RATE),
  KILN_SPEED(KilnSignal.KILN_SPEED),
  BURNING_ZONE_TEMPERATURE(KilnSignal.BURNING_ZONE_TEMPERATURE),
  INLET_O2(KilnSignal.INLET_O2),
  FUEL_RATE(KilnSignal.FUEL_RATE),
  FUEL_SETPOINT(KilnSignal.FUEL_SETPOINT),
  PREHEATER_OUTLET_TEMPERATURE(KilnSignal.PREHEATER_OUTLET_TEMPERATURE),
  DRIVE_POWER(KilnSignal.DRIVE_POWER),
  CLINKER_RATE(KilnSignal.CLINKER_RATE),
  FREE_LIME_LAB(KilnSignal.FREE_LIME_LAB),
  RAW_MEAL_LSF(KilnSignal.RAW_MEAL_LSF),
  /** Kiln shell speed setpoint; writes move the kiln speed. */
  KILN_SPEED_SETPOINT("kiln.speed.setpoint", "rpm"),
  /** Advice display on the operators' screen: simulated operators may follow what is written. */
  FUEL_ADVICE("kiln.fuel.advice", "t/h"),
  /** Kiln hood (secondary air) temperature: a temperature that is not the burning zone. */
  HOOD_TEMPERATURE("kiln.hood.temperature", "°C"),
  /** CO at the kiln inlet: a gas analyser reading that is not O2. */
  INLET_CO("kiln.inlet.co", "ppm");

  private final KilnSignal signal;
  private final String canonicalName;
  private final String canonicalUnit;

  Point(KilnSignal signal) {
    this.signal = signal;
    this.canonicalName = signal.canonicalName();
    this.canonicalUnit = signal.canonicalUnit();
  }

  Point(String canonicalName, String canonicalUnit) {
    this.signal = null;
    this.canonicalName = canonicalName;
    this.canonicalUnit = canonicalUnit;
  }

  /** The process model's signal behind this point, if it is one. */
  public Optional<KilnSignal> signal() {
    return Optional.ofNullable(signal);
  }

  /** Canonical name, e.g. kiln.feed.rate. */
  public String canonicalName() {
    return canonicalName;
  }

  /** Unit of the simulator's value for this point. */
  public String canonicalUnit() {
    return canonicalUnit;
  }
}
