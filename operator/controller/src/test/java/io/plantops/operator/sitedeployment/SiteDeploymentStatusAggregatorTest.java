package io.plantops.operator.sitedeployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.KpiStatus;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.KpiAssessment;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.StatusUpdate;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.testing.Workloads;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SiteDeploymentStatusAggregatorTest {

  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-11-20T11:00:00Z");

  static SiteDeployment kiln1Energy() {
    SiteDeployment sd =
        (SiteDeployment) Examples.read(Examples.DIR.resolve("plants/lyon/kiln1-energy.yaml"));
    sd.getMetadata().setGeneration(5L);
    return sd;
  }

  @Test
  void theErrorPathOfANewSiteDeploymentIsPendingSinceNow() {
    StatusUpdate<SiteDeploymentStatus> error =
        SiteDeploymentStatusAggregator.error(kiln1Energy(), new IllegalStateException("boom"), T0);
    assertThat(error.status().phase()).isEqualTo(Phase.Pending);
    assertThat(error.status().phaseSince()).isEqualTo("2026-11-20T10:00:00Z");
    assertThat(error.status().observedGeneration()).isEqualTo(5L);
    assertThat(error.status().conditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type()).isEqualTo(ConditionTypes.READY);
              assertThat(c.reason()).isEqualTo(Reason.ReconcileError.name());
              assertThat(c.message()).isEqualTo("reconciliation failed: boom");
            });
    assertThat(error.changes()).as("a new Ready condition is a change").hasSize(1);
  }

  @Test
  void theErrorPathKeepsTheFiguresAndEveryOtherCondition() {
    SiteDeployment sd = kiln1Energy();
    SiteDeploymentStatus first =
        SiteDeploymentStatusAggregator.error(sd, new IllegalStateException("first"), T0).status();
    SiteDeploymentStatus withFigures =
        new SiteDeploymentStatus(
            4L,
            Phase.Advisory,
            "2026-11-19T10:00:00Z",
            null,
            "1.2.0",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            120L,
            null,
            null,
            null,
            null,
            Conditions.from(first.conditions(), 4, T0)
                .set(ConditionTypes.READY, ConditionStatus.True, Reason.Running, "live")
                .set(ConditionTypes.DEGRADED, ConditionStatus.False, Reason.NotDegraded, "fine")
                .build());
    sd.setStatus(withFigures);

    StatusUpdate<SiteDeploymentStatus> error =
        SiteDeploymentStatusAggregator.error(sd, new IllegalStateException("boom"), T1);
    assertThat(error.status().phase()).isEqualTo(Phase.Advisory);
    assertThat(error.status().evaluations()).isEqualTo(120L);
    assertThat(error.status().observedGeneration()).isEqualTo(4L);
    assertThat(Conditions.find(error.status().conditions(), ConditionTypes.DEGRADED))
        .isEqualTo(Conditions.find(withFigures.conditions(), ConditionTypes.DEGRADED));
    assertThat(error.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.from()).contains(ConditionStatus.True);
              assertThat(c.to()).isEqualTo(ConditionStatus.False);
            });
  }

  @Test
  void aBaselineFromHistoryReachesTheStatusWithItsWindowSamplesAndTime() {
    UseCaseStatus u = Workloads.loaded("kiln1-energy", "1.2.0", -1.0);
    UseCaseStatus withHistory =
        new UseCaseStatus(
            u.name(),
            u.active(),
            u.candidate(),
            u.shadow(),
            u.drift(),
            List.of(
                new InferenceStatus.KpiReport(
                    "specific_heat_consumption",
                    "kJ/kg",
                    3512.25,
                    BaselineSource.History,
                    null,
                    null,
                    KpiAssessment.Unknown,
                    0,
                    1_800_000_000_000L,
                    1_800_086_400_000L,
                    1380L,
                    1_800_086_460_000L)),
            u.evaluations(),
            u.skipped(),
            u.skipStreak(),
            u.firstValidInferenceAtMs(),
            u.lastRecommendation(),
            u.heldFraction());
    KpiStatus kpi = ReportedFigures.of(Optional.of(withHistory), null).kpis().get(0);
    assertThat(kpi.baselineSource()).isEqualTo(BaselineSource.History);
    assertThat(kpi.baseline()).isEqualTo(3512.25);
    assertThat(kpi.baselineWindowStart()).isEqualTo("2027-01-15T08:00:00Z");
    assertThat(kpi.baselineWindowEnd()).isEqualTo("2027-01-16T08:00:00Z");
    assertThat(kpi.baselineSamples()).isEqualTo(1380L);
    assertThat(kpi.baselineComputedAt()).isEqualTo("2027-01-16T08:01:00Z");
  }

  private static KpiStatus kpi(String name, Double baseline, BaselineSource source, String note) {
    return new KpiStatus(
        name,
        "%",
        baseline,
        source,
        null,
        null,
        KpiAssessment.Unknown,
        null,
        null,
        null,
        null,
        note);
  }

  @Test
  void aServerWithoutHistoryGivesBaselineSourceLiveWithTheReasonAndTheFix() {
    var v =
        SiteDeploymentStatusAggregator.baselineSource(
            List.of(
                kpi("specific_heat_consumption", 3450.0, BaselineSource.Calibration, null),
                kpi(
                    "off_spec_clinker",
                    null,
                    BaselineSource.Measured,
                    "history not read: the server keeps no history of clinker.free_lime.lab")));
    assertThat(v.status()).isEqualTo(ConditionStatus.False);
    assertThat(v.reason()).isEqualTo(Reason.Live);
    assertThat(v.message())
        .contains("off_spec_clinker: history not read: the server keeps no history of")
        .contains("measured live")
        .contains("spec.calibration.kpiBaselines");
  }

  @Test
  void baselineSourceNamesTheLeastDirectSourceOnceEveryKpiHasABaseline() {
    var pending =
        SiteDeploymentStatusAggregator.baselineSource(
            List.of(kpi("off_spec_clinker", null, BaselineSource.Measured, null)));
    assertThat(pending.status()).isEqualTo(ConditionStatus.False);
    assertThat(pending.reason()).isEqualTo(Reason.BaselinePending);
    var history =
        SiteDeploymentStatusAggregator.baselineSource(
            List.of(
                kpi("specific_heat_consumption", 3450.0, BaselineSource.Calibration, null),
                kpi("off_spec_clinker", 12.5, BaselineSource.History, null)));
    assertThat(history.status()).isEqualTo(ConditionStatus.True);
    assertThat(history.reason()).isEqualTo(Reason.History);
    assertThat(history.message())
        .isEqualTo("Calibration: specific_heat_consumption; History: off_spec_clinker");
    var live =
        SiteDeploymentStatusAggregator.baselineSource(
            List.of(
                kpi(
                    "off_spec_clinker",
                    12.5,
                    BaselineSource.Measured,
                    "history not read: timed out")));
    assertThat(live.status()).isEqualTo(ConditionStatus.True);
    assertThat(live.reason()).isEqualTo(Reason.Live);
    assertThat(live.message()).contains("timed out");
  }

  @Test
  void reportedFiguresAreRoundedAndKeptWhileTheServerCannotBeRead() {
    ReportedFigures reported =
        ReportedFigures.of(
            Optional.of(Workloads.loaded("kiln1-energy", "1.2.0", -1.23456789)), null);
    assertThat(reported.kpis())
        .singleElement()
        .satisfies(k -> assertThat(k.changePercent()).isEqualTo(-1.2346));
    assertThat(reported.drift().status()).isEqualTo(DriftStatus.Ok);
    assertThat(reported.lastRecommendation().topContributors())
        .containsExactly("kiln.burning_zone.temperature", "kiln.feed.rate");

    SiteDeploymentStatus prev =
        new SiteDeploymentStatus(
            5L,
            Phase.Advisory,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            reported.drift(),
            reported.kpis(),
            reported.evaluations(),
            reported.lastRecommendation(),
            null,
            null,
            null,
            null);
    assertThat(ReportedFigures.of(Optional.empty(), prev)).isEqualTo(reported);
  }
}
