package io.plantops.operator.promotion;

import static io.plantops.operator.promotion.SiteState.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.GateResult;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kiln: Advisory needs 1440 samples in Shadow, 1440 minutes and the process engineer. */
class StagePromotionTest {

  final StagePromotion policy = new StagePromotion();

  static SiteState inShadow(long evaluations, Duration after) {
    SiteState s = SiteState.live(Phase.Shadow);
    s.phaseStartEvaluations = 100L;
    s.observation = SiteState.healthy("1.2.0", evaluations);
    s.now = T0.plus(after);
    return s;
  }

  @Test
  void passesAtTheStageSpecAsksFor() {
    SiteState s = SiteState.live(Phase.Advisory);
    s.stage = Stage.Advisory;
    assertThat(s.passed(policy)).isEmpty();
  }

  @Test
  void waitsForTheNextStagesGatesCountingSamplesSinceTheLiveStageBegan() {
    Outcome.Waiting w = (Outcome.Waiting) inShadow(400, Duration.ofHours(1)).decided(policy);
    assertThat(w.promotion()).isEqualTo(new PendingPromotion.ToStage(Stage.Advisory));
    assertThat(w.live()).isEqualTo(Stage.Shadow);
    assertThat(w.blockedStage()).isEmpty();
    assertThat(w.gates().results())
        .filteredOn(g -> g.name().equals("minSamples"))
        .extracting(GateResult::observed)
        .containsExactly("300");
    assertThat(w.gates().passesAt()).contains(T0.plus(Duration.ofDays(1)));
  }

  @Test
  void waitsForTheRolesThatHaveNotApprovedOnceTheGatesPass() {
    Outcome.Waiting w = (Outcome.Waiting) inShadow(2000, Duration.ofDays(2)).decided(policy);
    assertThat(w.gates().allPassed()).isTrue();
    assertThat(w.approvals().pendingRoles()).containsExactly("plant-process-engineer");
  }

  @Test
  void climbsOneStageWhenTheGatesPassAndTheRolesApproved() {
    SiteState s = inShadow(2000, Duration.ofDays(2));
    s.approvals =
        List.of(
            StagedPromotionEngineTest.ENGINEER,
            StagedPromotionEngineTest.MANAGER,
            StagedPromotionEngineTest.AI_LEAD);
    assertThat(s.decided(policy))
        .isEqualTo(
            new Outcome.StagePromoted(
                Stage.Shadow,
                Stage.Advisory,
                "1.2.0",
                true,
                List.of("j.dupont (plant-process-engineer)")));
  }
}
