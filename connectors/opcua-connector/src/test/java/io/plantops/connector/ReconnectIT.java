package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantops.connector.opcua.GapRecorder;
import io.plantops.contract.Autonomy;
import io.plantops.contract.HostAliases;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.SessionState;
import io.plantops.contract.SignalSample;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.SecurityOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconnectIT {

  @TempDir Path root;

  private static PlantSimulator simulator() throws Exception {
    return PlantSimulator.builder(Dialect.lyon())
        .seed(31)
        .security(new SecurityOptions(true, true, false, Map.of(), false))
        .start();
  }

  @Test
  void recreatesSubscriptionsAfterAServerRestartAndRecordsTheLostGap() throws Exception {
    try (Harness h = new Harness(root, simulator())) {
      Connector c =
          h.start(
              Harness.lyon(
                  Autonomy.Advisory,
                  Harness.insecure(Harness.lyonEndpoint(), true),
                  Harness.connectorSettings(1L << 20)));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(c.status().monitoredItems()).isEqualTo(11));
      h.sim.stopServer();
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                assertThat(c.status().session()).isNotEqualTo(SessionState.Connected);
                assertThat(h.get("/metrics")).contains("plantops_connector_gap_open 1.0");
                // the operator reads this while the plant is away, long before the gap closes
                assertThat(
                        PlantConfigCodec.mapper()
                            .readTree(h.get("/v1/status"))
                            .path("openGaps")
                            .asInt())
                    .isEqualTo(1);
              });
      long restartedAt = System.currentTimeMillis();
      h.sim.startServer();
      await()
          .atMost(Duration.ofSeconds(40))
          .untilAsserted(
              () -> {
                assertThat(c.status().session()).isEqualTo(SessionState.Connected);
                assertThat(c.status().gaps()).isEqualTo(1);
                assertThat(c.status().openGaps()).isZero();
                assertThat(
                        h.sim.monitoredItemsPerSubscription().values().stream()
                            .mapToInt(i -> i)
                            .sum())
                    .isEqualTo(11);
                assertThat(SecureClosedLoopIT.latest(h, "kiln.feed.rate").timestampMs())
                    .isGreaterThan(restartedAt);
              });
      List<GapRecorder.Gap> gaps = c.gaps();
      assertThat(gaps).hasSize(1);
      GapRecorder.Gap gap = gaps.get(0);
      assertThat(gap.recovered()).isFalse();
      assertThat(gap.start()).isBefore(gap.end());
      assertThat(gap.detail()).contains("re-created");
      JsonNode json = PlantConfigCodec.mapper().readTree(h.get("/v1/gaps"));
      assertThat(json.get(0).path("recovered").asBoolean()).isFalse();
      assertThat(h.get("/metrics"))
          .contains("plantops_connector_gaps_total{outcome=\"lost\"} 1.0")
          .contains("plantops_connector_gap_open 0.0");
    }
  }

  @Test
  void aShortNetworkLossIsRecoveredFromTheServersQueuesWithoutAHole() throws Exception {
    PlantSimulator sim = simulator();
    try (TcpProxy proxy = new TcpProxy(sim.port());
        Harness h = new Harness(root, sim)) {
      HostAliases viaProxy =
          HostAliases.parse(
              "lyon-dcs.plant-lyon.example:4840=127.0.0.1:"
                  + proxy.port()
                  + ",inference.plant.svc:8080="
                  + h.inference.authority());
      h.writeConfig(
          Harness.lyon(
              Autonomy.Advisory,
              Harness.insecure(Harness.lyonEndpoint(), true),
              Harness.connectorSettings(1L << 20)));
      h.connector = new Connector(h.settings().with(viaProxy, h.settings().resolve()));
      Connector c = h.connector;
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(c.status().monitoredItems()).isEqualTo(11));
      await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
      proxy.cut();
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> assertThat(c.status().session()).isNotEqualTo(SessionState.Connected));
      await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
      long restoredAt = System.currentTimeMillis();
      proxy.restore();
      await()
          .atMost(Duration.ofSeconds(40))
          .untilAsserted(
              () -> {
                assertThat(c.gaps()).hasSize(1);
                assertThat(SecureClosedLoopIT.latest(h, "kiln.feed.rate").timestampMs())
                    .isGreaterThan(restoredAt);
              });
      GapRecorder.Gap gap = c.gaps().get(0);
      assertThat(gap.recovered()).as(gap.toString()).isTrue();
      assertThat(c.status().gaps()).isZero();
      // the queued samples arrived: no hole longer than two sampling intervals in a 1 s signal
      long previous = 0;
      for (var b : h.inference.batches) {
        for (SignalSample s : b.samples()) {
          if (s.signal().equals("kiln.feed.rate")) {
            if (previous != 0) {
              assertThat(s.timestampMs() - previous).as("hole before " + s).isLessThan(2_100);
            }
            previous = s.timestampMs();
          }
        }
      }
      assertThat(h.get("/metrics"))
          .contains("plantops_connector_gaps_total{outcome=\"recovered\"} 1.0");
    }
  }
}
