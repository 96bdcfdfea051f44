package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.plantops.contract.Autonomy;
import io.plantops.contract.Quality;
import io.plantops.contract.SessionState;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.Point;
import io.plantops.simulator.SecurityOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsecureJolietIT {

  @TempDir Path root;

  private static PlantSimulator anonymousSimulator() throws Exception {
    return PlantSimulator.builder(Dialect.joliet())
        .seed(21)
        .security(new SecurityOptions(true, true, true, Map.of(), false))
        .start();
  }

  @Test
  void refusesSecurityPolicyNoneWithWritableMappingsAndSaysWhy() throws Exception {
    try (Harness h = new Harness(root, anonymousSimulator())) {
      Connector c =
          h.start(
              Harness.joliet(
                  Autonomy.ClosedLoop,
                  Harness.insecure(Harness.jolietEndpoint(), false),
                  Harness.connectorSettings(1L << 20)));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(c.status().session()).isEqualTo(SessionState.Refused));
      assertThat(c.status().sessionMessage())
          .contains("refusing to connect plant joliet")
          .contains("securityPolicy None")
          .contains("anonymous user")
          .contains("kiln.fuel.setpoint")
          .contains("allowInsecure");
      assertThat(h.get("/metrics")).contains("plantops_connector_security_refused 1.0");
      assertThat(h.sim.monitoredItemsPerSubscription()).isEmpty();
    }
  }

  @Test
  void withAllowInsecureConvertsJolietUnitsAndWritesAFloatSetpointInKilogramsPerMinute()
      throws Exception {
    try (Harness h = new Harness(root, anonymousSimulator())) {
      Connector c =
          h.start(
              Harness.joliet(
                  Autonomy.ClosedLoop,
                  Harness.insecure(Harness.jolietEndpoint(), true),
                  Harness.connectorSettings(1L << 20)));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(c.status().monitoredItems()).isEqualTo(11));
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                // °F, kg/min, t/d, MW, tenths of a percent and a ratio, all back in canonical units
                assertThat(SecureClosedLoopIT.latest(h, "kiln.burning_zone.temperature").value())
                    .isCloseTo(h.sim.value(Point.BURNING_ZONE_TEMPERATURE), within(30.0));
                assertThat(SecureClosedLoopIT.latest(h, "kiln.feed.rate").value())
                    .isCloseTo(h.sim.value(Point.FEED_RATE), within(5.0));
                assertThat(SecureClosedLoopIT.latest(h, "kiln.clinker.rate").value())
                    .isCloseTo(h.sim.value(Point.CLINKER_RATE), within(5.0));
                assertThat(SecureClosedLoopIT.latest(h, "kiln.main_drive.power").value())
                    .isCloseTo(h.sim.value(Point.DRIVE_POWER), within(60.0));
                assertThat(SecureClosedLoopIT.latest(h, "kiln.inlet.o2").value())
                    .isCloseTo(h.sim.value(Point.INLET_O2), within(0.3));
                assertThat(SecureClosedLoopIT.latest(h, "raw_meal.lsf").value())
                    .isCloseTo(h.sim.value(Point.RAW_MEAL_LSF), within(0.01));
                assertThat(SecureClosedLoopIT.latest(h, "raw_meal.lsf").quality())
                    .isEqualTo(Quality.Good);
              });
      double sp = h.sim.value(Point.FUEL_SETPOINT);
      h.inference.publish(SecureClosedLoopIT.rec(1, sp - 0.1));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(h.sim.writes()).hasSize(1));
      // t/h to kg/min: x 1000 / 60, sent as the node's Float
      assertThat(h.sim.writes().get(0).raw()).isCloseTo((sp - 0.1) * 1000 / 60, within(1e-3));
      assertThat(h.sim.writes().get(0).canonical()).isCloseTo(sp - 0.1, within(1e-4));
      assertThat(h.sim.writes().get(0).user()).isEqualTo("anonymous");
    }
  }
}
