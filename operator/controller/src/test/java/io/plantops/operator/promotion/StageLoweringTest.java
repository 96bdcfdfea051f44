package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Stage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StageLoweringTest {

  final StageLowering policy = new StageLowering();
  final CandidateSelection none = new CandidateSelection(Optional.empty(), List.of());

  @Test
  void stepsDownAtOnceToTheStageSpecAsksFor() {
    SiteState s = SiteState.live(Phase.ClosedLoop);
    s.stage = Stage.Shadow;
    assertThat(s.decided(policy))
        .isEqualTo(
            new Outcome.StageLowered(
                Stage.Shadow, Stage.Shadow, Stage.ClosedLoop, "1.2.0", none, Optional.empty()));
  }

  @Test
  void stepsDownToTheTemplatesMaxAutonomyWhenTheTemplateLowersIt() {
    SiteState s = SiteState.live(Phase.ClosedLoop);
    s.template = SiteState.withMaxAutonomy(s.template, Stage.Advisory);
    assertThat(s.decided(policy))
        .isEqualTo(
            new Outcome.StageLowered(
                Stage.ClosedLoop,
                Stage.Advisory,
                Stage.ClosedLoop,
                "1.2.0",
                none,
                Optional.empty()));
  }

  @Test
  void passesAtOrBelowWhatSpecAsksFor() {
    SiteState s = SiteState.live(Phase.Advisory);
    assertThat(s.passed(policy)).isEmpty();
    s.stage = Stage.Advisory;
    assertThat(s.passed(policy)).isEmpty();
  }
}
