package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantops.contract.Autonomy;
import io.plantops.contract.HostAliases;
import io.plantops.contract.MountPaths;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.SessionState;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session's decisions that need no server: refusal, missing Secrets, retries. */
class PlantSessionTest {

  @TempDir Path root;

  private final List<String> established = new CopyOnWriteArrayList<>();
  private final PlantSession.Part recorder =
      new PlantSession.Part() {
        @Override
        public void establish(OpcUaClient client) {
          established.add("established");
        }
      };

  @Test
  void refusesAnInsecurePlantWithWritableMappingsWithoutConnecting() {
    ResolvedPlantConfig config =
        OpcUaFixtures.lyon(
            OpcUaFixtures.insecure("opc.tcp://127.0.0.1:1/lyon", false),
            SampleConfigs.lyonSignals());
    AtomicInteger draws = new AtomicInteger();
    try (PlantSession session = session(config, draws)) {
      session.start(List.of(recorder));
      assertThat(session.state()).isEqualTo(SessionState.Refused);
      assertThat(session.message())
          .hasValueSatisfying(
              m ->
                  assertThat(m)
                      .contains("refusing to connect plant lyon")
                      .contains("securityPolicy None")
                      .contains("[kiln.fuel.setpoint]")
                      .contains("allowInsecure"));
      assertThat(session.client()).isEmpty();
      assertThat(draws).as("a refusal is not retried").hasValue(0);
      assertThat(established).isEmpty();
    }
  }

  @Test
  void aMissingSecretRefusesAndIsLookedForAgainAfterTheBackoff() {
    ResolvedPlantConfig config = SampleConfigs.lyon(Autonomy.ClosedLoop);
    AtomicInteger draws = new AtomicInteger();
    try (PlantSession session = session(config, draws)) {
      session.start(List.of(recorder));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(session.state()).isEqualTo(SessionState.Refused);
                assertThat(session.message())
                    .hasValueSatisfying(m -> assertThat(m).contains("tls.crt"));
                assertThat(draws.get()).isGreaterThanOrEqualTo(3);
              });
      assertThat(established).isEmpty();
    }
  }

  @Test
  void keepsConnectingWithBackoffWhileTheServerDoesNotAnswer() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "opc.tcp://127.0.0.1:" + closedPort + "/lyon";
    ResolvedPlantConfig config =
        OpcUaFixtures.lyon(OpcUaFixtures.insecure(url, true), SampleConfigs.lyonSignals());
    AtomicInteger draws = new AtomicInteger();
    try (PlantSession session = session(config, draws)) {
      session.start(List.of(recorder));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThat(draws.get()).isGreaterThanOrEqualTo(2);
                assertThat(session.state()).isEqualTo(SessionState.Connecting);
                assertThat(session.message())
                    .hasValueSatisfying(m -> assertThat(m).startsWith("cannot connect to " + url));
              });
      assertThat(established).isEmpty();
    }
  }

  private PlantSession session(ResolvedPlantConfig config, AtomicInteger draws) {
    return new PlantSession(
        config,
        HostAliases.parse(null),
        p -> MountPaths.resolve(root.toString(), p),
        OpcUaFixtures.TUNING,
        OpcUaFixtures.countingBackoff(draws));
  }
}
