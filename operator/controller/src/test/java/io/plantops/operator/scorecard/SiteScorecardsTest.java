package io.plantops.operator.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.AdviceAdoption;
import io.plantops.api.v1alpha1.CalibrationEffort;
import io.plantops.api.v1alpha1.KpiStatus;
import io.plantops.api.v1alpha1.MappingEffort;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteScorecard;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.KpiAssessment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Time to KPI gain and adoption against known sequences of reports. */
class SiteScorecardsTest {

  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  static final Duration WINDOW = Duration.ofMinutes(120);

  static List<KpiStatus> kpis(KpiAssessment... assessments) {
    return java.util.Arrays.stream(assessments)
        .map(
            a ->
                new KpiStatus(
                    "k" + a.ordinal(), "kJ/kg", 100.0, BaselineSource.Calibration, 99.0, -1.0, a))
        .toList();
  }

  static SiteScorecard step(SiteScorecard before, Phase phase, List<KpiStatus> kpis, Instant now) {
    return SiteScorecards.compute(
        new SiteScorecards.Facts(
            Optional.ofNullable(before),
            Optional.of(new MappingEffort(3, 1, 0)),
            new CalibrationEffort(1, 0, 1),
            Optional.empty(),
            phase,
            kpis,
            WINDOW,
            now));
  }

  @Test
  void aGainCountsOnceItHeldForTheWholeWindowAndIsNeverCleared() {
    SiteScorecard s = step(null, Phase.Advisory, kpis(KpiAssessment.Improved), T0);
    assertThat(s.kpiGainingSince()).isEqualTo("2026-11-20T10:00:00Z");
    assertThat(s.kpiGainAt()).isNull();
    assertThat(SiteScorecards.recheckAfter(s, WINDOW, T0.plusSeconds(60)))
        .contains(Duration.ofMinutes(119).plusSeconds(1));

    s = step(s, Phase.Advisory, kpis(KpiAssessment.Improved), T0.plus(Duration.ofMinutes(119)));
    assertThat(s.kpiGainAt()).isNull();
    // seen late (a slow poll): the gain is dated when the window was complete, not when seen
    s = step(s, Phase.Advisory, kpis(KpiAssessment.Improved), T0.plus(Duration.ofMinutes(150)));
    assertThat(s.kpiGainAt()).isEqualTo("2026-11-20T12:00:00Z");
    assertThat(SiteScorecards.recheckAfter(s, WINDOW, T0)).isEmpty();

    s = step(s, Phase.Advisory, kpis(KpiAssessment.Worse), T0.plus(Duration.ofMinutes(160)));
    assertThat(s.kpiGainingSince()).isNull();
    assertThat(s.kpiGainAt()).as("a milestone is never cleared").isEqualTo("2026-11-20T12:00:00Z");
  }

  @Test
  void aGainInterruptedBeforeItsWindowStartsOverAndOneKpiWorseSpoilsIt() {
    SiteScorecard s = step(null, Phase.Advisory, kpis(KpiAssessment.Improved), T0);
    s = step(s, Phase.Advisory, kpis(KpiAssessment.Unchanged), T0.plus(Duration.ofMinutes(60)));
    assertThat(s.kpiGainingSince()).as("back within the noise band").isNull();
    Instant again = T0.plus(Duration.ofMinutes(70));
    s = step(s, Phase.Advisory, kpis(KpiAssessment.Improved), again);
    s = step(s, Phase.Advisory, kpis(KpiAssessment.Improved), T0.plus(Duration.ofMinutes(180)));
    assertThat(s.kpiGainAt()).as("110 min since it started again").isNull();
    assertThat(s.kpiGainingSince()).isEqualTo("2026-11-20T11:10:00Z");

    SiteScorecard mixed =
        step(
            null,
            Phase.Advisory,
            kpis(KpiAssessment.Improved, KpiAssessment.Worse),
            T0.plus(Duration.ofMinutes(1)));
    assertThat(mixed.kpiGainingSince()).as("one KPI gained at the cost of another").isNull();
  }

  @Test
  void aKpiChangeInShadowIsNotTheUseCasesDoing() {
    SiteScorecard s = step(null, Phase.Shadow, kpis(KpiAssessment.Improved), T0);
    s = step(s, Phase.Shadow, kpis(KpiAssessment.Improved), T0.plus(Duration.ofHours(5)));
    assertThat(s.kpiGainingSince()).isNull();
    assertThat(s.kpiGainAt()).isNull();
    assertThat(s.mapping()).isEqualTo(new MappingEffort(3, 1, 0));
    assertThat(s.calibration()).isEqualTo(new CalibrationEffort(1, 0, 1));
  }

  @Test
  void adoptionIsTheConnectorsShareFollowedAndIsKeptWhileTheConnectorCannotBeRead() {
    SiteScorecard s =
        SiteScorecards.compute(
            new SiteScorecards.Facts(
                Optional.empty(),
                Optional.empty(),
                CalibrationEffort.none(),
                Optional.of(new ConnectorStatus.Adoption(30, 21)),
                Phase.Advisory,
                List.of(),
                WINDOW,
                T0));
    assertThat(s.adoption()).isEqualTo(new AdviceAdoption(30L, 21L, 70.0));
    SiteScorecard unread =
        SiteScorecards.compute(
            new SiteScorecards.Facts(
                Optional.of(s),
                Optional.empty(),
                CalibrationEffort.none(),
                Optional.empty(),
                Phase.Advisory,
                List.of(),
                WINDOW,
                T0.plusSeconds(60)));
    assertThat(unread).isEqualTo(s);
    assertThat(AdviceAdoption.of(0, 0).followedPercent()).isNull();
    assertThat(AdviceAdoption.of(3, 1).followedPercent()).isEqualTo(33.3);
  }
}
