package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantops.contract.Autonomy;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Quality;
import io.plantops.contract.Recommendation;
import io.plantops.contract.SessionState;
import io.plantops.contract.SignalSample;
import io.plantops.contract.WriteReason;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.Point;
import io.plantops.simulator.SecurityOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureClosedLoopIT {

  @TempDir Path root;

  @Test
  void mapsLyonOverBasic256Sha256AndWritesOnlyInsideTheEnvelope() throws Exception {
    SecurityOptions security =
        new SecurityOptions(false, false, false, Map.of(Harness.USER, Harness.PASSWORD), false);
    try (Harness h =
        new Harness(
            root, PlantSimulator.builder(Dialect.lyon()).seed(11).security(security).start())) {
      h.writeSecrets();
      Connector c =
          h.start(
              Harness.lyon(
                  Autonomy.ClosedLoop,
                  Harness.secure(Harness.lyonEndpoint(), "Basic256Sha256"),
                  Harness.connectorSettings(64L << 20)));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(c.status().session()).isEqualTo(SessionState.Connected);
                assertThat(c.status().monitoredItems()).isEqualTo(11);
              });
      // every mapped signal reaches the inference server, canonical and Good
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(
                          h.inference.batches.stream()
                              .flatMap(b -> b.samples().stream())
                              .map(SignalSample::signal)
                              .distinct())
                      .hasSize(11));
      SignalSample bz = latest(h, "kiln.burning_zone.temperature");
      assertThat(bz.quality()).isEqualTo(Quality.Good);
      assertThat(bz.value()).isCloseTo(h.sim.value(Point.BURNING_ZONE_TEMPERATURE), within(30.0));
      assertThat(bz.timestampMs()).isCloseTo(System.currentTimeMillis(), within(10_000L));

      // closed loop: a recommendation inside the envelope is written as is
      double sp = h.sim.value(Point.FUEL_SETPOINT);
      h.inference.publish(rec(1, sp + 0.1));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(h.sim.writes()).hasSize(1));
      assertThat(h.sim.writes().get(0).canonical()).isCloseTo(sp + 0.1, within(1e-9));
      assertThat(h.sim.writes().get(0).user()).isEqualTo(Harness.USER);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(latest(h, "kiln.fuel.setpoint").value())
                      .isCloseTo(sp + 0.1, within(1e-9)));

      // a big move is cut to what is left of the 0.2 t/h per minute
      h.inference.publish(rec(2, sp + 1.0));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(h.sim.writes()).hasSize(2));
      assertThat(h.sim.writes().get(1).canonical()).isCloseTo(sp + 0.2, within(1e-9));

      // NaN is refused, and so is anything while an input is not Good
      h.inference.publish(rec(3, Double.NaN));
      h.sim.injectStatus(Point.INLET_O2, StatusCodes.Bad_SensorFailure);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(latest(h, "kiln.inlet.o2").quality()).isEqualTo(Quality.Bad));
      h.inference.publish(rec(4, sp + 0.1));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(c.status().withheld())
                      .containsEntry(WriteReason.NOT_FINITE, 1L)
                      .containsEntry(WriteReason.INPUT_NOT_GOOD, 1L));
      assertThat(h.sim.writes()).hasSize(2);
      assertThat(c.status().writes()).isEqualTo(2);

      List<JsonNode> audit = audit(h);
      assertThat(audit)
          .extracting(a -> a.path("action").asText() + ":" + a.path("reason").asText())
          .containsExactly(
              "Writing:written",
              "Written:written",
              "Writing:rate_limited_step",
              "Written:rate_limited_step",
              "Withheld:not_finite",
              "Withheld:input_not_good");
      JsonNode first = audit.get(1);
      assertThat(first.path("old").asDouble()).isCloseTo(sp, within(1e-9));
      assertThat(first.path("requested").asDouble()).isCloseTo(sp + 0.1, within(1e-9));
      assertThat(first.path("written").asDouble()).isCloseTo(sp + 0.1, within(1e-9));
      assertThat(first.path("modelVersion").asText()).isEqualTo("1.2.0");
      assertThat(first.path("useCase").asText()).isEqualTo("kiln1-energy");
      assertThat(audit.get(5).path("detail").asText()).contains("kiln.inlet.o2 (Bad)");

      String metrics = h.get("/metrics");
      assertThat(metrics)
          .contains("plantops_connector_session_state{state=\"Connected\"} 1.0")
          .contains("plantops_connector_monitored_items 11.0")
          .contains(
              "plantops_connector_writes_total{output=\"fuel_setpoint\",reason=\"written\",use_case=\"kiln1-energy\"} 1.0")
          .contains(
              "plantops_connector_withheld_writes_total{output=\"fuel_setpoint\",reason=\"not_finite\",use_case=\"kiln1-energy\"} 1.0");
    }
  }

  static Recommendation rec(long seq, double value) {
    return new Recommendation(
        seq,
        "kiln1-energy",
        "1.2.0",
        Autonomy.ClosedLoop,
        System.currentTimeMillis(),
        "snapshot-" + seq,
        List.of(
            new Recommendation.OutputValue(
                "fuel_setpoint", "kiln.fuel.setpoint", "t/h", value, value, false)),
        List.of());
  }

  static SignalSample latest(Harness h, String signal) {
    Optional<SignalSample> last = Optional.empty();
    for (var b : h.inference.batches) {
      for (SignalSample s : b.samples()) {
        if (s.signal().equals(signal)) {
          last = Optional.of(s);
        }
      }
    }
    return last.orElseThrow(() -> new AssertionError("no sample of " + signal + " yet"));
  }

  static List<JsonNode> audit(Harness h) throws Exception {
    Path file = h.connector.audit().file();
    return Files.readAllLines(file).stream()
        .map(
            l -> {
              try {
                return PlantConfigCodec.mapper().readTree(l);
              } catch (Exception e) {
                throw new AssertionError("audit line is not JSON: " + l, e);
              }
            })
        .toList();
  }
}
