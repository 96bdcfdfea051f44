package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.operator.promotion.Policy.Note.Refusal;
import org.junit.jupiter.api.Test;

class AutonomyCapTest {

  final AutonomyCap policy = new AutonomyCap();

  @Test
  void notesTheRefusalWhenSpecAsksForMoreThanTheTemplateAllows() {
    SiteState s = SiteState.live(Phase.Advisory);
    s.template = SiteState.withMaxAutonomy(s.template, Stage.Advisory);
    assertThat(s.passed(policy))
        .containsExactly(
            new Refusal(Stage.ClosedLoop, "1.2.0", "kiln-energy-optimization", Stage.Advisory));
  }

  @Test
  void notesNothingWithinTheTemplatesMaxAutonomy() {
    assertThat(SiteState.live(Phase.Advisory).passed(policy)).isEmpty();
  }
}
