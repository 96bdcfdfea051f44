package io.plantops.connector.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantops.connector.ManualClock;
import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.connector.opcua.PlantWriter;
import io.plantops.contract.Autonomy;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.WriteReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a closed-loop decision reaches the plant, the audit log and the counters. */
class ClosedLoopWritesTest {

  private static final long T = 1_700_000_000_000L;
  private static final ResolvedPlantConfig LYON = SampleConfigs.lyon(Autonomy.ClosedLoop);

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(T);
  private final SignalStore store = WriteFixtures.store(LYON);
  private final ConnectorMetrics metrics = WriteFixtures.metrics();
  private final WriteStats stats = new WriteStats();
  private final ClosedLoopPolicy policy =
      new ClosedLoopPolicy(
          LYON.useCase("kiln1-energy").orElseThrow(),
          true,
          Set.of("kiln.fuel.setpoint"),
          30_000,
          WritePath.MAX_SKEW_MS);
  private final List<String> auditAtWrite = new ArrayList<>();
  private AuditLog audit;

  @BeforeEach
  void openAudit() throws Exception {
    audit = AuditLog.open(dir, 1 << 20, clock);
  }

  private ClosedLoopWrites writes(PlantWriter writer) {
    return new ClosedLoopWrites(LYON, store, writer, audit, metrics, stats, clock, 200);
  }

  /** A plant that takes every write, and notes what the audit log held when it did. */
  private PlantWriter acceptingPlant() {
    return (entry, canonical) -> {
      auditAtWrite.addAll(WriteFixtures.actions(audit));
      return CompletableFuture.completedFuture(
          new PlantWriter.WriteResult(StatusCode.GOOD, canonical, canonical));
    };
  }

  @Test
  void auditsAWriteBeforeItReachesThePlantAndAgainWithThePlantsAnswer() {
    writes(acceptingPlant()).carryOut(policy, rec(1), decision(WriteReason.WRITTEN, 10.1));

    assertThat(auditAtWrite).containsExactly("Writing:written");
    assertThat(WriteFixtures.actions(audit)).containsExactly("Writing:written", "Written:written");
    assertThat(WriteFixtures.lines(audit).get(1).path("written").asDouble())
        .isCloseTo(10.1, within(1e-9));
    assertThat(stats.writes()).isEqualTo(1);
    assertThat(WriteFixtures.scrape(metrics))
        .contains(
            "plantops_connector_writes_total{output=\"fuel_setpoint\",reason=\"written\",use_case=\"kiln1-energy\"} 1.0");
  }

  @Test
  void withholdsADecisionThatIsNotAWriteWithItsReason() {
    writes(acceptingPlant())
        .carryOut(policy, rec(1), decision(WriteReason.WITHIN_DEADBAND, Double.NaN));

    assertThat(auditAtWrite).as("the plant is not asked").isEmpty();
    assertThat(WriteFixtures.actions(audit)).containsExactly("Withheld:within_deadband");
    assertThat(stats.withheld()).containsEntry(WriteReason.WITHIN_DEADBAND, 1L);
  }

  @Test
  void refusesAtTheLastCheckAValueOutsideTheCalibratedLimits() {
    writes(acceptingPlant()).carryOut(policy, rec(1), decision(WriteReason.WRITTEN, 18.5));

    assertThat(auditAtWrite).as("the plant is not asked").isEmpty();
    assertThat(WriteFixtures.actions(audit)).containsExactly("Withheld:not_writable");
    assertThat(stats.writes()).isZero();
  }

  @Test
  void aWriteWithoutSessionIsWithheldAsNotConnected() {
    PlantWriter disconnected =
        (entry, canonical) ->
            CompletableFuture.failedFuture(
                new UaException(
                    StatusCodes.Bad_NotConnected, "the OPC UA session is not connected"));

    writes(disconnected).carryOut(policy, rec(1), decision(WriteReason.WRITTEN, 10.1));

    assertThat(WriteFixtures.actions(audit))
        .containsExactly("Writing:written", "Withheld:not_connected");
    assertThat(stats.withheld()).containsEntry(WriteReason.NOT_CONNECTED, 1L);
  }

  @Test
  void aWriteThePlantRefusesOrNeverAnswersIsAuditedAsFailed() {
    PlantWriter refusing =
        (entry, canonical) ->
            CompletableFuture.completedFuture(
                new PlantWriter.WriteResult(
                    new StatusCode(StatusCodes.Bad_NotWritable), canonical, canonical));
    PlantWriter silent = (entry, canonical) -> new CompletableFuture<>();

    writes(refusing).carryOut(policy, rec(1), decision(WriteReason.WRITTEN, 10.1));
    writes(silent).carryOut(policy, rec(2), decision(WriteReason.WRITTEN, 10.2));

    assertThat(WriteFixtures.actions(audit))
        .containsExactly(
            "Writing:written",
            "WriteFailed:write_failed",
            "Writing:written",
            "WriteFailed:write_failed");
    assertThat(WriteFixtures.lines(audit).get(1).path("detail").asText())
        .contains("the plant answered");
    assertThat(WriteFixtures.lines(audit).get(3).path("detail").asText())
        .contains("no answer within 200 ms; outcome unknown");
    assertThat(stats.withheld()).containsEntry(WriteReason.WRITE_FAILED, 2L);
    assertThat(stats.writes()).isZero();
  }

  private static ClosedLoopPolicy.Decision decision(WriteReason reason, double value) {
    return new ClosedLoopPolicy.Decision(
        "fuel_setpoint", "kiln.fuel.setpoint", reason, value, value, value, 10.0, "");
  }

  private static Recommendation rec(long seq) {
    return new Recommendation(
        seq,
        "kiln1-energy",
        "1.2.0",
        Autonomy.ClosedLoop,
        T,
        "snapshot-" + seq,
        List.of(
            new Recommendation.OutputValue(
                "fuel_setpoint", "kiln.fuel.setpoint", "t/h", 10.1, 10.1, false)),
        List.of());
  }
}
