package io.plantops.connector.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantops.connector.ManualClock;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.connector.mapping.SignalView;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.connector.opcua.PlantWriter;
import io.plantops.contract.Autonomy;
import io.plantops.contract.Quality;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.UseCaseConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guidance tags: written like a setpoint would be, in Advisory and ClosedLoop only. */
class GuidancePathTest {

  private static final long T = 1_700_000_000_000L;
  private static final UseCaseConfig.Guidance TAGS =
      new UseCaseConfig.Guidance(
          "fuel_setpoint",
          "kiln.fuel.setpoint",
          "ns=2;s=ADV",
          "kg/min",
          1.0,
          0.0,
          "ns=2;s=ADV.TXT",
          "ns=2;s=ADV.HB",
          10_000,
          "lyon-kiln1");

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(T);
  private final List<List<PlantWriter.GuidanceTag>> sent = new ArrayList<>();
  private final PlantWriter writer =
      new PlantWriter() {
        @Override
        public CompletableFuture<WriteResult> write(SignalTable.Entry entry, double canonical) {
          throw new AssertionError("guidance never writes a setpoint");
        }

        @Override
        public CompletableFuture<List<StatusCode>> writeGuidance(List<GuidanceTag> tags) {
          sent.add(tags);
          return CompletableFuture.completedFuture(
              tags.stream().map(t -> StatusCode.GOOD).toList());
        }
      };
  private final ConnectorMetrics metrics = WriteFixtures.metrics();
  private AuditLog audit;

  @BeforeEach
  void open() throws Exception {
    audit = AuditLog.open(dir, 1 << 20, clock);
  }

  private static UseCaseConfig kiln(Autonomy phase) {
    return SampleConfigs.lyon(phase)
        .useCase("kiln1-energy")
        .orElseThrow()
        .withGuidance(List.of(TAGS));
  }

  private static ResolvedPlantConfig config(Autonomy phase) {
    ResolvedPlantConfig base = SampleConfigs.lyon(phase);
    return new ResolvedPlantConfig(
        base.schemaVersion(),
        base.configVersion(),
        base.plant(),
        base.opcua(),
        base.connector(),
        base.signals(),
        List.of(kiln(phase)));
  }

  private GuidancePath path(Autonomy phase) {
    return new GuidancePath(
        config(phase), writer, audit, metrics, clock, 30_000, 1_000, Optional.empty());
  }

  private ClosedLoopPolicy.Context context(UseCaseConfig u, Quality quality, boolean stale) {
    List<SignalView> inputs = new ArrayList<>();
    for (UseCaseConfig.Feature f : u.inputs()) {
      inputs.add(new SignalView(f.signal(), 1.0, Quality.Good, T, T, false, false));
    }
    inputs.set(0, new SignalView(u.inputs().get(0).signal(), 1.0, quality, T, T, stale, false));
    return new ClosedLoopPolicy.Context(clock.millis(), true, "", inputs, Map.of());
  }

  private ClosedLoopPolicy.Context fresh(UseCaseConfig u) {
    return context(u, Quality.Good, false);
  }

  private Recommendation rec(long seq, Autonomy phase, double value) {
    return new Recommendation(
        seq,
        "kiln1-energy",
        "1.2.0",
        phase,
        clock.millis(),
        "snapshot-" + seq,
        List.of(
            new Recommendation.OutputValue(
                "fuel_setpoint", "kiln.fuel.setpoint", "t/h", value, value, false)),
        List.of(
            new Recommendation.Contribution("kiln.feed.rate", 161.0, 0.42),
            new Recommendation.Contribution("kiln.inlet.o2", 3.1, -0.18),
            new Recommendation.Contribution("kiln.speed", 3.5, 0.05),
            new Recommendation.Contribution("kiln.fuel.rate", 11.0, 0.01)));
  }

