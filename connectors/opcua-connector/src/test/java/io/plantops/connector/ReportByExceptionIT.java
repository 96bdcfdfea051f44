package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.plantops.contract.Autonomy;
import io.plantops.contract.Quality;
import io.plantops.contract.ResolvedPlantConfig.ConnectorSettings;
import io.plantops.contract.SessionState;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SignalSample;
import io.plantops.contract.WriteReason;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.Point;
import io.plantops.simulator.SecurityOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Report by exception against the real simulator (OPC UA Part 4 §5.12.1): a value that does not
 * change sends nothing and stays valid while its subscription answers; a subscription that stops
 * answering makes its signals stale within the documented number of keep-alive periods.
 */
class ReportByExceptionIT {

  private static final String SPEED = "kiln.speed";
  private static final String FUEL_SP = "kiln.fuel.setpoint";

  @TempDir Path root;

  @Test
  void aConstantInputAndAConstantSetpointBlockNeitherDeliveryNorClosedLoopWrites()
      throws Exception {
    try (Harness h = secureLyon()) {
      Connector c = h.start(lyon(3));
      awaitConnected(c);
      // a frozen tag is what a server reporting by exception shows for a constant value: the same
      // value with the same source timestamp, so no DataChangeTrigger reports it again
      h.sim.freeze(Point.KILN_SPEED);
      h.sim.freeze(Point.FUEL_SETPOINT);
      long frozenAt = System.currentTimeMillis();
      int batchesBefore = h.inference.batches.size();

      // longer than the old rule (3 sampling intervals of 1 s without a notification) allowed
      await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(9)).until(() -> true);
      // a snapshot: a subList of the live CopyOnWriteArrayList throws
      // ConcurrentModificationException once the connector delivers another batch
      List<SignalBatch> received = List.copyOf(h.inference.batches);
      List<SignalBatch> since = received.subList(batchesBefore, received.size());
      assertThat(samplesOf(since, SPEED, frozenAt + 2_000))
          .as("nothing is sent for a value that does not change")
          .isZero();
      assertThat(samplesOf(since, "kiln.feed.rate", frozenAt + 2_000)).isPositive();
      assertThat(c.status().staleSignals()).doesNotContain(SPEED, FUEL_SP);
      SignalBatch last = h.inference.batches.get(h.inference.batches.size() - 1);
      assertThat(last.stale())
          .as("the liveness report vouches for the held values")
          .isNotNull()
          .doesNotContain(SPEED, FUEL_SP);
      assertThat(h.get("/metrics")).contains("plantops_connector_held_signals 2.0");

      // the setpoint untouched since it froze is known: a ClosedLoop write goes through
      double sp = h.sim.value(Point.FUEL_SETPOINT);
      h.inference.publish(SecureClosedLoopIT.rec(1, sp + 0.1));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(h.sim.writes()).hasSize(1));
      assertThat(h.sim.writes().get(0).canonical()).isCloseTo(sp + 0.1, within(1e-9));
      assertThat(c.status().withheld()).isEmpty();

      // a Bad status makes the held input bad at once
      h.sim.clearFaults();
      h.sim.injectStatus(Point.KILN_SPEED, StatusCodes.Bad_SensorFailure);
      await()
          .atMost(Duration.ofSeconds(3))
          .untilAsserted(
              () ->
                  assertThat(SecureClosedLoopIT.latest(h, SPEED).quality()).isEqualTo(Quality.Bad));
      h.inference.publish(SecureClosedLoopIT.rec(2, sp + 0.1));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(c.status().withheld()).containsEntry(WriteReason.INPUT_NOT_GOOD, 1L));
      assertThat(h.sim.writes()).hasSize(1);
    }
  }

  @Test
  void aSubscriptionThatStopsPublishingMakesEverySignalStaleWithinItsKeepAlivePeriods()
      throws Exception {
    int intervals = 1;
    try (Harness h = secureLyon()) {
      Connector c = h.start(lyon(intervals));
      awaitConnected(c);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(c.status().staleSignals()).isEmpty());
      long keepAliveMs = keepAlivePeriodMs(h);
      assertThat(keepAliveMs).as("revised by the server").isPositive();

      h.sim.silencePublishing(true);
      long silencedAt = System.currentTimeMillis();
      await()
          .atMost(Duration.ofMillis(intervals * keepAliveMs + 5_000))
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> assertThat(c.status().staleSignals()).hasSize(11));
      long after = System.currentTimeMillis() - silencedAt;
      // the bound counts from the last publish response, which came at most one publishing
      // interval (1 s) before the silence began
      assertThat(after).isLessThanOrEqualTo(intervals * keepAliveMs + 1_000);
      assertThat(c.status().session())
          .as("TCP and the session are up")
          .isEqualTo(SessionState.Connected);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                SignalBatch last = h.inference.batches.get(h.inference.batches.size() - 1);
                assertThat(last.stale()).hasSize(11);
              });

      double sp = h.sim.value(Point.FUEL_SETPOINT);
      h.inference.publish(SecureClosedLoopIT.rec(1, sp + 0.1));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(c.status().withheld()).containsEntry(WriteReason.INPUT_STALE, 1L));
      assertThat(h.sim.writes()).isEmpty();

      // publishing again: the signals come back
      h.sim.silencePublishing(false);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(c.status().staleSignals()).isEmpty());
    }
  }

  private Harness secureLyon() throws Exception {
    SecurityOptions security =
        new SecurityOptions(false, false, false, Map.of(Harness.USER, Harness.PASSWORD), false);
    Harness h =
        new Harness(
            root, PlantSimulator.builder(Dialect.lyon()).seed(11).security(security).start());
    h.writeSecrets();
    return h;
  }

  private static io.plantops.contract.ResolvedPlantConfig lyon(int staleAfterIntervals) {
    ConnectorSettings cs =
        new ConnectorSettings(
            "http://inference.plant.svc:8080", 64L << 20, staleAfterIntervals, 60, true, 10);
    return Harness.lyon(
        Autonomy.ClosedLoop, Harness.secure(Harness.lyonEndpoint(), "Basic256Sha256"), cs);
  }

  private static void awaitConnected(Connector c) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(c.status().session()).isEqualTo(SessionState.Connected);
              assertThat(c.status().monitoredItems()).isEqualTo(11);
            });
  }

  private static long samplesOf(List<SignalBatch> batches, String signal, long sourceAfterMs) {
    return batches.stream()
        .flatMap(b -> b.samples().stream())
        .filter(s -> s.signal().equals(signal) && s.timestampMs() > sourceAfterMs)
        .map(SignalSample::signal)
        .count();
  }

  private static long keepAlivePeriodMs(Harness h) throws Exception {
    Matcher m =
        Pattern.compile("plantops_connector_keepalive_period_seconds ([0-9.]+)")
            .matcher(h.get("/metrics"));
    assertThat(m.find()).as("keep-alive period in /metrics").isTrue();
    return Math.round(Double.parseDouble(m.group(1)) * 1000);
  }
}
