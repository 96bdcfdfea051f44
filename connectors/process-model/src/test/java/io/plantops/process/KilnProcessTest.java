package io.plantops.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantops.process.KilnProcess.Source;
import org.junit.jupiter.api.Test;

class KilnProcessTest {

  private static KilnProcess run(long seed, double seconds) {
    KilnProcess k = new KilnProcess(seed, KilnProcess.Parameters.defaults());
    k.step(seconds);
    return k;
  }

  @Test
  void sameSeedGivesSameTrajectory() {
    KilnProcess a = run(7, 3600);
    KilnProcess b = run(7, 3600);
    for (KilnSignal s : KilnSignal.values()) {
      assertThat(a.value(s)).as(s.name()).isEqualTo(b.value(s));
    }
  }

  @Test
  void operatorsHabitOverBurnsAtAboutThirtyFiveHundredKilojoules() {
    KilnProcess k = run(1, 6 * 3600);
    assertThat(k.trueBurningZone()).isCloseTo(1480.0, within(15.0));
    assertThat(k.specificHeatConsumption()).isBetween(3300.0, 3700.0);
    assertThat(k.trueFreeLime()).isLessThan(1.0);
  }

  @Test
  void holdingTheOptimalFuelSetpointSavesEnergyAndKeepsFreeLimeOnSpec() {
    KilnProcess habit = run(3, 4 * 3600);
    KilnProcess optimised = new KilnProcess(3, KilnProcess.Parameters.defaults());
    double shcHabit = 0;
    double shcOptimised = 0;
    for (int minute = 0; minute < 8 * 60; minute++) {
      optimised.setFuelSetpoint(optimised.optimalFuelSetpoint(), Source.EXTERNAL);
      optimised.step(60);
      if (minute >= 4 * 60) {
        habit.step(60);
        shcHabit += habit.specificHeatConsumption();
        shcOptimised += optimised.specificHeatConsumption();
      }
    }
    assertThat(shcOptimised).isLessThan(shcHabit * 0.99);
    assertThat(optimised.trueFreeLime()).isBetween(0.5, 2.0);
    assertThat(optimised.trueBurningZone()).isCloseTo(1455.0, within(15.0));
  }

  @Test
  void lessFuelCoolsTheBurningZoneWithALagAndRaisesFreeLime() {
    KilnProcess k = run(5, 3 * 3600);
    double before = k.trueBurningZone();
    double limeBefore = k.trueFreeLime();
    double reduced = k.fuelSetpoint() * 0.95;
    k.setFuelSetpoint(reduced, Source.EXTERNAL);
    k.step(60);
    assertThat(k.trueBurningZone()).isGreaterThan(before - 10.0);
    k.step(600);
    assertThat(k.trueBurningZone()).isLessThan(before - 15.0);
    // a closed loop keeps writing, so the operators' habit never takes over again
    for (int minute = 0; minute < 60; minute++) {
      k.setFuelSetpoint(reduced, Source.EXTERNAL);
      k.step(60);
    }
    assertThat(k.trueFreeLime()).isGreaterThan(limeBefore * 1.5);
  }

  @Test
  void injectedBiasShowsInTheMeasurementOnly() {
    KilnProcess k = run(9, 600);
    double truth = k.trueBurningZone();
    k.injectSensorBias(KilnSignal.BURNING_ZONE_TEMPERATURE, 80.0);
    assertThat(k.value(KilnSignal.BURNING_ZONE_TEMPERATURE)).isCloseTo(truth + 80.0, within(15.0));
    assertThat(k.trueBurningZone()).isEqualTo(truth);
  }

  @Test
  void fasterKilnSpeedNeedsMoreHeatAndCoolsTheBurningZone() {
    KilnProcess k = run(11, 3 * 3600);
    double before = k.trueBurningZone();
    double fuel = k.fuelSetpoint();
    for (int minute = 0; minute < 20; minute++) {
      k.setFuelSetpoint(fuel, Source.EXTERNAL);
      k.setKilnSpeedSetpoint(4.2, Source.EXTERNAL);
      k.step(60);
    }
    assertThat(k.kilnSpeedSetpoint()).isEqualTo(4.2);
    assertThat(k.value(KilnSignal.KILN_SPEED)).isCloseTo(4.2, within(0.1));
    assertThat(k.trueBurningZone()).isLessThan(before - 10.0);
  }
}
