package io.plantops.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.plantops.contract.Aggregation;
import io.plantops.contract.Autonomy;
import io.plantops.contract.InferenceStatus.DriftReport;
import io.plantops.contract.InferenceStatus.SignalDrift;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.SubstituteSignal;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SignalSample;
import io.plantops.contract.SkipReason;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.expressions.ExpressionException;
import io.plantops.inference.Fixtures;
import io.plantops.inference.PlantFeed;
import io.plantops.inference.metrics.InferenceMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs the plant lacks, computed from their declared substitutes in the inference server: a
 * constant converted from its unit, an expression over the other canonical signals aggregated like
 * the substituted feature; a run-time failure skips the cycle with a reason; drift is measured on
 * expressions and not on constants.
 */
class SubstitutesTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final Model V120 = Fixtures.model(Fixtures.KILN, "1.2.0");
  private static final String POWER = "kiln.main_drive.power";

  @TempDir Path dir;
  private final InferenceMetrics metrics = new InferenceMetrics();
  private final SignalStore store = new SignalStore();
  private final List<Recommendation> published = new ArrayList<>();
  private final UseCaseRuntime.Sink sink =
      (useCase, version, phase, ts, snapshotId, outputs, explanation) -> {
        Recommendation r =
            new Recommendation(
                published.size() + 1,
                useCase,
                version,
                phase,
                ts,
                snapshotId,
                outputs,
                explanation);
        published.add(r);
        return r;
      };
  private UseCaseConfig kiln;
  private Evaluation evaluation;
  private ModelSlot<ActiveWatch> active;
  private ModelSlot<ShadowTracker> candidate;

  /** Lyon without a drive power meter: the signal comes from {@code substitute}. */
  private static ResolvedPlantConfig withoutPowerMeter(SubstituteSignal substitute) {
    ResolvedPlantConfig lyon = Fixtures.lyon(Autonomy.Advisory, V120, null);
    return new ResolvedPlantConfig(
        lyon.schemaVersion(),
        null,
        lyon.plant(),
        lyon.opcua(),
        lyon.connector(),
        lyon.signals().stream().filter(s -> !s.signal().equals(POWER)).toList(),
        lyon.useCases(),
        List.of(substitute));
  }

  private void configure(SubstituteSignal substitute) throws ExpressionException {
    ResolvedPlantConfig config = withoutPowerMeter(substitute);
    store.configure(config, Substitutes.of(config));
    kiln = config.useCase("kiln1-energy").orElseThrow();
    evaluation = new Evaluation(kiln.name(), store, metrics);
    evaluation.configure(kiln, Evaluation.compileKpis(kiln));
    active =
        new ModelSlot<>(
            kiln.name(),
            ModelSlot.Role.ACTIVE,
            this,
            metrics,
            (want, model, nowMs) ->
                ActiveWatch.start(kiln.name(), kiln.inputs(), want, model, metrics));
    candidate =
        new ModelSlot<>(
            kiln.name(),
            ModelSlot.Role.CANDIDATE,
            this,
            metrics,
            (want, model, nowMs) -> new ShadowTracker(model.version(), nowMs));
    active.want(V120, 7, 1, new SlotLoader(dir, new Fixtures.TestClock(T0)).immediate());
  }

  /** Fifteen minutes of kiln samples ending at {@code end}; the plant sends no drive power. */
  private void feed(long end) {
    SignalBatch batch = new PlantFeed(7, end - 900_000).next(900);
    for (SignalSample s : batch.samples()) {
      boolean known = store.add(s.signal(), s.timestampMs(), s.value(), s.quality());
      if (s.signal().equals(POWER)) {
        assertThat(known).as("a substituted signal takes no samples").isFalse();
      }
    }
  }

  private static Feature feature(String signal) {
    return new Feature(signal, null, Aggregation.Mean, 300, null, null);
  }

  private double aggregate(Feature f) {
    double[] out = new double[1];
    assertThat(store.aggregate(f, T0, out, 0)).isNull();
    return out[0];
  }

  private Feature powerFeature() {
    return kiln.inputs().stream().filter(f -> f.signal().equals(POWER)).findFirst().orElseThrow();
  }

  @Test
  void anExpressionIsEvaluatedOverItsInputsAggregatedLikeTheSubstitutedFeature() throws Exception {
    configure(
        new SubstituteSignal(
            POWER, "MW", "kW", null, "kiln.speed * 0.1 + kiln.feed.rate * 0.0017"));
    feed(T0);

    double speed = aggregate(feature("kiln.speed"));
    double feedRate = aggregate(feature("kiln.feed.rate"));
    assertThat(aggregate(powerFeature()))
        .as("converted from MW to the canonical kW")
        .isCloseTo((speed * 0.1 + feedRate * 0.0017) * 1000.0, within(1e-6));

    Optional<Recommendation> r = evaluation.run(kiln, active, candidate, T0, sink);
    assertThat(r).isPresent();
    DriftReport drift = driftReport();
    assertThat(drift.signals()).extracting(SignalDrift::signal).contains(POWER);
  }

  @Test
  void aConstantIsConvertedFromItsUnitAndLeftOutOfDrift() throws Exception {
    configure(new SubstituteSignal(POWER, "MW", "kW", 0.62, null));
    feed(T0);

    assertThat(aggregate(powerFeature())).isCloseTo(620.0, within(1e-9));
    assertThat(store.constantSubstitutes()).containsExactly(POWER);
    // past the drift rule's minimum samples, so that every measured input has figures
    int cycles = (int) kiln.drift().minSamples() + 1;
    for (int i = 0; i < cycles; i++) {
      feed(T0 + i * 60_000L);
      assertThat(evaluation.run(kiln, active, candidate, T0 + i * 60_000L, sink)).isPresent();
    }
    DriftReport drift = driftReport();
    assertThat(drift.signals())
        .extracting(SignalDrift::signal)
        .doesNotContain(POWER)
        .contains("kiln.speed");
    assertThat(drift.signals()).allSatisfy(s -> assertThat(s.psi()).isNotNull().isFinite());
    assertThat(drift.worstSignal()).isNotEqualTo(POWER);
  }

  @Test
  void aConstantOutsideTheValidRangeSkipsAsOutOfRange() throws Exception {
    configure(new SubstituteSignal(POWER, "kW", "kW", 5000.0, null));
    feed(T0);

    assertThat(evaluation.run(kiln, active, candidate, T0, sink)).isEmpty();
    assertThat(evaluation.lastSkip()).hasValue("OutOfRange: " + POWER);
  }

  @Test
  void anExpressionThatFailsAtRunTimeSkipsTheCycleWithTheReason() throws Exception {
    configure(
        new SubstituteSignal(
            POWER, "kW", "kW", null, "kiln.feed.rate / (kiln.speed - kiln.speed)"));
    feed(T0);

    assertThat(evaluation.run(kiln, active, candidate, T0, sink)).isEmpty();

    assertThat(evaluation.skipped()).containsEntry(SkipReason.SubstituteFailed, 1L);
    assertThat(evaluation.lastSkip().orElseThrow())
        .startsWith("SubstituteFailed: " + POWER + ": expression")
        .contains("division by zero");
    assertThat(published).isEmpty();
  }

  @Test
  void anExpressionWhoseInputIsMissingSkipsWithThatReason() throws Exception {
    configure(new SubstituteSignal(POWER, "kW", "kW", null, "kiln.speed * 170.0"));
    // nothing fed

    assertThat(evaluation.run(kiln, active, candidate, T0, sink)).isEmpty();
    assertThat(evaluation.skipped()).containsEntry(SkipReason.MissingInput, 1L);
  }

  @Test
  void anExpressionThatDoesNotCompileRefusesTheConfigNamingTheSignal() {
    assertThatThrownBy(
            () ->
                Substitutes.of(
                    withoutPowerMeter(
                        new SubstituteSignal(POWER, "kW", "kW", null, "kiln.sped * 170.0"))))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("substitute of " + POWER)
        .hasMessageContaining("kiln.sped");
    assertThatThrownBy(
            () ->
                Substitutes.of(
                    withoutPowerMeter(
                        new SubstituteSignal(POWER, "kW", "kW", null, POWER + " * 1.0"))))
        .as("it may not read itself, or any signal the plant does not deliver")
        .isInstanceOf(ExpressionException.class);
  }

  private DriftReport driftReport() {
    return active
        .serving()
        .orElseThrow()
        .kept()
        .driftReport(kiln.drift(), store.constantSubstitutes());
  }
}
