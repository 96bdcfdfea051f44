package io.plantops.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrendsTest {

  @Test
  void keepsOneSampleAMinuteForTheLastSixHoursPerOutput() {
    Trends trends = new Trends();
    long t0 = 1_000_000_000_000L;
    // a sample every 30 s for 7 hours: one a minute is kept, the oldest beyond 6 hours go
    for (long t = t0; t <= t0 + 7 * 3_600_000L; t += 30_000) {
      trends.sample("kiln1-energy", "fuel_setpoint", new Trends.Point(t, 12.0, 11.5));
    }
    var points = trends.of("kiln1-energy", "fuel_setpoint");
    assertThat(points).hasSize(Trends.HOURS * 60);
    long last = t0 + 7 * 3_600_000L;
    assertThat(points.get(points.size() - 1).atMs()).isEqualTo(last);
    assertThat(points.get(0).atMs()).isEqualTo(last - (Trends.HOURS * 60 - 1) * Trends.STEP_MS);
    for (int i = 1; i < points.size(); i++) {
      assertThat(points.get(i).atMs() - points.get(i - 1).atMs()).isEqualTo(Trends.STEP_MS);
    }
    assertThat(trends.of("kiln1-energy", "other")).isEmpty();
  }
}