  @Test
  void writesTheAdvisedValueInTheTagsUnitTheTopReasonsAndTheAdviceTimeAfterAuditingIt() {
    UseCaseConfig kiln = kiln(Autonomy.Advisory);
    path(Autonomy.Advisory).show(kiln, rec(1, Autonomy.Advisory, 12.0), 0, fresh(kiln));

    assertThat(sent).hasSize(1);
    List<PlantWriter.GuidanceTag> tags = sent.get(0);
    assertThat(tags)
        .extracting(PlantWriter.GuidanceTag::nodeId)
        .containsExactly("ns=2;s=ADV", "ns=2;s=ADV.TXT", "ns=2;s=ADV.HB");
    // 12 t/h is 200 kg/min
    assertThat((Double) tags.get(0).value()).isCloseTo(200.0, within(1e-9));
    assertThat(tags.get(1).value())
        .isEqualTo("kiln.feed.rate +0.42 t/h; kiln.inlet.o2 -0.18 t/h; kiln.speed +0.05 t/h");
    assertThat(tags.get(2).value()).isEqualTo(Instant.ofEpochMilli(T));
    assertThat(WriteFixtures.actions(audit))
        .containsExactly("GuidanceWriting:", "GuidanceWritten:");
    assertThat(WriteFixtures.lines(audit).get(1).path("siteValue").asDouble())
        .isCloseTo(200.0, within(1e-9));
    assertThat(WriteFixtures.lines(audit).get(1).path("nodeId").asText()).isEqualTo("ns=2;s=ADV");
    assertThat(WriteFixtures.scrape(metrics))
        .contains(
            "plantops_connector_guidance_writes_total{outcome=\"written\",output=\"fuel_setpoint\","
                + "use_case=\"kiln1-energy\"} 1.0");
  }

  @Test
  void withholdsGuidanceWhenAnInputIsStaleOrNotGoodExactlyLikeASetpoint() {
    UseCaseConfig kiln = kiln(Autonomy.Advisory);
    GuidancePath path = path(Autonomy.Advisory);
    path.show(kiln, rec(1, Autonomy.Advisory, 12.0), 0, context(kiln, Quality.Good, true));
    clock.advance(60_000);
    path.show(kiln, rec(2, Autonomy.Advisory, 12.0), 0, context(kiln, Quality.Uncertain, false));

    assertThat(sent).isEmpty();
    assertThat(WriteFixtures.actions(audit))
        .containsExactly("GuidanceWithheld:input_stale", "GuidanceWithheld:input_not_good");
    assertThat(WriteFixtures.lines(audit).get(0).path("detail").asText())
        .isEqualTo("kiln.feed.rate");
  }

  @Test
  void writesAtMostOncePerIntervalAndNeverTheSameMessageTwice() {
    UseCaseConfig kiln = kiln(Autonomy.ClosedLoop);
    GuidancePath path = path(Autonomy.ClosedLoop);
    path.show(kiln, rec(1, Autonomy.ClosedLoop, 12.0), 0, fresh(kiln));
    path.show(kiln, rec(1, Autonomy.ClosedLoop, 12.0), 0, fresh(kiln));
    clock.advance(5_000);
    path.show(kiln, rec(2, Autonomy.ClosedLoop, 12.5), 0, fresh(kiln));
    clock.advance(5_000);
    path.show(kiln, rec(3, Autonomy.ClosedLoop, 13.0), 0, fresh(kiln));

    assertThat(sent).hasSize(2);
    assertThat((Double) sent.get(1).get(0).value()).isCloseTo(13.0 * 1000 / 60, within(1e-9));
    assertThat(WriteFixtures.actions(audit))
        .containsExactly(
            "GuidanceWriting:",
            "GuidanceWritten:",
            "GuidanceWithheld:duplicate",
            "GuidanceWithheld:rate_limited",
            "GuidanceWriting:",
            "GuidanceWritten:");
  }

