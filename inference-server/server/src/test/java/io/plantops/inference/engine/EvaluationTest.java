package io.plantops.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantops.contract.Autonomy;
import io.plantops.contract.InferenceStatus.KpiReport;
import io.plantops.contract.InferenceStatus.ShadowStats;
import io.plantops.contract.InferenceStatus.SkipStreak;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SignalSample;
import io.plantops.contract.SkipReason;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.KpiDefinition;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.inference.Fixtures;
import io.plantops.inference.PlantFeed;
import io.plantops.inference.metrics.InferenceMetrics;
import io.plantops.inference.model.LoadedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kiln energy use case's evaluation cycle on a real signal store fed with the kiln process
 * model's samples, and the committed kiln models.
 */
class EvaluationTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final Model V120 = Fixtures.model(Fixtures.KILN, "1.2.0");
  private static final Model V130 = Fixtures.model(Fixtures.KILN, "1.3.0");

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

  @BeforeEach
  void configure() throws Exception {
    ResolvedPlantConfig config = Fixtures.lyon(Autonomy.Advisory, V120, V130);
    store.configure(config);
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
  }

  private void serve(Model activeModel, Model candidateModel) {
    SlotLoader loader = new SlotLoader(dir, new Fixtures.TestClock(T0)).immediate();
    active.want(activeModel, 7, 1, loader);
    if (candidateModel != null) {
      candidate.want(candidateModel, 7, 1, loader);
    }
  }

  /** Fifteen minutes of kiln samples ending at T0, except those {@code drop} matches. */
  private void feed(Predicate<SignalSample> drop) {
    SignalBatch batch = new PlantFeed(7, T0 - 900_000).next(900);
    for (SignalSample s : batch.samples()) {
      if (!drop.test(s)) {
        store.add(s.signal(), s.timestampMs(), s.value(), s.quality());
      }
    }
  }

  private Optional<Recommendation> run() {
    return evaluation.run(kiln, active, candidate, T0, sink);
  }

  @Test
  void skipsNamingTheLoadingVersionWhileNoActiveModelServes() {
    active.want(V120, 7, 1, new SlotLoader(dir, new Fixtures.TestClock(T0)));
    feed(s -> false);

    assertThat(run()).isEmpty();

    assertThat(evaluation.skipped())
        .containsExactlyEntriesOf(java.util.Map.of(SkipReason.ModelNotLoaded, 1L));
    assertThat(evaluation.lastSkip())
        .hasValue("ModelNotLoaded: no active model serving (1.2.0 Loading)");
    assertThat(published).isEmpty();
  }

  @Test
  void skipsNamingTheInputWithoutSamplesAndNeverImputesIt() {
    serve(V120, null);
    feed(s -> s.signal().equals("kiln.inlet.o2"));

    assertThat(run()).isEmpty();

    assertThat(evaluation.skipped()).containsEntry(SkipReason.MissingInput, 1L);
    assertThat(evaluation.lastSkip()).hasValue("MissingInput: kiln.inlet.o2");
    assertThat(active.serving().orElseThrow().kept().evaluations()).hasValue(0);
  }

  @Test
  void countsTheCyclesSkippedInARowUntilAValidOneEndsTheStreak() {
    serve(V120, null);
    feed(s -> s.signal().equals("kiln.inlet.o2"));

    assertThat(run()).isEmpty();
    assertThat(run()).isEmpty();

    assertThat(evaluation.skipStreak())
        .hasValue(new SkipStreak(2, T0, SkipReason.MissingInput, "kiln.inlet.o2"));

    feed(s -> false);
    assertThat(run()).isPresent();
    assertThat(evaluation.skipStreak()).as("a valid cycle ends the streak").isEmpty();
  }

  @Test
  void aConstantInputReportedByExceptionIsHeldAndStillFeedsTheModel() {
    serve(V120, null);
    // the plant reports kiln.speed by exception: one sample three days ago, nothing since
    feed(s -> s.signal().equals("kiln.speed"));
    store.add("kiln.speed", T0 - 3 * 86_400_000L, 3.4, io.plantops.contract.Quality.Good);
    assertThat(run()).as("without the connector vouching for it, it is missing").isEmpty();
    assertThat(evaluation.lastSkip()).hasValue("MissingInput: kiln.speed");

    // the connector's liveness report: nothing stale, so the held 3.4 rpm is the plant's value
    store.liveness(List.of(), T0);
    assertThat(run()).isPresent();
    assertThat(evaluation.heldFraction()).containsEntry("kiln.speed", 1.0);
    // refreshed every 5 s for a 1 s sampling interval: 4 s of each 5 are held
    assertThat(evaluation.heldFraction().get("kiln.feed.rate")).isCloseTo(0.8, within(0.01));

    store.liveness(List.of("kiln.speed"), T0);
    assertThat(run()).as("the connector calls it stale").isEmpty();
    assertThat(evaluation.lastSkip()).hasValue("StaleInput: kiln.speed");
  }

  @Test
  void aSkipAboutTheModelNamesNoSignal() {
    active.want(V120, 7, 1, new SlotLoader(dir, new Fixtures.TestClock(T0)));
    feed(s -> false);

    assertThat(run()).isEmpty();

    assertThat(evaluation.skipStreak())
        .hasValue(new SkipStreak(1, T0, SkipReason.ModelNotLoaded, null));
  }

  @Test
  void recommendsTheCalibratedOutputWithItsExplanationAndCountsTheCycle() {
    serve(V120, null);
    feed(s -> false);

    Recommendation r = run().orElseThrow();

    assertThat(r.modelVersion()).isEqualTo("1.2.0");
    assertThat(r.phase()).isEqualTo(Autonomy.Advisory);
    assertThat(r.timestampMs()).isEqualTo(T0);
    assertThat(r.snapshotId()).startsWith("kiln1-energy-" + T0 + "-");
    Recommendation.OutputValue fuel = r.outputs().get(0);
    // bias -0.1, then the calibrated limits 6..18 t/h
    assertThat(fuel.value()).isEqualTo(Math.max(6.0, Math.min(18.0, fuel.raw() - 0.1)));
    assertThat(r.explanation()).hasSize(5);
    ActiveWatch watch = active.serving().orElseThrow().kept();
    assertThat(watch.evaluations()).hasValue(1);
    assertThat(watch.driftReport(kiln.drift()).signals())
        .allSatisfy(d -> assertThat(d.samples()).isEqualTo(1));
    assertThat(evaluation.lastRecommendation()).containsSame(r);
    assertThat(evaluation.firstValidInferenceAtMs()).hasValue(T0);
    assertThat(evaluation.skipped()).isEmpty();
  }

  @Test
  void scoresTheCandidateOnTheSameRowWithoutRecommendingIt() throws Exception {
    serve(V120, V130);
    feed(s -> false);

    Recommendation r = run().orElseThrow();

    assertThat(published).extracting(Recommendation::modelVersion).containsExactly("1.2.0");
    ShadowStats st = candidate.serving().orElseThrow().kept().stats();
    assertThat(st.candidateVersion()).isEqualTo("1.3.0");
    assertThat(st.samples()).isEqualTo(1);
    // the candidate's output on the features the active model saw, calibrated the same way
    double[] row = new double[kiln.inputs().size()];
    float[] features = new float[row.length];
    for (int j = 0; j < row.length; j++) {
      assertThat(store.aggregate(kiln.inputs().get(j), T0, row, j)).isNull();
      features[j] = (float) row[j];
    }
    LoadedModel c = candidate.model().orElseThrow();
    double expected = Calibration.apply(kiln.outputs().get(0), c.run(features, 1)[0]);
    assertThat(st.meanAbsDelta())
        .isCloseTo(Math.abs(expected - r.outputs().get(0).value()), within(1e-9));
  }

  @Test
  void turnsExplanationsOffOnRequest() {
    serve(V120, null);
    feed(s -> false);
    evaluation.explain(false);

    assertThat(run().orElseThrow().explanation()).isEmpty();
  }

  @Test
  void keepsKpiValuesAcrossAConfigThatKeepsTheirDefinitionOnly() throws Exception {
    serve(V120, null);
    feed(s -> false);
    run().orElseThrow();
    assertThat(evaluation.kpiReports(T0))
        .singleElement()
        .satisfies(k -> assertThat(k.samples()).isEqualTo(1))
        .extracting(KpiReport::current)
        .isNotNull();

    evaluation.configure(kiln, Evaluation.compileKpis(kiln));
    assertThat(evaluation.kpiReports(T0)).extracting(KpiReport::samples).containsExactly(1L);

    KpiDefinition k = kiln.kpis().get(0);
    UseCaseConfig widened =
        withKpi(
            new KpiDefinition(
                k.name(),
                k.expression(),
                k.unit(),
                k.lowerIsBetter(),
                k.windowMinutes() * 2,
                k.baseline(),
                k.baselineWindowHours()));
    evaluation.configure(widened, Evaluation.compileKpis(widened));
    assertThat(evaluation.kpiReports(T0)).extracting(KpiReport::samples).containsExactly(0L);
  }

  private UseCaseConfig withKpi(KpiDefinition k) {
    return new UseCaseConfig(
        kiln.name(),
        kiln.template(),
        kiln.phase(),
        kiln.cadenceSeconds(),
        kiln.inputs(),
        kiln.observed(),
        kiln.outputs(),
        kiln.activeModel(),
        kiln.candidateModel(),
        List.of(k),
        kiln.drift());
  }
}
