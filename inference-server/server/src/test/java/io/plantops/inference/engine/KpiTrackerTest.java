package io.plantops.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.contract.BaselineSource;
import io.plantops.contract.InferenceStatus.KpiReport;
import io.plantops.contract.KpiAssessment;
import io.plantops.contract.KpiBaseline;
import io.plantops.contract.UseCaseConfig.KeptBaseline;
import io.plantops.contract.UseCaseConfig.KpiDefinition;
import io.plantops.expressions.SignalExpression;
import java.util.List;
import org.junit.jupiter.api.Test;

class KpiTrackerTest {

  private static KpiTracker tracker(boolean lowerIsBetter, Double baseline) throws Exception {
    KpiDefinition d =
        new KpiDefinition(
            "heat",
            "kiln.fuel.rate * 30000.0 / kiln.clinker.rate",
            "kJ/kg",
            lowerIsBetter,
            60,
            baseline,
            24);
    return new KpiTracker(
        d,
        SignalExpression.compile(d.expression(), List.of("kiln.fuel.rate", "kiln.clinker.rate")));
  }

  @Test
  void reportsChangeAgainstTheCalibratedBaselineWithTheKpiDirection() throws Exception {
    KpiTracker lower = tracker(true, 3450.0);
    lower.add(0, 3400.0);
    lower.add(60_000, 3380.0);
    KpiReport r = lower.report(60_000);
    assertThat(r.baselineSource()).isEqualTo(BaselineSource.Calibration);
    assertThat(r.current()).isEqualTo(3390.0);
    assertThat(r.changePercent()).isCloseTo(-1.739, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(r.assessment()).isEqualTo(KpiAssessment.Improved);
    KpiTracker higher = tracker(false, 3450.0);
    higher.add(0, 3390.0);
    assertThat(higher.report(0).assessment()).isEqualTo(KpiAssessment.Worse);
  }

  @Test
  void aBaselineHandedBackByTheConfigIsFrozenWithItsProvenanceAndNotMeasuredAgain()
      throws Exception {
    KpiDefinition d =
        new KpiDefinition(
            "heat",
            "kiln.fuel.rate * 30000.0 / kiln.clinker.rate",
            "kJ/kg",
            true,
            60,
            null,
            24,
            new KeptBaseline(3450.0, BaselineSource.History, 1000, 2000, 1200, 2500, 17L));
    KpiTracker t =
        new KpiTracker(
            d,
            SignalExpression.compile(
                d.expression(), List.of("kiln.fuel.rate", "kiln.clinker.rate")));
    t.add(3_600_000L, 3000.0);
    t.deploymentStarted(3_600_000L);
    KpiReport r = t.report(3_600_000L);
    assertThat(r.baseline()).isEqualTo(3450.0);
    assertThat(r.baselineSource()).isEqualTo(BaselineSource.History);
    assertThat(r.baselineFromMs()).isEqualTo(1000);
    assertThat(r.baselineToMs()).isEqualTo(2000);
    assertThat(r.baselineSamples()).isEqualTo(1200);
    assertThat(r.baselineAtMs()).isEqualTo(2500);
    assertThat(r.baselineExcluded()).isEqualTo(17L);
  }

  @Test
  void aNewBaselineRequestedDropsAnOlderKeptOneAndTakesTheNextHistoryEvenAfterDeployment()
      throws Exception {
    KpiDefinition d =
        new KpiDefinition(
            "heat",
            "kiln.fuel.rate * 30000.0 / kiln.clinker.rate",
            "kJ/kg",
            true,
            60,
            null,
            24,
            new KeptBaseline(3450.0, BaselineSource.History, 1000, 2000, 1200, 2500),
            3000L);
    KpiTracker t =
        new KpiTracker(
            d,
            SignalExpression.compile(
                d.expression(), List.of("kiln.fuel.rate", "kiln.clinker.rate")));
    assertThat(t.report(4000).baseline()).as("kept before the request").isNull();
    // in Advisory already: the deployment started with nothing measured
    t.deploymentStarted(4000);
    assertThat(
            t.applyHistory(
                new KpiBaseline(
                    "kiln1-energy",
                    "heat",
                    3300.0,
                    BaselineSource.History,
                    0,
                    3000,
                    900,
                    5000,
                    null)))
        .isEmpty();
    KpiReport r = t.report(6000);
    assertThat(r.baseline()).isEqualTo(3300.0);
    assertThat(r.baselineSource()).isEqualTo(BaselineSource.History);
    assertThat(r.baselineAtMs()).isEqualTo(5000);
  }

  @Test
  void currentIsTheMeanOverTheWindowOnly() throws Exception {
    KpiTracker t = tracker(true, 100.0);
    t.add(0, 1000.0);
    t.add(61 * 60_000L, 100.0);
    KpiReport r = t.report(61 * 60_000L);
    assertThat(r.current()).isEqualTo(100.0);
    assertThat(r.samples()).isEqualTo(1);
    assertThat(r.assessment()).isEqualTo(KpiAssessment.Unchanged);
  }

  @Test
  void freezesAMeasuredBaselineFromTheWindowBeforeTheFirstAdvisoryRecommendation()
      throws Exception {
    KpiTracker t = tracker(true, null);
    t.add(0, 9999.0); // more than 24 h before deployment: outside the baseline window
    t.add(25 * 3_600_000L, 3500.0);
    t.add(26 * 3_600_000L, 3400.0);
    assertThat(t.report(26 * 3_600_000L).baseline()).as("still being measured").isNull();
    t.deploymentStarted(26 * 3_600_000L);
    t.add(27 * 3_600_000L, 3300.0);
    KpiReport r = t.report(27 * 3_600_000L);
    assertThat(r.baselineSource()).isEqualTo(BaselineSource.Measured);
    assertThat(r.baseline()).isEqualTo(3450.0);
    assertThat(r.current()).isEqualTo(3300.0);
    assertThat(r.assessment()).isEqualTo(KpiAssessment.Improved);
  }
}