  @Test
  void showsNothingInShadowNorAdviceMadeInAnotherPhaseThanTheLiveOne() {
    UseCaseConfig shadow = kiln(Autonomy.Shadow);
    path(Autonomy.Shadow).show(shadow, rec(1, Autonomy.Shadow, 12.0), 0, fresh(shadow));
    UseCaseConfig advisory = kiln(Autonomy.Advisory);
    path(Autonomy.Advisory).show(advisory, rec(2, Autonomy.ClosedLoop, 12.0), 0, fresh(advisory));

    assertThat(sent).isEmpty();
    assertThat(WriteFixtures.actions(audit)).isEmpty();
  }

  @Test
  void aPlantThatRefusesATagFailsTheWriteAndSaysWhich() {
    UseCaseConfig kiln = kiln(Autonomy.Advisory);
    PlantWriter refusing =
        new PlantWriter() {
          @Override
          public CompletableFuture<WriteResult> write(SignalTable.Entry entry, double canonical) {
            throw new AssertionError("guidance never writes a setpoint");
          }

          @Override
          public CompletableFuture<List<StatusCode>> writeGuidance(List<GuidanceTag> tags) {
            return CompletableFuture.completedFuture(
                List.of(
                    StatusCode.GOOD,
                    new StatusCode(org.eclipse.milo.opcua.stack.core.StatusCodes.Bad_TypeMismatch),
                    StatusCode.GOOD));
          }
        };
    new GuidancePath(
            config(Autonomy.Advisory),
            refusing,
            audit,
            metrics,
            clock,
            30_000,
            1_000,
            Optional.empty())
        .show(kiln, rec(1, Autonomy.Advisory, 12.0), 0, fresh(kiln));

    assertThat(WriteFixtures.actions(audit))
        .containsExactly("GuidanceWriting:", "GuidanceWriteFailed:write_failed");
    assertThat(WriteFixtures.lines(audit).get(1).path("detail").asText())
        .contains("ns=2;s=ADV.TXT")
        .contains("Bad_TypeMismatch");
  }

  @Test
  void withholdsGuidanceOverASessionASetpointWriteWouldBeRefusedOn() {
    UseCaseConfig kiln = kiln(Autonomy.Advisory);
    ResolvedPlantConfig secure = config(Autonomy.Advisory);
    ResolvedPlantConfig anonymousNone =
        new ResolvedPlantConfig(
            secure.schemaVersion(),
            secure.configVersion(),
            secure.plant(),
            new ResolvedPlantConfig.OpcUaSettings(
                secure.opcua().endpointUrl(), "None", "None", null, null, null, null, null, false),
            secure.connector(),
            secure.signals(),
            secure.useCases());
    new GuidancePath(anonymousNone, writer, audit, metrics, clock, 30_000, 1_000, Optional.empty())
        .show(kiln, rec(1, Autonomy.Advisory, 12.0), 0, fresh(kiln));

    assertThat(sent).isEmpty();
    assertThat(WriteFixtures.actions(audit)).containsExactly("GuidanceWithheld:not_writable");
    assertThat(WriteFixtures.lines(audit).get(0).path("detail").asText())
        .contains("guidance tags are writes")
        .contains("allowInsecure");
  }

  @Test
  void reasonsAreCutToWhatADcsStringTagHolds() {
    Recommendation many =
        new Recommendation(
            1,
            "kiln1-energy",
            "1.2.0",
            Autonomy.Advisory,
            T,
            "s",
            List.of(),
            List.of(new Recommendation.Contribution("a".repeat(300), 1.0, 1.0)));
    assertThat(GuidancePath.reasons(many, "t/h")).hasSize(GuidancePath.MAX_TEXT);
    Recommendation none =
        new Recommendation(1, "kiln1-energy", "1.2.0", Autonomy.Advisory, T, "s", List.of(), null);
    assertThat(GuidancePath.reasons(none, "t/h")).isEmpty();
  }
}
