package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantops.contract.Autonomy;
import io.plantops.contract.Quality;
import io.plantops.contract.Recommendation;
import io.plantops.contract.SessionState;
import io.plantops.contract.UseCaseConfig;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.Point;
import io.plantops.simulator.SecurityOptions;
import io.plantops.simulator.WriteRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guidance tags against the Milo simulator: Lyon's coal flow advice faceplate (value, reasons,
 * heartbeat) shows the advice in Advisory, through the same session and user as setpoint writes,
 * rate-limited and withheld while an input is not Good.
 */
class GuidanceTagsIT {

  static final String VALUE = "ns=2;s=LYN.K1.COAL.FLOW.ADV";
  static final String TEXT = "ns=2;s=LYN.K1.COAL.FLOW.ADV.TXT";
  static final String HEARTBEAT = "ns=2;s=LYN.K1.COAL.FLOW.ADV.HB";

  @TempDir Path root;

  @Test
  void showsAdviceOnLyonsGuidanceTagsRateLimitedAndWithheldWhileAnInputIsBad() throws Exception {
    SecurityOptions security =
        new SecurityOptions(false, false, false, Map.of(Harness.USER, Harness.PASSWORD), false);
    try (Harness h =
        new Harness(
            root,
            PlantSimulator.builder(Dialect.lyon())
                .seed(18)
                .followProbability(0.0)
                .security(security)
                .start())) {
      h.writeSecrets();
      UseCaseConfig.Guidance tags =
          new UseCaseConfig.Guidance(
              "fuel_setpoint",
              "kiln.fuel.setpoint",
              VALUE,
              "t/h",
              1.0,
              0.0,
              TEXT,
              HEARTBEAT,
              2_000,
              "lyon-kiln1");
      Connector c =
          h.start(
              Harness.withUseCases(
                  Harness.lyon(
                      Autonomy.Advisory,
                      Harness.secure(Harness.lyonEndpoint(), "Basic256Sha256"),
                      Harness.connectorSettings(1L << 20)),
                  useCases ->
                      useCases.stream()
                          .map(
                              u ->
                                  u.name().equals("kiln1-energy")
                                      ? u.withGuidance(List.of(tags))
                                      : u)
                          .toList()));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(c.status().session()).isEqualTo(SessionState.Connected);
                assertThat(c.status().monitoredItems()).isEqualTo(11);
              });
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(SecureClosedLoopIT.latest(h, "kiln.inlet.o2").quality())
                      .isEqualTo(Quality.Good));
      assertThat(h.sim.display(TEXT).orElseThrow().statusCode().getValue())
          .as("nothing written yet")
          .isEqualTo(StatusCodes.Uncertain_InitialValue);

      // advice 1 is shown: value, reasons and heartbeat; advice 2 right after is rate-limited
      double sp = h.sim.value(Point.FUEL_SETPOINT);
      Recommendation first = advice(1, sp + 1.0);
      h.inference.publish(first);
      // one millisecond later: a message with the same timestamp would be refused as a duplicate
      h.inference.publish(advice(2, sp + 2.0, first.timestampMs() + 1));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(adviceWrites(h)).hasSize(1));
      WriteRecord shown = adviceWrites(h).get(0);
      assertThat(shown.canonical()).isCloseTo(sp + 1.0, within(1e-9));
      assertThat(shown.user()).as("the connector's own user").isEqualTo(Harness.USER);
      // the server sets the three nodes of the one Write call one after the other
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(h.sim.display(TEXT).orElseThrow().value().value())
                    .isEqualTo("kiln.feed.rate +0.42 t/h; kiln.inlet.o2 -0.18 t/h");
                assertThat(heartbeat(h)).isEqualTo(Instant.ofEpochMilli(first.timestampMs()));
              });
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(actions(h))
                      .containsExactly(
                          "Advised:",
                          "GuidanceWriting:",
                          "GuidanceWritten:",
                          "Advised:",
                          "GuidanceWithheld:rate_limited"));

      // an input goes Bad: the advice is still published, the guidance tags are not written and
      // the heartbeat stops, so the HMI greys the advice out
      h.sim.injectStatus(Point.INLET_O2, StatusCodes.Bad_SensorFailure);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(SecureClosedLoopIT.latest(h, "kiln.inlet.o2").quality())
                      .isEqualTo(Quality.Bad));
      await().pollDelay(Duration.ofMillis(2_100)).until(() -> true);
      h.inference.publish(advice(3, sp + 0.5));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(actions(h)).endsWith("GuidanceWithheld:input_not_good"));
      assertThat(adviceWrites(h)).hasSize(1);
      assertThat(heartbeat(h)).isEqualTo(Instant.ofEpochMilli(first.timestampMs()));
      assertThat(h.sim.writes())
          .as("guidance never writes a setpoint")
          .allMatch(w -> w.point() == Point.FUEL_ADVICE);

      // the input recovers: the next advice is shown again and the heartbeat moves
      h.sim.clearFaults();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(SecureClosedLoopIT.latest(h, "kiln.inlet.o2").quality())
                      .isEqualTo(Quality.Good));
      Recommendation fourth = advice(4, sp + 0.4);
      h.inference.publish(fourth);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(adviceWrites(h)).hasSize(2));
      assertThat(adviceWrites(h).get(1).canonical()).isCloseTo(sp + 0.4, within(1e-9));
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> assertThat(heartbeat(h)).isEqualTo(Instant.ofEpochMilli(fourth.timestampMs())));
      JsonNode written =
          SecureClosedLoopIT.audit(h).stream()
              .filter(a -> a.path("action").asText().equals("GuidanceWritten"))
              .reduce((a, b) -> b)
              .orElseThrow();
      assertThat(written.path("nodeId").asText()).isEqualTo(VALUE);
      assertThat(written.path("siteValue").asDouble()).isCloseTo(sp + 0.4, within(1e-9));
      assertThat(h.get("/metrics"))
          .contains(
              "plantops_connector_guidance_writes_total{outcome=\"written\",output=\"fuel_setpoint\",use_case=\"kiln1-energy\"} 2.0")
          .contains(
              "plantops_connector_guidance_writes_total{outcome=\"rate_limited\",output=\"fuel_setpoint\",use_case=\"kiln1-energy\"} 1.0")
          .contains(
              "plantops_connector_guidance_writes_total{outcome=\"input_not_good\",output=\"fuel_setpoint\",use_case=\"kiln1-energy\"} 1.0");
    }
  }

  private static List<WriteRecord> adviceWrites(Harness h) {
    return h.sim.writes().stream().filter(w -> w.nodeId().equals(VALUE)).toList();
  }

  /** The heartbeat tag's value, or null before any write. */
  private static Instant heartbeat(Harness h) {
    DataValue v = h.sim.display(HEARTBEAT).orElseThrow();
    return v.value().value() instanceof DateTime t ? t.getJavaInstant() : null;
  }

  private static List<String> actions(Harness h) throws Exception {
    return SecureClosedLoopIT.audit(h).stream()
        .map(a -> a.path("action").asText() + ":" + a.path("reason").asText(""))
        .toList();
  }

  private static Recommendation advice(long seq, double value) {
    return advice(seq, value, System.currentTimeMillis());
  }

  private static Recommendation advice(long seq, double value, long timestampMs) {
    return new Recommendation(
        seq,
        "kiln1-energy",
        "1.2.0",
        Autonomy.Advisory,
        timestampMs,
        "snapshot-" + seq,
        List.of(
            new Recommendation.OutputValue(
                "fuel_setpoint", "kiln.fuel.setpoint", "t/h", value, value, false)),
        List.of(
            new Recommendation.Contribution("kiln.feed.rate", 161.0, 0.42),
            new Recommendation.Contribution("kiln.inlet.o2", 3.1, -0.18)));
  }
}
