package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantops.contract.Autonomy;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.MountPaths;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Quality;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.SessionState;
import io.plantops.contract.SignalRefusal;
import io.plantops.contract.SignalSample;
import io.plantops.contract.opcua.NodeIdSyntax;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.SecurityOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that numbers its namespaces differently after a restart (OPC UA Part 3 §8.2.2): the
 * mappings by namespace URI follow it, the mappings by index are refused, never read from the
 * namespace that took their index, whose nodes have the same identifiers and Good, plausible
 * values.
 */
class NamespaceRestartIT {

  private static final String LYON_URI = Dialect.lyon().namespaceUris().get(0);

  @TempDir Path root;

  /** Lyon's mappings, every other one named by namespace URI, all from TagMapping lyon-kiln1. */
  private static ResolvedPlantConfig halfByUri() {
    ResolvedPlantConfig base =
        Harness.lyon(
            Autonomy.Advisory,
            Harness.insecure(Harness.lyonEndpoint(), true),
            Harness.connectorSettings(1L << 20));
    List<SignalMapping> signals = new ArrayList<>();
    for (int i = 0; i < base.signals().size(); i++) {
      SignalMapping m = base.signals().get(i).withTagMapping("lyon-kiln1");
      signals.add(
          i % 2 == 0
              ? new SignalMapping(
                  m.signal(),
                  NodeIdSyntax.byNamespaceUri(m.nodeId(), LYON_URI).orElseThrow(),
                  m.siteUnit(),
                  m.canonicalUnit(),
                  m.scale(),
                  m.offset(),
                  m.samplingIntervalMs(),
                  m.writable(),
                  m.maxAgeMs(),
                  m.tagMapping())
              : m);
    }
    return PlantConfigCodec.seal(
        new ResolvedPlantConfig(
            base.schemaVersion(),
            null,
            base.plant(),
            base.opcua(),
            base.connector(),
            signals,
            base.useCases()));
  }

  @Test
  void refusesMappingsByAnIndexThatMovedAndFollowsMappingsByUriAcrossAServerRestart()
      throws Exception {
    PlantSimulator sim =
        PlantSimulator.builder(Dialect.lyon())
            .security(new SecurityOptions(true, true, false, Map.of(), false))
            .start();
    ResolvedPlantConfig config = halfByUri();
    Set<String> byIndex =
        config.signals().stream()
            .filter(s -> s.nodeId().startsWith("ns="))
            .map(SignalMapping::signal)
            .collect(Collectors.toSet());
    Set<String> byUri =
        config.signals().stream()
            .filter(s -> s.nodeId().startsWith("nsu="))
            .map(SignalMapping::signal)
            .collect(Collectors.toSet());
    try (Harness h = new Harness(root, sim)) {
      Connector c = h.start(config);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(c.status().monitoredItems()).isEqualTo(config.signals().size());
                assertThat(c.status().refusedSignals()).isEmpty();
              });
      Path record = h.path(MountPaths.DATA_DIR).resolve("namespaces.json");
      assertThat(Files.readString(record)).contains(LYON_URI);

      sim.insertNamespacesAtNextStart(List.of("urn:vendor:batch-module"));
      long restartedAt = System.currentTimeMillis();
      sim.restartServer();
      assertThat(sim.tagNamespaceIndex()).isEqualTo(3);

