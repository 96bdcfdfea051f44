package io.plantops.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OwnedGaugesTest {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final OwnedGauges gauges = new OwnedGauges(registry, "plantops.test.seconds", "test");

  static Tags site(String name, String gate) {
    return Tags.of("namespace", "plant-lyon", "site_deployment", name, "gate", gate);
  }

  double value(String name, String gate) {
    Gauge g = registry.find("plantops.test.seconds").tags(site(name, gate)).gauge();
    return g == null ? Double.NaN : g.value();
  }

  @Test
  void anOwnerReplacesOnlyItsOwnSeriesAndKeepsTheirMetersRegisteredOnce() {
    gauges.replace("plant-lyon/a", List.of(OwnedGauges.Row.of(site("a", "minSamples"), 1)));
    gauges.replace("plant-lyon/b", List.of(OwnedGauges.Row.of(site("b", "minSamples"), 0)));
    Gauge first = registry.find("plantops.test.seconds").tags(site("a", "minSamples")).gauge();

    gauges.replace(
        "plant-lyon/a",
        List.of(
            OwnedGauges.Row.of(site("a", "minSamples"), 0),
            OwnedGauges.Row.of(site("a", "agreement"), 1)));

    assertThat(value("a", "minSamples")).isZero();
    assertThat(value("a", "agreement")).isEqualTo(1);
    assertThat(value("b", "minSamples")).isZero();
    // the same meter, now reading the new value: nothing was removed and registered again
    assertThat(registry.find("plantops.test.seconds").tags(site("a", "minSamples")).gauge())
        .isSameAs(first);
    assertThat(gauges.size()).isEqualTo(3);
    assertThat(registry.getMeters()).hasSize(3);
  }

  @Test
  void aSeriesReadsItsValueAtScrapeTimeAndGoesWhenItsOwnerDropsIt() {
    AtomicInteger seconds = new AtomicInteger(5);
    gauges.replace(
        "plant-lyon/a", List.of(new OwnedGauges.Row(site("a", "pending"), seconds::get)));
    assertThat(value("a", "pending")).isEqualTo(5);
    seconds.set(65);
    assertThat(value("a", "pending")).isEqualTo(65);

    gauges.replace("plant-lyon/a", List.of());
    assertThat(value("a", "pending")).isNaN();
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void theSeriesOfDeletedOwnersAreSwept() {
    gauges.replace("plant-lyon/a", List.of(OwnedGauges.Row.of(site("a", "x"), 1)));
    gauges.replace("plant-lyon/b", List.of(OwnedGauges.Row.of(site("b", "x"), 1)));

    gauges.retainOwners(Set.of("plant-lyon/b"));

    assertThat(value("a", "x")).isNaN();
    assertThat(value("b", "x")).isEqualTo(1);
    assertThat(gauges.size()).isEqualTo(1);
  }
}
