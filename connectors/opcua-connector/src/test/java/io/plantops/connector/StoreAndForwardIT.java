package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantops.contract.Autonomy;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SignalSample;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.SecurityOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreAndForwardIT {

  @TempDir Path root;

  @Test
  void buffersWhileTheInferenceServerIsDownAndReplaysInOrderWhenItReturns() throws Exception {
    PlantSimulator sim =
        PlantSimulator.builder(Dialect.lyon())
            .seed(41)
            .security(new SecurityOptions(true, true, false, Map.of(), false))
            .start();
    try (Harness h = new Harness(root, sim)) {
      Connector c =
          h.start(
              Harness.lyon(
                  Autonomy.Advisory,
                  Harness.insecure(Harness.lyonEndpoint(), true),
                  Harness.connectorSettings(8L << 20)));
      await().atMost(Duration.ofSeconds(30)).until(() -> h.inference.samples() > 20);
      h.inference.stop();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThat(c.status().bufferedBatches()).isGreaterThanOrEqualTo(8);
                assertThat(h.get("/metrics")).contains("plantops_connector_watchdog_healthy 0.0");
              });
      h.inference.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(c.status().bufferedBatches()).isZero());
      List<SignalBatch> replayed =
          h.inference.batches.stream().filter(SignalBatch::replayed).toList();
      assertThat(replayed).hasSizeGreaterThanOrEqualTo(8);
      Set<String> ids = new HashSet<>();
      assertThat(h.inference.batches).allSatisfy(b -> assertThat(ids.add(b.batchId())).isTrue());
      // in order and complete: a 1 s signal's timestamps only increase, without a hole
      long previous = 0;
      for (SignalBatch b : h.inference.batches) {
        for (SignalSample s : b.samples()) {
          if (s.signal().equals("kiln.burning_zone.temperature")) {
            assertThat(s.timestampMs()).isGreaterThan(previous);
            if (previous != 0) {
              assertThat(s.timestampMs() - previous).isLessThan(2_100);
            }
            previous = s.timestampMs();
          }
        }
      }
      String metrics = h.get("/metrics");
      assertThat(metrics)
          .contains("plantops_connector_dropped_batches_total 0.0")
          .contains("plantops_connector_buffer_batches 0.0")
          .contains("plantops_connector_buffer_max_bytes " + (double) (8L << 20))
          .contains("plantops_connector_replayed_batches_total " + replayed.size() + ".0");
    }
  }
}
