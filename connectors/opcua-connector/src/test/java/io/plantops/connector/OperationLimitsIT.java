package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantops.contract.Autonomy;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.SessionState;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.ExampleMappings;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.SecurityOptions;
import io.plantops.simulator.ServerLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationLimitsIT {

  @TempDir Path root;

  @Test
  void splitsMonitoredItemsAcrossCallsAndSubscriptionsWithinTheServersLimits() throws Exception {
    PlantSimulator sim =
        PlantSimulator.builder(Dialect.lyon())
            .security(new SecurityOptions(true, true, false, Map.of(), false))
            .limits(new ServerLimits(2, 3, 10))
            .start();
    try (Harness h = new Harness(root, sim)) {
      Connector c =
          h.start(
              Harness.lyon(
                  Autonomy.Advisory,
                  Harness.insecure(Harness.lyonEndpoint(), true),
                  Harness.connectorSettings(1L << 20)));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(c.status().monitoredItems()).isEqualTo(11));
      // the simulator refuses any call above 2 items and any subscription above 3
      assertThat(sim.createMonitoredItemsCallSizes())
          .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
      assertThat(sim.createMonitoredItemsCallSizes().stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(11);
      assertThat(sim.monitoredItemsPerSubscription().values())
          .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
      // 9 signals at 1 s in 3 subscriptions, the 2 lab signals at 60 s in their own
      assertThat(sim.monitoredItemsPerSubscription()).hasSize(4);
      assertThat(h.get("/metrics")).contains("plantops_connector_subscriptions 4.0");
    }
  }

  /**
   * A small embedded server that accepts at most 5 nodes in any Read, Browse, BrowseNext, Write or
   * CreateMonitoredItems call, and refuses a larger call whole with Bad_TooManyOperations (OPC UA
   * Part 4 §7.39): the session, browse and suggest all work, call by call.
   */
  @Test
  void browsesSuggestsAndSubscribesAgainstAServerThatAllowsFiveNodesPerCall() throws Exception {
    PlantSimulator sim =
        PlantSimulator.builder(Dialect.lyon())
            .security(new SecurityOptions(true, true, false, Map.of(), false))
            .limits(ServerLimits.nodesPerCall(5))
            .start();
    try (Harness h = new Harness(root, sim)) {
      Connector c =
          h.start(
              Harness.lyon(
                  Autonomy.Advisory,
                  Harness.insecure(Harness.lyonEndpoint(), true),
                  Harness.connectorSettings(1L << 20)));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(c.status().session()).isEqualTo(SessionState.Connected);
                assertThat(c.status().monitoredItems()).isEqualTo(11);
                assertThat(c.status().refusedSignals()).isEmpty();
              });
      assertThat(sim.createMonitoredItemsCallSizes())
          .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(5));

      JsonNode browsed = PlantConfigCodec.mapper().readTree(h.get("/v1/browse"));
      assertThat(browsed.isArray()).as(browsed.toString()).isTrue();
      Dialect lyon = Dialect.lyon();
      assertThat(browsed.findValuesAsText("nodeId"))
          .containsAll(
              lyon.tags().stream().map(t -> BrowseSuggestIT.byUri(lyon, t.nodeId())).toList());
      assertThat(browsed.findValuesAsText("engineeringUnits")).hasSizeGreaterThan(10);

      String template =
          Files.readString(
              ExampleMappings.examplesDir().resolve("templates/kiln-energy-optimization.yaml"));
      JsonNode suggestion =
          PlantConfigCodec.mapper()
              .readTree(BrowseSuggestIT.post(h, "/v1/suggest?format=json", template));
      assertThat(suggestion.path("unmatched")).as(suggestion.toString()).isEmpty();
      assertThat(suggestion.path("mappings").findValuesAsText("nodeId"))
          .isNotEmpty()
          .allSatisfy(n -> assertThat(n).startsWith("nsu=" + lyon.namespaceUris().get(0) + ";"));
    }
  }
}
