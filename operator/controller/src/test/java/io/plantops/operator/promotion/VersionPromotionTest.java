package io.plantops.operator.promotion;

import static io.plantops.operator.promotion.SiteState.T0;
import static io.plantops.operator.promotion.SiteState.T0_TEXT;
import static io.plantops.operator.promotion.SiteState.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.ApprovalReason;
import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.RollbackReason;
import io.plantops.api.v1alpha1.RollbackStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.contract.DriftStatus;
import io.plantops.operator.testing.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Kiln: a new version needs 2880 shadow samples, 2 days, agreement 0.5 and the AI lead. */
class VersionPromotionTest {

  final VersionPromotion policy = new VersionPromotion();

  /** Live in Advisory, asking for ClosedLoop, 1.3.0 in shadow since T0 with {@code samples}. */
  static SiteState shadowing(long samples, Duration after) {
    SiteState s = SiteState.live(Phase.Advisory);
    s.versionPolicy = VersionPolicy.FollowLatest;
    s.pinned = null;
    s.candidate =
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
    s.observation =
        StagedPromotionEngineTest.obs(
            StagedPromotionEngineTest.withCandidate(
                StagedPromotionEngineTest.serving("1.2.0", 5000, DriftStatus.Ok, -1.5),
                "1.3.0",
                T0,
                samples,
                0.2));
    s.now = T0.plus(after);
    return s;
  }

  @Test
  void passesWithoutACandidate() {
    assertThat(SiteState.live(Phase.Advisory).passed(policy)).isEmpty();
  }

  @Test
  void theCandidateWaitsForItsShadowGatesAndHoldsTheStagePromotion() {
    Outcome.Waiting w = (Outcome.Waiting) shadowing(500, Duration.ofDays(1)).decided(policy);
    assertThat(w.promotion()).isEqualTo(new PendingPromotion.ToVersion("1.3.0"));
    assertThat(w.live()).isEqualTo(Stage.Advisory);
    assertThat(w.version()).isEqualTo("1.2.0");
    assertThat(w.blockedStage()).contains(Stage.ClosedLoop);
    assertThat(w.gates().failing())
        .containsExactly(
            "minSamples (2380 more shadow evaluations)",
            "minMinutes (passes at 2026-11-23T08:00:00Z)");
    assertThat(w.approvals().pendingRoles()).containsExactly("corporate-ai-lead");
  }

  @Test
  void aCandidatePassingItsGatesWithItsApprovalReplacesTheActiveVersion() {
    SiteState s = shadowing(3000, Duration.ofDays(2));
    s.approvals = List.of(StagedPromotionEngineTest.AI_LEAD_13);
    assertThat(s.decided(policy))
        .isEqualTo(
            new Outcome.VersionPromoted(
                model("1.3.0"),
                "1.2.0",
                Stage.Advisory,
                3000,
                List.of("k.schmidt (corporate-ai-lead)"),
                Optional.of(Workloads.exampleSha256("1.3.0"))));
  }

  @Test
  void anApprovalGivenBeforeTheLastRollbackDoesNotCount() {
    SiteState s = shadowing(3000, Duration.ofDays(2));
    s.approvals = List.of(StagedPromotionEngineTest.AI_LEAD_13);
    s.rollback =
        new RollbackStatus(
            "2026-11-20T13:00:00Z",
            RollbackReason.KpiDegraded,
            Phase.ClosedLoop,
            Phase.Advisory,
            "1.2.0",
            "1.2.0",
            "KPI worse");
    Outcome.Waiting w = (Outcome.Waiting) s.decided(policy);
    assertThat(w.gates().allPassed()).isTrue();
    assertThat(w.approvals().statuses())
        .singleElement()
        .satisfies(a -> assertThat(a.reason()).isEqualTo(ApprovalReason.BeforeRollback));
  }
}
