package io.plantops.process;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small process model of a cement kiln line, in canonical units, good enough for the behaviour
 * plantops cares about: fuel and kiln speed change the burning zone temperature with a lag, the
 * temperature and the raw meal's lime saturation set the clinker free lime, and fuel per tonne of
 * clinker is the specific heat consumption.
 *
 * <p>Deterministic for a given seed and sequence of calls: every random draw comes from one {@link
 * SplittableRandom}. Time only moves in {@link #step(double)}.
 *
 * <p>The model is not a kiln simulator an engineer would tune a plant with. The relations are
 * first-order lags around a steady state chosen to be plausible for a 100 t/h clinker line burning
 * a 30 MJ/kg coal and petcoke mix: about 11.3 t/h fuel and 3400 kJ/kg clinker.
 *
 * <p>Operators are part of the model: by habit they keep the burning zone hotter than needed
 * (over-burning is safe for quality, costly in fuel). An external fuel setpoint (a closed-loop
 * write or an operator following advice) overrides the habit for {@link
 * Parameters#externalHoldSeconds}.
 */
public final class KilnProcess {

  /** Who moved the fuel setpoint. */
  public enum Source {
    /** The simulated operator's habit (the baseline). */
    OPERATOR,
    /** A write from outside: the plantops connector in closed loop, or advice being followed. */
    EXTERNAL
  }

  /**
   * Constants of the line.
   *
   * @param nominalFeed raw meal feed the operators aim for, t/h
   * @param clinkerFactor tonnes of raw meal per tonne of clinker
   * @param fuelLhvMjPerKg mean lower heating value of the fuel, MJ/kg
   * @param targetBurningZone burning zone temperature that gives on-spec free lime with the least
   *     fuel, °C
   * @param operatorBurningZone temperature operators keep by habit (above the target), °C
   * @param externalHoldSeconds how long an external fuel setpoint holds before habit resumes
   * @param labPeriodSeconds period of the free-lime and LSF lab analyses
   */
  public record Parameters(
      double nominalFeed,
      double clinkerFactor,
      double fuelLhvMjPerKg,
      double targetBurningZone,
      double operatorBurningZone,
      double externalHoldSeconds,
      double labPeriodSeconds) {

    /** A 100 t/h clinker line whose operators burn about 25 °C hotter than needed. */
    public static Parameters defaults() {
      return new Parameters(160.0, 1.6, 30.0, 1455.0, 1480.0, 900.0, 3600.0);
    }
  }

  // time constants, seconds
  private static final double TAU_FUEL = 60.0;
  private static final double TAU_BURNING_ZONE = 600.0;
  private static final double TAU_FREE_LIME = 1800.0;
  private static final double TAU_CLINKER = 1800.0;
  private static final double TAU_PREHEATER = 300.0;
  private static final double TAU_SPEED = 30.0;
  private static final double TAU_FEED = 120.0;
  // burning zone rises 9 °C per percent of fuel above the steady-state requirement
  private static final double BZ_GAIN = 900.0;
  private static final double BZ_REFERENCE = 1450.0;

  private final Parameters p;
  private final SplittableRandom random;
  // sensors draw from their own stream, so that how often the process is sampled never changes
  // the process itself
  private final SplittableRandom sensors;
  private final Map<KilnSignal, Double> sensorBias = new EnumMap<>(KilnSignal.class);
  private final Map<KilnSignal, Double> sensorDriftPerHour = new EnumMap<>(KilnSignal.class);
  private final Map<KilnSignal, Double> measured = new EnumMap<>(KilnSignal.class);

  private double time;
  // manipulated variables and their actual values
  private double feedSetpoint;
  private double feed;
  private double speedSetpoint;
  private double speed;
  private double fuelSetpoint;
  private double fuel;
  private double lastExternalWrite = Double.NEGATIVE_INFINITY;
  private double lastExternalSpeedWrite = Double.NEGATIVE_INFINITY;
  // disturbances (Ornstein-Uhlenbeck)
  private double lsf = 95.0;
  private double lhv;
  // states
  private double burningZone;
  private double freeLime;
  private double clinker;
  private double preheater;
  private double labFreeLime;
  private double labLsf;
  private double nextLab;
  private double nextOperatorMove;
  private double operatorMoveSeconds = 300.0;

  /** A line at steady state at its nominal feed, with the operators' habit in charge. */
  public KilnProcess(long seed, Parameters parameters) {
    this.p = parameters;
    this.random = new SplittableRandom(seed);
    this.sensors = random.split();
    this.lhv = p.fuelLhvMjPerKg();
    this.feedSetpoint = p.nominalFeed();
    this.feed = feedSetpoint;
    this.speedSetpoint = speedFor(feed);
    this.speed = speedSetpoint;
    this.fuelSetpoint = fuelFor(p.operatorBurningZone());
    this.fuel = fuelSetpoint;
    this.burningZone = steadyBurningZone();
    this.freeLime = steadyFreeLime();
    this.clinker = feed / p.clinkerFactor();
    this.preheater = steadyPreheater();
    this.labFreeLime = freeLime;
    this.labLsf = lsf;
    this.nextLab = p.labPeriodSeconds();
    this.nextOperatorMove = 60.0;
    refreshMeasurements();
  }

  /** Advances the process by {@code dt} seconds (split internally into steps of at most 1 s). */
  public void step(double dt) {
    if (!(dt > 0)) {
      throw new IllegalArgumentException("dt must be positive, got " + dt);
    }
    double remaining = dt;
    while (remaining > 1e-12) {
      double h = Math.min(1.0, remaining);
      advance(h);
      remaining -= h;
    }
    refreshMeasurements();
  }

  private void advance(double h) {
    time += h;
    // disturbances: mean-reverting random walks with hour-scale time constants
    lsf += (95.0 - lsf) * h / 14400.0 + 1.0 * Math.sqrt(2 * h / 14400.0) * random.nextGaussian();
    lhv +=
        (p.fuelLhvMjPerKg() - lhv) * h / 21600.0
            + 0.3 * Math.sqrt(2 * h / 21600.0) * random.nextGaussian();
    // operators: feed wanders around nominal, speed follows feed, fuel follows habit
    if (time >= nextOperatorMove) {
      nextOperatorMove = time + operatorMoveSeconds;
      feedSetpoint =
          clamp(
              feedSetpoint + 0.2 * (p.nominalFeed() - feedSetpoint) + random.nextGaussian() * 1.0,
              0.7 * p.nominalFeed(),
              1.15 * p.nominalFeed());
      if (time - lastExternalSpeedWrite > p.externalHoldSeconds()) {
        speedSetpoint = speedFor(feedSetpoint);
      }
      if (time - lastExternalWrite > p.externalHoldSeconds()) {
        // habit: a proportional move towards the temperature they like, in 0.1 t/h steps
        double error = p.operatorBurningZone() - burningZone;
        double move = Math.round(fuelSetpoint * error / BZ_GAIN * 0.5 * 10.0) / 10.0;
        fuelSetpoint = clamp(fuelSetpoint + move, 2.0, 25.0);
      }
    }
    feed += lag(feedSetpoint - feed, h, TAU_FEED);
    speed += lag(speedSetpoint - speed, h, TAU_SPEED);
    fuel += lag(fuelSetpoint - fuel, h, TAU_FUEL);
    burningZone += lag(steadyBurningZone() - burningZone, h, TAU_BURNING_ZONE);
    freeLime += lag(steadyFreeLime() - freeLime, h, TAU_FREE_LIME);
    clinker += lag(feed / p.clinkerFactor() - clinker, h, TAU_CLINKER);
    preheater += lag(steadyPreheater() - preheater, h, TAU_PREHEATER);
    if (time >= nextLab) {
      nextLab += p.labPeriodSeconds();
      labFreeLime = Math.max(0.05, freeLime + 0.08 * sensors.nextGaussian());
      labLsf = lsf + 0.3 * sensors.nextGaussian();
    }
  }

  private static double lag(double delta, double h, double tau) {
    return delta * (1.0 - Math.exp(-h / tau));
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private double speedFor(double feedRate) {
    return 3.5 * feedRate / p.nominalFeed();
  }

  /** Fuel that holds the burning zone at {@code temperature} in the current conditions, t/h. */
  public double fuelFor(double temperature) {
    return requiredFuel() * (1.0 + (temperature - BZ_REFERENCE) / BZ_GAIN);
  }

  /** Fuel that holds the burning zone at 1450 °C in the current conditions, t/h. */
  public double requiredFuel() {
    double clinkerRate = feed / p.clinkerFactor();
    double heatPerTonne = 3400.0 * (1.0 + 0.02 * (lsf - 95.0)) * (1.0 + 0.04 * (speed - 3.5));
    return clinkerRate * heatPerTonne / (lhv * 1000.0) * (BZ_REFERENCE / 1450.0);
  }

  /**
   * The fuel setpoint that reaches the target burning zone temperature with the least fuel: the
   * label the example energy model is trained on.
   */
  public double optimalFuelSetpoint() {
    return fuelFor(p.targetBurningZone());
  }

  private double steadyBurningZone() {
    return BZ_REFERENCE + BZ_GAIN * (fuel / requiredFuel() - 1.0);
  }

  private double steadyFreeLime() {
    return 1.2 * Math.exp(-(burningZone - BZ_REFERENCE) / 40.0) * (1.0 + 0.15 * (lsf - 95.0));
  }

  private double steadyPreheater() {
    return 330.0 + 0.4 * (feed - p.nominalFeed()) + 200.0 * (fuel / requiredFuel() - 1.0);
  }

  private double oxygen() {
    return clamp(3.0 - 30.0 * (fuel / requiredFuel() - 1.0), 0.3, 9.0);
  }

  private double drivePower() {
    return 620.0 * (speed / 3.5) * Math.sqrt(feed / p.nominalFeed());
  }

  private void refreshMeasurements() {
    measure(KilnSignal.FEED_RATE, feed, 0.005);
    measure(KilnSignal.KILN_SPEED, speed, 0.002);
    measure(KilnSignal.BURNING_ZONE_TEMPERATURE, burningZone, 0.002);
    measure(KilnSignal.INLET_O2, oxygen(), 0.02);
    measure(KilnSignal.FUEL_RATE, fuel, 0.01);
    measured.put(KilnSignal.FUEL_SETPOINT, fuelSetpoint);
    measure(KilnSignal.PREHEATER_OUTLET_TEMPERATURE, preheater, 0.003);
    measure(KilnSignal.DRIVE_POWER, drivePower(), 0.01);
    measure(KilnSignal.CLINKER_RATE, clinker, 0.01);
    measured.put(KilnSignal.FREE_LIME_LAB, labFreeLime + fault(KilnSignal.FREE_LIME_LAB));
    measured.put(KilnSignal.RAW_MEAL_LSF, labLsf + fault(KilnSignal.RAW_MEAL_LSF));
  }

  private void measure(KilnSignal signal, double truth, double relativeNoise) {
    double noisy = truth * (1.0 + relativeNoise * sensors.nextGaussian());
    measured.put(signal, noisy + fault(signal));
  }

  private double fault(KilnSignal signal) {
    return sensorBias.getOrDefault(signal, 0.0)
        + sensorDriftPerHour.getOrDefault(signal, 0.0) * time / 3600.0;
  }

  /** The measured value of {@code signal} in its canonical unit, with noise and faults. */
  public double value(KilnSignal signal) {
    return measured.get(signal);
  }

  /**
   * How often the simulated operators make their routine moves of the feed, speed and fuel
   * setpoints, simulated seconds (300 by default). A plant whose setpoints stay constant for hours
   * sets hours; the next move comes after the current one.
   */
  public void setOperatorMoveSeconds(double seconds) {
    if (!(seconds > 0) || !Double.isFinite(seconds)) {
      throw new IllegalArgumentException("operator move period must be positive, got " + seconds);
    }
    operatorMoveSeconds = seconds;
  }

  /** Sets the fuel setpoint, t/h. An EXTERNAL write holds off the operators' habit for a while. */
  public void setFuelSetpoint(double tonnesPerHour, Source source) {
    if (!Double.isFinite(tonnesPerHour)) {
      throw new IllegalArgumentException("fuel setpoint must be finite");
    }
    fuelSetpoint = clamp(tonnesPerHour, 0.0, 30.0);
    if (source == Source.EXTERNAL) {
      lastExternalWrite = time;
    }
    measured.put(KilnSignal.FUEL_SETPOINT, fuelSetpoint);
  }

  /**
   * Sets the kiln speed setpoint, rpm. Speed changes the heat needed per tonne of clinker, hence
   * the burning zone temperature. An EXTERNAL write holds off the operators' habit (speed follows
   * feed) for {@link Parameters#externalHoldSeconds}.
   */
  public void setKilnSpeedSetpoint(double rpm, Source source) {
    if (!Double.isFinite(rpm)) {
      throw new IllegalArgumentException("kiln speed setpoint must be finite");
    }
    speedSetpoint = clamp(rpm, 0.5, 6.0);
    if (source == Source.EXTERNAL) {
      lastExternalSpeedWrite = time;
    }
  }

  /** The current kiln speed setpoint, rpm. */
  public double kilnSpeedSetpoint() {
    return speedSetpoint;
  }

  /** Adds a constant bias to one measurement (a miscalibrated sensor). */
  public void injectSensorBias(KilnSignal signal, double bias) {
    sensorBias.put(signal, bias);
    refreshMeasurements();
  }

  /** Makes one measurement drift linearly from now on (a fouling sensor), units per hour. */
  public void injectSensorDrift(KilnSignal signal, double perHour) {
    sensorDriftPerHour.put(signal, perHour);
  }

  /** Removes every injected fault. */
  public void clearFaults() {
    sensorBias.clear();
    sensorDriftPerHour.clear();
    refreshMeasurements();
  }

  /** Simulated seconds since start. */
  public double time() {
    return time;
  }

  /** The true (not lab-sampled) free lime, %. */
  public double trueFreeLime() {
    return freeLime;
  }

  /** The true burning zone temperature, °C. */
  public double trueBurningZone() {
    return burningZone;
  }

  /** The current fuel setpoint, t/h. */
  public double fuelSetpoint() {
    return fuelSetpoint;
  }

  /** Specific heat consumption from true fuel and clinker rates, kJ/kg clinker. */
  public double specificHeatConsumption() {
    return fuel * lhv * 1000.0 / clinker;
  }

  /** The line's constants. */
  public Parameters parameters() {
    return p;
  }
}
