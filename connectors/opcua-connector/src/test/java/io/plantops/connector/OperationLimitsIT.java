package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantops.contract.Autonomy;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.SecurityOptions;
import io.plantops.simulator.ServerLimits;
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
}
