package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.contract.HostAliases;
import io.plantops.contract.Quality;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.SampleConfigs;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.Point;
import io.plantops.simulator.ServerLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The subscriptions of a session against the in-process Milo simulator. */
class PlantSubscriptionsIT {

  private static final String LYON_NAMESPACE = "urn:plantops:simulator:lyon:pcs7";

  @Test
  void monitorsEverySignalAndMapsItsNotificationsIntoTheStore() throws Exception {
    try (PlantSimulator sim = OpcUaFixtures.lyonSimulator(ServerLimits.defaults())) {
      ResolvedPlantConfig config = OpcUaFixtures.lyon(sim);
      SignalStore store = OpcUaFixtures.store(config);
      try (PlantConnection connection = connection(config, store)) {
        connection.start();
        PlantSubscriptions subscriptions = connection.subscriptions();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(subscriptions.monitoredItems()).isEqualTo(11));
        // 9 signals at 1 s share one subscription, the 2 lab signals at 60 s have their own
        assertThat(subscriptions.subscriptionCount()).isEqualTo(2);
        assertThat(subscriptions.unmonitored()).isEmpty();
        assertThat(subscriptions.limits()).isPresent();
        int feed = store.table().byName("kiln.feed.rate").orElseThrow().index();
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  long now = System.currentTimeMillis();
                  assertThat(store.view(feed, now).quality()).isEqualTo(Quality.Good);
                  assertThat(store.view(feed, now).value())
                      .isCloseTo(sim.value(Point.FEED_RATE), within(5.0));
                });
      }
    }
  }

  @Test
  void leavesWhatTheServersLimitsCannotHoldUnmonitoredAndNamesIt() throws Exception {
    // 3 items per subscription, 2 subscriptions per session: room for 6 of the 11 signals
    try (PlantSimulator sim = OpcUaFixtures.lyonSimulator(new ServerLimits(1000, 3, 2))) {
      ResolvedPlantConfig config = OpcUaFixtures.lyon(sim);
      try (PlantConnection connection = connection(config, OpcUaFixtures.store(config))) {
        connection.start();
        PlantSubscriptions subscriptions = connection.subscriptions();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(subscriptions.monitoredItems()).isEqualTo(6));
        assertThat(subscriptions.unmonitored())
            .containsExactly(
                "preheater.outlet.temperature",
                "kiln.main_drive.power",
                "kiln.clinker.rate",
                "clinker.free_lime.lab",
                "raw_meal.lsf");
        assertThat(sim.monitoredItemsPerSubscription().values()).containsExactlyInAnyOrder(3, 3);
      }
    }
  }

  @Test
  void resolvesNamespaceUrisAgainstTheServersNamespaceTable() throws Exception {
    List<SignalMapping> signals = new ArrayList<>(SampleConfigs.lyonSignals());
    SignalMapping feed = signals.get(0);
    signals.set(0, withNodeId(feed, "nsu=" + LYON_NAMESPACE + ";s=LYN.K1.FEED_RATE.PV"));
    SignalMapping speed = signals.get(1);
    signals.set(1, withNodeId(speed, "nsu=urn:nobody:knows;s=LYN.K1.DRIVE.SPEED.PV"));
    try (PlantSimulator sim = OpcUaFixtures.lyonSimulator(ServerLimits.defaults())) {
      ResolvedPlantConfig config =
          OpcUaFixtures.lyon(OpcUaFixtures.insecure(sim.endpointUrl(), true), signals);
      SignalStore store = OpcUaFixtures.store(config);
      try (PlantConnection connection = connection(config, store)) {
        connection.start();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> assertThat(connection.subscriptions().monitoredItems()).isEqualTo(10));
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(store.view(0, System.currentTimeMillis()).value())
                        .isCloseTo(sim.value(Point.FEED_RATE), within(5.0)));
        assertThat(store.view(1, System.currentTimeMillis()).stale())
            .as("the signal in an unknown namespace is never read")
            .isTrue();
      }
    }
  }

  private static SignalMapping withNodeId(SignalMapping m, String nodeId) {
    return new SignalMapping(
        m.signal(),
        nodeId,
        m.siteUnit(),
        m.canonicalUnit(),
        m.scale(),
        m.offset(),
        m.samplingIntervalMs(),
        m.writable());
  }

  private static PlantConnection connection(ResolvedPlantConfig config, SignalStore store)
      throws Exception {
    return new PlantConnection(
        config,
        store,
        MappedNodes.of(store.table()),
        HostAliases.parse(null),
        Path::of,
        Clock.systemUTC(),
        OpcUaFixtures.TUNING,
        new GapRecorder(),
        OpcUaFixtures.countingBackoff(new AtomicInteger()));
  }
}
