package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantops.contract.HostAliases;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SessionState;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.ServerLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.junit.jupiter.api.Test;

/** The session against the in-process Milo simulator. */
class PlantSessionIT {

  /** A part that records what the session asks of it, and what the session looked like then. */
  private static final class Recorder implements PlantSession.Part {
    final String name;
    final List<String> log;
    final AtomicInteger failuresLeft;
    PlantSession session;
    final List<OpcUaClient> clients = new CopyOnWriteArrayList<>();
    final AtomicInteger lost = new AtomicInteger();

    Recorder(String name, List<String> log, int failures) {
      this.name = name;
      this.log = log;
      this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public void establish(OpcUaClient client) throws UaException {
      log.add(name + " establish while " + session.state());
      clients.add(client);
      if (failuresLeft.getAndDecrement() > 0) {
        throw new UaException(StatusCodes.Bad_TooManyOperations, name + " failed on purpose");
      }
    }

    @Override
    public void reestablish(OpcUaClient client) {
      log.add(name + " reestablish");
      clients.add(client);
    }

    @Override
    public void sessionLost() {
      lost.incrementAndGet();
    }
  }

  @Test
  void establishesEveryPartInOrderBeforeTheSessionCountsAsConnected() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    Recorder a = new Recorder("a", log, 0);
    Recorder b = new Recorder("b", log, 0);
    AtomicInteger draws = new AtomicInteger();
    try (PlantSimulator sim = OpcUaFixtures.lyonSimulator(ServerLimits.defaults());
        PlantSession session = session(OpcUaFixtures.lyon(sim), draws, a, b)) {
      session.start(List.of(a, b));
      await().atMost(Duration.ofSeconds(30)).until(() -> session.state() == SessionState.Connected);
      assertThat(log)
          .containsExactly("a establish while Connecting", "b establish while Connecting");
      assertThat(session.client()).hasValueSatisfying(c -> assertThat(a.clients).containsOnly(c));
      assertThat(session.message()).isEmpty();
      assertThat(draws).hasValue(0);

      session.reestablish();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(log).endsWith("a reestablish", "b reestablish"));
      assertThat(b.clients).hasSize(2).containsOnly(a.clients.get(0));
    }
  }

  @Test
  void aFailingPartDropsTheSessionAndTheNextAttemptComesAfterTheBackoff() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    Recorder flaky = new Recorder("flaky", log, 1);
    AtomicInteger draws = new AtomicInteger();
    try (PlantSimulator sim = OpcUaFixtures.lyonSimulator(ServerLimits.defaults());
        PlantSession session = session(OpcUaFixtures.lyon(sim), draws, flaky)) {
      session.start(List.of(flaky));
      await().atMost(Duration.ofSeconds(30)).until(() -> session.state() == SessionState.Connected);
      assertThat(draws).as("one failure, one backoff delay").hasValue(1);
      assertThat(log).hasSize(2);
      assertThat(flaky.clients.get(0))
          .as("a new client after the failure")
          .isNotSameAs(flaky.clients.get(1));
    }
  }

  @Test
  void tellsThePartsWhenTheSessionIsLostAndIsConnectedAgainWhenTheServerReturns() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    Recorder part = new Recorder("part", log, 0);
    AtomicInteger draws = new AtomicInteger();
    try (PlantSimulator sim = OpcUaFixtures.lyonSimulator(ServerLimits.defaults());
        PlantSession session = session(OpcUaFixtures.lyon(sim), draws, part)) {
      session.start(List.of(part));
      await().atMost(Duration.ofSeconds(30)).until(() -> session.state() == SessionState.Connected);
      sim.stopServer();
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                assertThat(session.state()).isEqualTo(SessionState.Disconnected);
                assertThat(session.message()).contains("session lost; reconnecting");
                assertThat(session.client()).isEmpty();
                assertThat(part.lost).hasValue(1);
              });
      sim.startServer();
      await().atMost(Duration.ofSeconds(40)).until(() -> session.state() == SessionState.Connected);
      assertThat(session.client()).isPresent();
    }
  }

  private static PlantSession session(
      ResolvedPlantConfig config, AtomicInteger draws, Recorder... parts) {
    PlantSession session =
        new PlantSession(
            config,
            HostAliases.parse(null),
            Path::of,
            OpcUaFixtures.TUNING,
            OpcUaFixtures.countingBackoff(draws));
    for (Recorder r : parts) {
      r.session = session;
    }
    return session;
  }
}
