package io.plantops.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.junit.jupiter.api.Test;

class PlantHistoryTest {

  private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");

  private static PlantHistory history(long seed) {
    return new PlantHistory(seed, Dialect.lyon(), HistoryOptions.defaults(), END);
  }

  @Test
  void thirtyDaysOfMinuteSamplesHoldGapsBadAndUncertainStretches() {
    PlantHistory history = history(42);
    assertThat(history.start()).isEqualTo(END.minus(Duration.ofDays(30)));
    int expectedSlots = 30 * 1440;
    long missing = 0;
    long bad = 0;
    long uncertain = 0;
    for (TagSpec tag : Dialect.lyon().tags()) {
      if (!PlantHistory.historized(tag.point())) {
        continue;
      }
      List<PlantHistory.Sample> samples =
          history.samples(tag.point(), history.start(), history.end(), Integer.MAX_VALUE);
      missing += expectedSlots - samples.size();
      bad += samples.stream().filter(s -> s.statusCode() == StatusCodes.Bad_SensorFailure).count();
      uncertain +=
          samples.stream()
              .filter(s -> s.statusCode() == StatusCodes.Uncertain_SensorNotAccurate)
              .count();
    }
    assertThat(missing).as("samples lost to historian outages").isPositive();
    assertThat(bad).as("Bad_SensorFailure samples").isPositive();
    assertThat(uncertain).as("Uncertain samples").isPositive();
  }

  @Test
  void theSameSeedGivesTheSameHistoryAndAnotherSeedAnother() {
    Instant from = END.minus(Duration.ofDays(3));
    List<PlantHistory.Sample> a = history(1).samples(Point.FUEL_RATE, from, END, 5000);
    List<PlantHistory.Sample> b = history(1).samples(Point.FUEL_RATE, from, END, 5000);
    List<PlantHistory.Sample> c = history(2).samples(Point.FUEL_RATE, from, END, 5000);
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void goodFuelSamplesLieAroundTheModelsSteadyState() {
    PlantHistory history = history(3);
    double mean =
        history
            .samples(Point.FUEL_RATE, END.minus(Duration.ofDays(1)), END, Integer.MAX_VALUE)
            .stream()
            .filter(PlantHistory.Sample::good)
            .mapToDouble(PlantHistory.Sample::canonical)
            .average()
            .orElseThrow();
    // KilnProcess: about 11.3 t/h of fuel at its steady state
    assertThat(mean).isBetween(9.0, 14.0);
  }

  @Test
  void readsAreHalfOpenAndStopAtTheLimit() {
    PlantHistory history = history(4);
    Instant from = END.minus(Duration.ofHours(1));
    List<PlantHistory.Sample> hour = history.samples(Point.FEED_RATE, from, END, 1000);
    assertThat(hour).allMatch(s -> !s.time().isBefore(from) && s.time().isBefore(END));
    assertThat(history.samples(Point.FEED_RATE, from, END, 7)).hasSize(Math.min(7, hour.size()));
  }
}
