package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.plantops.contract.Autonomy;
import io.plantops.contract.HistoryReadStatus;
import io.plantops.contract.HistorySeries;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SignalHistory;
import io.plantops.contract.UseCaseConfig;
import io.plantops.simulator.HistoryOptions;
import io.plantops.simulator.PlantHistory;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.Point;
import io.plantops.simulator.SecurityOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Shadow use case whose KPI has no baseline gets its history read by the running connector and
 * handed to the inference server ({@code POST /v1/history}), against the real simulator with and
 * without history, while the live path runs.
 */
class BaselineHistoryIT {

  private static final String LAB = "clinker.free_lime.lab";

  @TempDir Path root;

  private static PlantSimulator simulator(HistoryOptions history) throws Exception {
    return PlantSimulator.builder(io.plantops.simulator.Dialect.joliet())
        .security(new SecurityOptions(true, true, false, Map.of(), false))
        .seed(7)
        .history(history)
        .start();
  }

  /** Joliet with the free-lime use case in Shadow: its KPI has no baseline yet. */
  private static ResolvedPlantConfig shadowFreeLime() {
    ResolvedPlantConfig joliet =
        Harness.joliet(
            Autonomy.Shadow,
            Harness.insecure(Harness.jolietEndpoint(), true),
            Harness.connectorSettings(1L << 20));
    return Harness.withUseCases(
        joliet,
        useCases ->
            useCases.stream().map(u -> u.name().equals("kiln1-energy") ? u : shadow(u)).toList());
  }

  private static UseCaseConfig shadow(UseCaseConfig u) {
    return new UseCaseConfig(
        u.name(),
        u.template(),
        Autonomy.Shadow,
        u.cadenceSeconds(),
        u.inputs(),
        u.observed(),
        u.outputs(),
        u.activeModel(),
        u.candidateModel(),
        u.kpis(),
        u.drift());
  }

  @Test
  void readsTheKpiInputsOverTheBaselineWindowAndHandsThemToTheInferenceServer() throws Exception {
    try (Harness h = new Harness(root, simulator(HistoryOptions.defaults()))) {
      h.start(shadowFreeLime());
      await().atMost(Duration.ofSeconds(60)).until(() -> !h.inference.histories.isEmpty());
      HistorySeries series = h.inference.histories.get(0);
      assertThat(series.status()).as(series.reason()).isEqualTo(HistoryReadStatus.Read);
      assertThat(series.plant()).isEqualTo("joliet");
      // the KPI's baselineWindowHours
      assertThat(series.toMs() - series.fromMs()).isEqualTo(Duration.ofHours(24).toMillis());
      // only what the pending KPI's expression names; the calibrated energy KPI needs nothing
      assertThat(series.signals()).extracting(SignalHistory::signal).containsExactly(LAB);

      SignalHistory lab = series.signals().get(0);
      PlantHistory history = h.sim.history().orElseThrow();
      List<PlantHistory.Sample> truth =
          history
              .samples(
                  Point.FREE_LIME_LAB,
                  Instant.ofEpochMilli(series.fromMs()),
                  Instant.ofEpochMilli(series.toMs()),
                  Integer.MAX_VALUE)
              .stream()
              .filter(PlantHistory.Sample::good)
              .toList();
      assertThat(lab.good()).isPositive();
      assertThat(lab.good() + lab.outOfRange()).isEqualTo(truth.size());
      double mean = java.util.Arrays.stream(lab.values()).average().orElseThrow();
      double truthMean =
          truth.stream()
              .mapToDouble(PlantHistory.Sample::canonical)
              .filter(v -> v >= 0.0 && v <= 6.0)
              .average()
              .orElseThrow();
      assertThat(mean).isCloseTo(truthMean, within(Math.abs(truthMean) * 1e-3));

      // the live path ran all along, and the history is not read again
      await().atMost(Duration.ofSeconds(20)).until(() -> h.inference.samples() > 0);
      assertThat(h.inference.histories).hasSize(1);
    }
  }

  @Test
  void aServerWithoutHistoryIsReportedOnceAndTheLivePathRuns() throws Exception {
    try (Harness h = new Harness(root, simulator(HistoryOptions.disabled()))) {
      h.start(shadowFreeLime());
      await().atMost(Duration.ofSeconds(60)).until(() -> !h.inference.histories.isEmpty());
      HistorySeries series = h.inference.histories.get(0);
      assertThat(series.status()).isEqualTo(HistoryReadStatus.NoHistory);
      assertThat(series.reason()).contains(LAB).contains("no history");
      await().atMost(Duration.ofSeconds(20)).until(() -> h.inference.samples() > 0);
      // NoHistory ends the attempt: the inference server measures live, the connector does not
      // ask the server again and again
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> h.inference.histories.size() == 1);
    }
  }
}
