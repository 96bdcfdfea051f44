package io.plantops.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantops.contract.BaselineSource;
import io.plantops.contract.HistoryReadStatus;
import io.plantops.contract.HistorySeries;
import io.plantops.contract.InferenceStatus.KpiReport;
import io.plantops.contract.KpiBaseline;
import io.plantops.contract.SignalHistory;
import io.plantops.contract.UseCaseConfig.KpiDefinition;
import io.plantops.expressions.SignalExpression;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryBaselineTest {

  private static final String HEAT = "kiln.fuel.rate * 30000.0 / kiln.clinker.rate";
  private static final long MIN = 60_000L;

  private static SignalExpression heat() throws Exception {
    return SignalExpression.compile(HEAT, List.of("kiln.fuel.rate", "kiln.clinker.rate"));
  }

  private static SignalHistory signal(String name, long[] minutes, double[] values) {
    long[] times = new long[minutes.length];
    for (int i = 0; i < minutes.length; i++) {
      times[i] = minutes[i] * MIN;
    }
    return new SignalHistory(name, times, values, 0, 0, 0, 0, 0, 0, HistoryReadStatus.Read, null);
  }

  private static HistorySeries series(SignalHistory... signals) {
    return new HistorySeries("lyon", 0, 10 * MIN, HistoryReadStatus.Read, null, List.of(signals));
  }

  @Test
  void theBaselineIsTheMeanOfTheKpiAtTheTimesEveryInputHasAValue() throws Exception {
    HistorySeries s =
        series(
            signal("kiln.fuel.rate", new long[] {0, 1, 2, 3}, new double[] {11, 12, 11, 12}),
            // minute 2 of the clinker rate was excluded (a Bad sample): no KPI value there
            signal("kiln.clinker.rate", new long[] {0, 1, 3}, new double[] {100, 100, 100}));
    KpiBaseline b = HistoryBaseline.compute("kiln", "heat", heat(), s, 42);
    // minutes 0, 1 and 3: (3300 + 3600 + 3600) / 3
    assertThat(b.value()).isCloseTo(3500.0, within(1e-9));
    assertThat(b.samples()).isEqualTo(3);
    assertThat(b.source()).isEqualTo(BaselineSource.History);
    assertThat(b.fromMs()).isZero();
    assertThat(b.toMs()).isEqualTo(10 * MIN);
    assertThat(b.atMs()).isEqualTo(42);
  }

  @Test
  void countsTheSamplesOfItsInputsTheHistoryExcluded() throws Exception {
    long[] t = {0, 1};
    double[] v = {11, 12};
    HistorySeries s =
        series(
            new SignalHistory(
                "kiln.fuel.rate", t, v, 2, 1, 0, 3, 0, 0, HistoryReadStatus.Read, null),
            new SignalHistory(
                "kiln.clinker.rate",
                t,
                new double[] {100, 100},
                0,
                0,
                1,
                0,
                0,
                0,
                HistoryReadStatus.Read,
                null),
            // not an input of the KPI: its exclusions are not the KPI's
            new SignalHistory(
                "kiln.speed",
                t,
                new double[] {3, 3},
                9,
                0,
                0,
                0,
                0,
                0,
                HistoryReadStatus.Read,
                null));
    KpiBaseline b = HistoryBaseline.compute("kiln", "heat", heat(), s, 42);
    assertThat(b.excluded()).isEqualTo(7);
  }

  @Test
  void aHistoryThatWasNotReadGivesNoBaselineAndSaysWhy() throws Exception {
    HistorySeries s =
        new HistorySeries(
            "lyon", 0, MIN, HistoryReadStatus.NoHistory, "the server keeps no history", List.of());
    KpiBaseline b = HistoryBaseline.compute("kiln", "heat", heat(), s, 0);
    assertThat(b.value()).isNull();
    assertThat(b.reason()).contains("the server keeps no history");
  }

  @Test
  void aMissingInputGivesNoBaseline() throws Exception {
    HistorySeries s = series(signal("kiln.fuel.rate", new long[] {0}, new double[] {11}));
    assertThat(HistoryBaseline.compute("kiln", "heat", heat(), s, 0).reason())
        .contains("kiln.clinker.rate");
  }

  private static KpiTracker tracker(Double calibrated) throws Exception {
    return new KpiTracker(
        new KpiDefinition("heat", HEAT, "kJ/kg", true, 60, calibrated, 24), heat());
  }

  @Test
  void aHistoryBaselineFreezesTheTrackersBaselineWithItsProvenance() throws Exception {
    KpiTracker t = tracker(null);
    KpiBaseline b =
        new KpiBaseline(
            "kiln", "heat", 3500.0, BaselineSource.History, 0, 600_000, 9, 700_000, null);
    assertThat(t.applyHistory(b)).isEmpty();
    t.add(800_000, 3400.0);
    KpiReport r = t.report(800_000);
    assertThat(r.baseline()).isEqualTo(3500.0);
    assertThat(r.baselineSource()).isEqualTo(BaselineSource.History);
    assertThat(r.baselineFromMs()).isZero();
    assertThat(r.baselineToMs()).isEqualTo(600_000);
    assertThat(r.baselineSamples()).isEqualTo(9);
    assertThat(r.baselineAtMs()).isEqualTo(700_000);
    // the first advisory recommendation does not measure again over the live window
    t.deploymentStarted(900_000);
    assertThat(t.report(900_000).baseline()).isEqualTo(3500.0);
    // nor does a second history replace it
    assertThat(t.applyHistory(b)).contains("the baseline is already set (History)");
  }

  @Test
  void theCalibratedBaselineWinsOverHistory() throws Exception {
    KpiTracker t = tracker(3450.0);
    KpiBaseline b =
        new KpiBaseline(
            "kiln", "heat", 3500.0, BaselineSource.History, 0, 600_000, 9, 700_000, null);
    assertThat(t.applyHistory(b)).contains("the calibrated baseline wins");
    assertThat(t.report(0).baselineSource()).isEqualTo(BaselineSource.Calibration);
    assertThat(t.report(0).baseline()).isEqualTo(3450.0);
  }
}
