package io.plantops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantops.sandbox.runtime.ProcessReport;
import io.plantops.simulator.ServerIdentity;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated plant that dies is the plant going away: the sandbox notices it and says so, and
 * brings it back only when asked to ({@code --restart-simulators}), on the same endpoint.
 */
class SimulatorProcessIT {

  static final Path ROOT =
      Path.of(System.getProperty("plantops.root", "..")).toAbsolutePath().normalize();

  @TempDir Path work;

  @Test
  void aKilledSimulatorStaysDownUnlessRestartsAreOnThenComesBackOnTheSameEndpoint()
      throws Exception {
    Path jar =
        Artifacts.jar(ROOT, "connectors/plant-simulator", "plantops-plant-simulator", "-all.jar");
    ServerIdentity connector = ServerIdentity.generate("urn:plantops:test", "test connector");
    try (SimulatorProcess sim =
        SimulatorProcess.start(
            "lyon",
            jar,
            work.resolve("plant"),
            connector.certificatePem(),
            "plantops-connector",
            "secret",
            1.0,
            1,
            work.resolve("lyon.log"))) {
      String endpoint = sim.endpointUrl();
      assertThat(sim.report(false).running()).isTrue();

      sim.kill();
      sim.check(false);
      ProcessReport down = sim.report(false);
      assertThat(down.running()).isFalse();
      assertThat(down.lastExit()).map(ProcessReport.Exit::code).contains(137);
      assertThat(down.nextStart()).as("no restart is planned").isEmpty();
      // however long it waits, a plant that went away stays away
      await("still down after its back-off would have passed")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                sim.check(false);
                return !sim.alive();
              });

      // with restarts on (--restart-simulators), it comes back after its back-off
      assertThat(sim.report(true).nextStart()).isPresent();
      await("restarted")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                sim.check(true);
                return sim.alive();
              });
      ProcessReport back = sim.report(true);
      assertThat(back.running()).isTrue();
      assertThat(back.restarts()).isEqualTo(1);
      assertThat(back.lastExit()).map(ProcessReport.Exit::code).contains(137);
      assertThat(sim.endpointUrl()).isEqualTo(endpoint);
      assertThat(sim.state().serverRunning()).isTrue();
    }
  }
}
