package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.plantops.contract.Autonomy;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.SessionState;
import io.plantops.contract.SignalRefusal;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.Point;
import io.plantops.simulator.SecurityOptions;
import io.plantops.simulator.TagSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joliet's own TagMapping against a server whose EngineeringUnits changed: its feed now in short
 * tons per hour (the TagMapping still says kg/min), its kiln speed advertised in °F (a wrong unit
 * of another dimension). The catalogue converts the first; the second is refused; the rest runs.
 */
class ServerUnitsIT {

  @TempDir Path root;

  private static Dialect jolietWithOtherUnits() {
    Dialect joliet = Dialect.joliet();
    List<TagSpec> tags = new ArrayList<>(joliet.tags());
    tags.replaceAll(
        t -> {
          if (t.point() == Point.FEED_RATE) {
            return new TagSpec(
                t.point(),
                t.nodeId(),
                t.browseName(),
                t.description(),
                t.folder(),
                "st/h",
                1.0,
                0.0,
                "st/h",
                t.type(),
                t.samplingIntervalMs(),
                t.writable(),
                0,
                440);
          }
          if (t.point() == Point.KILN_SPEED) {
            return new TagSpec(
                t.point(),
                t.nodeId(),
                t.browseName(),
                t.description(),
                t.folder(),
                t.siteUnit(),
                t.scale(),
                t.offset(),
                "degF",
                t.type(),
                t.samplingIntervalMs(),
                t.writable(),
                t.euLow(),
                t.euHigh());
          }
          return t;
        });
    return new Dialect(
        joliet.name(), joliet.productName(), joliet.namespaceUris(), joliet.endpointPath(), tags);
  }

  @Test
  void convertsAUnitTheCatalogueKnowsAndRefusesOneOfAnotherDimensionWhileTheRestRuns()
      throws Exception {
    PlantSimulator sim =
        PlantSimulator.builder(jolietWithOtherUnits())
            .security(new SecurityOptions(true, true, false, Map.of(), false))
            .start();
    try (Harness h = new Harness(root, sim)) {
      var config =
          Harness.joliet(
              Autonomy.Advisory,
              Harness.insecure(Harness.jolietEndpoint(), true),
              Harness.connectorSettings(1L << 20));
      Connector c = h.start(config);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                ConnectorStatus s = c.status();
                assertThat(s.session()).isEqualTo(SessionState.Connected);
                assertThat(s.refusedSignals())
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.signal()).isEqualTo("kiln.speed");
                          assertThat(r.reason()).isEqualTo(SignalRefusal.UnitMismatch);
                          assertThat(r.message())
                              .contains("nodeId 'ns=3;i=2002' refused")
                              .contains("'°F'")
                              .contains("'rpm'");
                        });
                assertThat(s.monitoredItems()).isEqualTo(config.signals().size() - 1);
                // the feed arrives in short tons per hour and is converted by the catalogue
                assertThat(SecureClosedLoopIT.latest(h, "kiln.feed.rate").value())
                    .isCloseTo(sim.value(Point.FEED_RATE), within(0.5));
              });
    }
  }
}
