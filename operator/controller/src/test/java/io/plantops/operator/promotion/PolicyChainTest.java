package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.operator.promotion.Policy.Note;
import io.plantops.operator.promotion.Policy.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyChainTest {

  final Situation live = SiteState.live(Phase.Advisory).situation();
  final Note refusal = new Note.Refusal(Stage.ClosedLoop, "1.2.0", "t", Stage.Advisory);
  final Outcome first = new Outcome.Stay(Stage.Shadow, "first", Optional.empty());
  final Outcome second = new Outcome.Stay(Stage.Shadow, "second", Optional.empty());

  @Test
  void theFirstPolicyThatDecidesWinsWithTheNotesOfThoseItPassed() {
    PolicyChain chain =
        new PolicyChain(
            List.of(
                s -> Verdict.pass(refusal),
                s -> Verdict.decide(first),
                s -> Verdict.decide(second)));
    assertThat(chain.evaluate(live)).isEqualTo(new PolicyChain.Evaluation(first, List.of(refusal)));
  }

  @Test
  void theSiteStaysAsItIsWhenNoPolicyDecides() {
    assertThat(new PolicyChain(List.of(s -> Verdict.pass())).evaluate(live))
        .isEqualTo(
            new PolicyChain.Evaluation(
                new Outcome.Stay(Stage.Advisory, "1.2.0", Optional.empty()), List.of()));
  }

  @Test
  void theStandardChainDecidesRollbackFirstThenLoweringThenVersionThenStage() {
    assertThat(PolicyChain.standard().policies())
        .extracting(p -> p.getClass().getSimpleName())
        .containsExactly(
            "Activation",
            "LoadFailureRollback",
            "RingRevert",
            "DriftRollback",
            "KpiRollback",
            "StageLowering",
            "AutonomyCap",
            "CandidateTracking",
            "VersionPromotion",
            "StagePromotion");
  }

  @Test
  void anotherRuleJoinsTheChainWithoutChangingTheOthers() {
    // e.g. a fleet ring that holds every stage promotion until its ring may move
    Policy hold =
        s ->
            Verdict.decide(new Outcome.Stay(s.liveStage(), s.active().version(), Optional.empty()));
    List<Policy> policies = new ArrayList<>(PolicyChain.standard().policies());
    policies.add(policies.size() - 1, hold);
    SiteState ready = SiteState.live(Phase.Shadow);
    ready.observation = SiteState.healthy("1.2.0", 2000);
    ready.now = SiteState.T0.plus(Duration.ofDays(2));
    ready.approvals = List.of(StagedPromotionEngineTest.ENGINEER);
    assertThat(PolicyChain.standard().evaluate(ready.situation()).outcome())
        .isInstanceOf(Outcome.StagePromoted.class);
    assertThat(new PolicyChain(policies).evaluate(ready.situation()).outcome())
        .isEqualTo(new Outcome.Stay(Stage.Shadow, "1.2.0", Optional.empty()));
  }
}
