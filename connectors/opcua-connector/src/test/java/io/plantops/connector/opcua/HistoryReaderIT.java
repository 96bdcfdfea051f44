package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantops.connector.mapping.SignalTable;
import io.plantops.contract.HistoryReadStatus;
import io.plantops.contract.HistorySeries;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.SignalHistory;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.ExampleMappings;
import io.plantops.simulator.HistoryOptions;
import io.plantops.simulator.PlantHistory;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.TagSpec;
import io.plantops.simulator.TestClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.Test;

/**
 * The history reader against the real simulator with history: Joliet's tags in US units, through
 * Joliet's example TagMapping conversions, with a small server limit so that every read goes
 * through many continuation points.
 */
class HistoryReaderIT {

  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  private static final List<String> SIGNALS =
      List.of("kiln.fuel.rate", "kiln.burning_zone.temperature", "kiln.feed.rate");

  private static PlantSimulator simulator(HistoryOptions history) throws Exception {
    return PlantSimulator.builder(Dialect.joliet())
        .seed(11)
        .manualClock(true)
        .epochMillis(START.toEpochMilli())
        .history(history)
        .start();
  }

  /** The signals as the live path maps them: Joliet's example TagMapping. */
  private static List<HistoryReader.Signal> signals(Double validMax) {
    Dialect dialect = Dialect.joliet();
    List<SignalMapping> mappings = new ArrayList<>();
    for (ExampleMappings.Entry e : ExampleMappings.of("joliet")) {
      TagSpec tag = dialect.tagByNodeId(e.nodeId()).orElseThrow();
      mappings.add(
          new SignalMapping(
              e.signal(),
              e.nodeId(),
              e.unit(),
              tag.point().canonicalUnit(),
              e.scale(),
              e.offset(),
              e.samplingIntervalMs(),
              e.readWrite()));
    }
    SignalTable table = SignalTable.of(mappings);
    return SIGNALS.stream()
        .map(table::byName)
        .map(Optional::orElseThrow)
        .map(
            e ->
                new HistoryReader.Signal(
                    e.name(),
                    NodeId.parse(e.mapping().nodeId()),
                    e.toCanonical(),
                    null,
                    e.name().equals("kiln.fuel.rate") ? validMax : null))
        .toList();
  }

  private static HistorySeries read(PlantSimulator sim, Instant from, Double validMax)
      throws Exception {
    OpcUaClient client = TestClients.anonymous(sim.endpointUrl());
    try (HistoryReader reader =
        HistoryReader.on(() -> Optional.of(client), HistoryReader.Limits.defaults())) {
      return reader.read("joliet", signals(validMax), from, START).get();
    } finally {
      client.disconnect();
    }
  }

  @Test
  void readsEveryPageConvertedAsTheLiveSignalsAndCountsWhatItExcludes() throws Exception {
    try (PlantSimulator sim = simulator(HistoryOptions.defaults().withMaxValuesPerRead(300))) {
      Instant from = START.minus(Duration.ofDays(3));
      HistorySeries series = read(sim, from, null);

      assertThat(series.status()).as(series.reason()).isEqualTo(HistoryReadStatus.Read);
      PlantHistory history = sim.history().orElseThrow();
      for (SignalHistory h : series.signals()) {
        TagSpec tag =
            Dialect.joliet().tags().stream()
                .filter(t -> t.point().canonicalName().equals(h.signal()))
                .findFirst()
                .orElseThrow();
        List<PlantHistory.Sample> truth =
            history.samples(tag.point(), from, START, Integer.MAX_VALUE);
        List<PlantHistory.Sample> good = truth.stream().filter(PlantHistory.Sample::good).toList();
        assertThat(h.good()).as(h.signal()).isEqualTo(good.size());
        assertThat(h.bad())
            .isEqualTo(
                truth.stream()
                    .filter(s -> s.statusCode() == StatusCodes.Bad_SensorFailure)
                    .count());
        assertThat(h.uncertain())
            .isEqualTo(
                truth.stream()
                    .filter(s -> s.statusCode() == StatusCodes.Uncertain_SensorNotAccurate)
                    .count());
        assertThat(h.unordered()).isZero();
        for (int i = 0; i < good.size(); i++) {
          assertThat(h.timesMs()[i]).isEqualTo(good.get(i).time().toEpochMilli());
          // raw values travel as Float or Int32 in Joliet's units: compare within their precision
          assertThat(h.values()[i])
              .as(h.signal())
              .isCloseTo(good.get(i).canonical(), within(Math.abs(good.get(i).canonical()) * 1e-3));
        }
        long missingSlots = 3 * 1440 - truth.size();
        if (missingSlots > 0) {
          assertThat(h.gaps()).as(h.signal() + " gaps").isPositive();
          assertThat(h.missingMs()).isGreaterThan(0);
        }
      }
    }
  }

  @Test
  void countsValuesOutsideTheValidRangeAndKeepsNone() throws Exception {
    try (PlantSimulator sim = simulator(HistoryOptions.defaults())) {
      HistorySeries series = read(sim, START.minus(Duration.ofHours(6)), 5.0);
      SignalHistory fuel = series.signals().get(0);
      assertThat(fuel.signal()).isEqualTo("kiln.fuel.rate");
      // the kiln burns about 11 t/h: every Good sample lies above 5
      assertThat(fuel.good()).isZero();
      assertThat(fuel.outOfRange()).isPositive();
      assertThat(series.signals().get(1).good()).isPositive();
    }
  }

  @Test
  void aServerWithoutHistorySaysNoHistory() throws Exception {
    try (PlantSimulator sim = simulator(HistoryOptions.disabled())) {
      HistorySeries series = read(sim, START.minus(Duration.ofHours(6)), null);
      assertThat(series.status()).isEqualTo(HistoryReadStatus.NoHistory);
      assertThat(series.reason()).contains("kiln.fuel.rate").contains("no history");
      assertThat(series.signals())
          .allMatch(s -> s.status() == HistoryReadStatus.NoHistory && s.good() == 0);
    }
  }
}
