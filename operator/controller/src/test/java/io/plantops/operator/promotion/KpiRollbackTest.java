package io.plantops.operator.promotion;

import static io.plantops.operator.promotion.SiteState.T0;
import static io.plantops.operator.promotion.SiteState.T0_TEXT;
import static io.plantops.operator.promotion.SiteState.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.contract.DriftStatus;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.promotion.CandidateSelection.Change;
import io.plantops.operator.promotion.Outcome.KpiDegradation;
import io.plantops.operator.promotion.Outcome.RollbackCause;
import io.plantops.operator.promotion.Policy.Note.KpiWatch;
import io.plantops.operator.testing.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kiln template rolls back when a KPI is 3 % worse than baseline for 120 minutes. */
class KpiRollbackTest {

  final KpiRollback policy = new KpiRollback();

  static SiteState worse(Phase phase, double percent) {
    SiteState s = SiteState.live(phase);
    s.observation = SiteState.serving(s.activeVersion, DriftStatus.Ok, percent);
    return s;
  }

  @Test
  void notesSinceWhenAKpiIsDegradedAndWhenTheRollbackIsDue() {
    assertThat(worse(Phase.ClosedLoop, 4.0).passed(policy))
        .containsExactly(new KpiWatch(T0_TEXT, Optional.of(T0.plus(Duration.ofMinutes(120)))));
  }

  @Test
  void keepsTheClockWhileNoCurrentFiguresAreReported() {
    SiteState s = SiteState.live(Phase.ClosedLoop);
    s.kpiDegradedSince = "2026-11-21T07:00:00Z";
    s.observation = UseCaseObservation.notPolled();
    assertThat(s.passed(policy))
        .containsExactly(new KpiWatch(s.kpiDegradedSince, Optional.empty()));
  }

  @Test
  void resetsTheClockWhenTheKpiIsBackWithinTheBound() {
    SiteState s = worse(Phase.ClosedLoop, 2.5);
    s.kpiDegradedSince = "2026-11-21T07:00:00Z";
    assertThat(s.passed(policy)).isEmpty();
  }

  @Test
  void stepsOneStageDownOnceDegradedForTheWholeDuration() {
    SiteState s = worse(Phase.ClosedLoop, 4.0);
    s.kpiDegradedSince = "2026-11-21T06:00:00Z";
    assertThat(s.decided(policy))
        .isEqualTo(
            new Outcome.RolledBack(
                new RollbackCause.KpiDegraded(
                    new KpiDegradation("specific_heat_consumption", 4.0, 3.0), 120),
                Stage.ClosedLoop,
                "1.2.0",
                Stage.Advisory,
                model("1.2.0"),
                Optional.of(new CandidateSelection(Optional.empty(), List.of()))));
  }

  @Test
  void returnsToThePreviousVersionWhenTheActiveOneWasPromotedRecently() {
    SiteState s = SiteState.live(Phase.Advisory);
    s.period("1.3.0", Stage.Advisory, HistoryReason.VersionPromoted, "2026-11-21T05:00:00Z");
    s.activeVersion = "1.3.0";
    s.activeSha = Workloads.exampleSha256("1.3.0");
    s.versionPolicy = VersionPolicy.FollowLatest;
    s.pinned = null;
    s.observation = SiteState.serving("1.3.0", DriftStatus.Ok, 5.0);
    s.kpiDegradedSince = "2026-11-21T06:00:00Z";
    CandidateModel again =
        new CandidateModel(
            "1.3.0",
            Workloads.exampleSha256("1.3.0"),
            Stage.Shadow,
            T0_TEXT,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(s.decided(policy))
        .isEqualTo(
            new Outcome.RolledBack(
                new RollbackCause.KpiDegraded(
                    new KpiDegradation("specific_heat_consumption", 5.0, 3.0), 120),
                Stage.Advisory,
                "1.3.0",
                Stage.Advisory,
                model("1.2.0"),
                Optional.of(
                    new CandidateSelection(
                        Optional.of(again),
                        List.of(
                            new Change.Started("1.3.0", "1.2.0", VersionPolicy.FollowLatest))))));
  }

  @Test
  void watchesNoKpiInShadow() {
    assertThat(worse(Phase.Shadow, 9.0).passed(policy)).isEmpty();
  }
}