      await()
          .atMost(Duration.ofSeconds(40))
          .untilAsserted(
              () -> {
                ConnectorStatus s = c.status();
                assertThat(s.session()).isEqualTo(SessionState.Connected);
                assertThat(s.refusedSignals())
                    .extracting(ConnectorStatus.RefusedSignal::signal)
                    .containsExactlyInAnyOrderElementsOf(byIndex);
                assertThat(s.monitoredItems()).isEqualTo(byUri.size());
                for (String signal : byUri) {
                  SignalSample latest = SecureClosedLoopIT.latest(h, signal);
                  assertThat(latest.timestampMs()).as(signal).isGreaterThan(restartedAt);
                }
              });
      ConnectorStatus.RefusedSignal feedSpeed =
          c.status().refusedSignals().stream()
              .filter(r -> r.signal().equals("kiln.speed"))
              .findFirst()
              .orElseThrow();
      assertThat(feedSpeed.reason()).isEqualTo(SignalRefusal.NamespaceMoved);
      assertThat(feedSpeed.tagMapping()).isEqualTo("lyon-kiln1");
      assertThat(feedSpeed.message())
          .contains("TagMapping lyon-kiln1, entry kiln.speed")
          .contains("nodeId 'ns=2;s=LYN.K1.DRIVE.SPEED.PV'")
          .contains("'urn:vendor:batch-module' there")
          .contains("'" + LYON_URI + "' at index 3")
          .contains("write the nodeId as 'nsu=" + LYON_URI + ";s=LYN.K1.DRIVE.SPEED.PV'");
      assertThat(h.get("/metrics"))
          .contains(
              "plantops_connector_signal_refused{reason=\"NamespaceMoved\",signal=\"kiln.speed\"}"
                  + " 1.0");
      // nothing was read from the namespace that took index 2: the refused signals have no
      // sample since the restart, the others carry the plant's own Good values
      await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
      for (var batch : h.inference.batches) {
        for (SignalSample sample : batch.samples()) {
          if (sample.timestampMs() > restartedAt) {
            assertThat(byIndex).as(sample.toString()).doesNotContain(sample.signal());
          }
        }
      }
      assertThat(SecureClosedLoopIT.latest(h, "kiln.feed.rate").quality()).isEqualTo(Quality.Good);

      // the record outlives the connector: a new process refuses the same mappings
      c.close();
      h.connector = null;
      Connector again = h.start(config);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(again.status().refusedSignals())
                      .extracting(ConnectorStatus.RefusedSignal::signal)
                      .containsExactlyInAnyOrderElementsOf(byIndex));
    }
  }

  /**
   * A plant whose every signal was refused has no subscription left, so nothing on the server is
   * lost when it restarts and no transfer fails: the new session itself must make the connector
   * read the NamespaceArray again, or the signals would stay refused until the connector restarts.
   */
  @Test
  void aPlantWhoseEverySignalWasRefusedIsCheckedAgainOnTheNextSession() throws Exception {
    PlantSimulator sim =
        PlantSimulator.builder(Dialect.lyon())
            .security(new SecurityOptions(true, true, false, Map.of(), false))
            .start();
    ResolvedPlantConfig config =
        Harness.lyon(
            Autonomy.Advisory,
            Harness.insecure(Harness.lyonEndpoint(), true),
            Harness.connectorSettings(1L << 20));
    int all = config.signals().size();
    try (Harness h = new Harness(root, sim)) {
      Connector c = h.start(config);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(c.status().monitoredItems()).isEqualTo(all));

      // every mapping names Lyon's namespace by index: another namespace takes it
      sim.insertNamespacesAtNextStart(List.of("urn:vendor:batch-module"));
      sim.restartServer();
      await()
          .atMost(Duration.ofSeconds(40))
          .untilAsserted(
              () -> {
                ConnectorStatus s = c.status();
                assertThat(s.session()).isEqualTo(SessionState.Connected);
                assertThat(s.refusedSignals()).hasSize(all);
                assertThat(s.monitoredItems()).isZero();
              });

      // the server numbers its namespaces as first seen again
      sim.insertNamespacesAtNextStart(List.of());
      long restartedAt = System.currentTimeMillis();
      sim.restartServer();
      assertThat(sim.tagNamespaceIndex()).isEqualTo(2);
      await()
          .atMost(Duration.ofSeconds(40))
          .untilAsserted(
              () -> {
                ConnectorStatus s = c.status();
                assertThat(s.refusedSignals()).isEmpty();
                assertThat(s.monitoredItems()).isEqualTo(all);
                assertThat(SecureClosedLoopIT.latest(h, "kiln.feed.rate").timestampMs())
                    .isGreaterThan(restartedAt);
              });
    }
  }
}
