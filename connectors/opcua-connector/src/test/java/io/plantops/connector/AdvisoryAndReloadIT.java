package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.plantops.contract.Autonomy;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.SessionState;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.Point;
import io.plantops.simulator.SecurityOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvisoryAndReloadIT {

  @TempDir Path root;

  @Test
  void measuresAdoptionInAdvisoryThenWritesAfterAHotReloadToClosedLoop() throws Exception {
    PlantSimulator sim =
        PlantSimulator.builder(Dialect.lyon())
            .seed(51)
            .security(new SecurityOptions(true, true, true, Map.of(), false))
            .start();
    try (Harness h = new Harness(root, sim)) {
      ResolvedPlantConfig advisory =
          Harness.lyon(
              Autonomy.Advisory,
              Harness.insecure(Harness.lyonEndpoint(), true),
              Harness.connectorSettings(1L << 20));
      Connector c = h.start(advisory);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(c.status().monitoredItems()).isEqualTo(11));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> h.inference.batches.stream().anyMatch(b -> !b.samples().isEmpty()));

      double sp = sim.value(Point.FUEL_SETPOINT);
      h.inference.publish(advice(1, sp + 1.0));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(c.status().adoption())
                      .containsEntry("kiln1-energy", new ConnectorStatus.Adoption(1, 0)));
      // an operator moves the setpoint most of the way: the advice was followed
      sim.operatorSetsFuel(sp + 0.8);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(c.status().adoption())
                      .containsEntry("kiln1-energy", new ConnectorStatus.Adoption(1, 1)));
      assertThat(sim.writes()).as("advice never writes to the plant").isEmpty();
      assertThat(h.get("/metrics"))
          .contains(
              "plantops_connector_advisory_adoption_ratio{output=\"fuel_setpoint\",use_case=\"kiln1-energy\"} 1.0");
      assertThat(SecureClosedLoopIT.audit(h))
          .extracting(a -> a.path("action").asText())
          .contains("Advised", "AdviceFollowed");
      assertThat(h.get("/v1/advice")).contains("kiln1-energy");

      // hot reload to ClosedLoop: same session, no new monitored items, writes begin
      int calls = sim.createMonitoredItemsCallSizes().size();
      // a short watchdog: it must keep hearing from the inference server after the reload
      ResolvedPlantConfig closedLoop =
          Harness.lyon(
              Autonomy.ClosedLoop,
              Harness.insecure(Harness.lyonEndpoint(), true),
              new ResolvedPlantConfig.ConnectorSettings(
                  "http://inference.plant.svc:8080", 1L << 20, 3, 60, true, 3));
      h.writeConfig(closedLoop);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(c.status().configVersion()).isEqualTo(closedLoop.configVersion()));
      assertThat(c.status().session()).isEqualTo(SessionState.Connected);
      assertThat(sim.createMonitoredItemsCallSizes()).hasSize(calls);
      await().pollDelay(Duration.ofSeconds(4)).until(() -> true);
      assertThat(h.get("/metrics")).contains("plantops_connector_watchdog_healthy 1.0");
      double now = sim.value(Point.FUEL_SETPOINT);
      h.inference.publish(SecureClosedLoopIT.rec(2, now - 0.1));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(sim.writes()).hasSize(1));
      assertThat(sim.writes().get(0).canonical()).isCloseTo(now - 0.1, within(1e-9));

      // a broken config is refused and the running one stays
      java.nio.file.Files.writeString(
          h.path(io.plantops.contract.MountPaths.CONFIG_FILE), "{\"schemaVersion\": \"v0\"}");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(c.status().configError()).contains("schemaVersion"));
      assertThat(c.status().configVersion()).isEqualTo(closedLoop.configVersion());
    }
  }

  @Test
  void refusesAConfigWithAMalformedNodeIdAndKeepsTheRunningOne() throws Exception {
    PlantSimulator sim =
        PlantSimulator.builder(Dialect.lyon())
            .seed(52)
            .security(new SecurityOptions(true, true, false, Map.of(), false))
            .start();
    try (Harness h = new Harness(root, sim)) {
      ResolvedPlantConfig running =
          Harness.lyon(
              Autonomy.Advisory,
              Harness.insecure(Harness.lyonEndpoint(), true),
              Harness.connectorSettings(1L << 20));
      Connector c = h.start(running);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(c.status().monitoredItems()).isEqualTo(11));
      int calls = sim.createMonitoredItemsCallSizes().size();

      List<SignalMapping> signals = new ArrayList<>(running.signals());
      SignalMapping feed = signals.get(0);
      signals.set(
          0,
          new SignalMapping(
              feed.signal(),
              "ns=2;x=LYN.K1.FEED_RATE.PV",
              feed.siteUnit(),
              feed.canonicalUnit(),
              feed.scale(),
              feed.offset(),
              feed.samplingIntervalMs(),
              feed.writable()));
      h.writeConfig(
          PlantConfigCodec.seal(
              new ResolvedPlantConfig(
                  running.schemaVersion(),
                  null,
                  running.plant(),
                  running.opcua(),
                  running.connector(),
                  signals,
                  running.useCases())));

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(c.status().configError())
                      .contains("signals[0] (kiln.feed.rate).nodeId 'ns=2;x=LYN.K1.FEED_RATE.PV'")
                      .contains("unknown identifier type 'x='"));
      assertThat(c.status().configVersion()).isEqualTo(running.configVersion());
      assertThat(c.status().session()).isEqualTo(SessionState.Connected);
      assertThat(c.status().monitoredItems()).isEqualTo(11);
      assertThat(sim.createMonitoredItemsCallSizes()).hasSize(calls);
    }
  }

  private static Recommendation advice(long seq, double value) {
    return new Recommendation(
        seq,
        "kiln1-energy",
        "1.2.0",
        Autonomy.Advisory,
        System.currentTimeMillis(),
        "snapshot-" + seq,
        List.of(
            new Recommendation.OutputValue(
                "fuel_setpoint", "kiln.fuel.setpoint", "t/h", value, value, false)),
        List.of());
  }
}
