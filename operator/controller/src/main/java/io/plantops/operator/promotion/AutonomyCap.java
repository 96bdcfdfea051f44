package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.Stage;
import io.plantops.operator.promotion.Policy.Note.Refusal;

/**
 * spec.stage above the template's promotion.maxAutonomy: the site climbs no further than the
 * template allows, and the history records the refusal once per live period. Never decides.
 */
final class AutonomyCap implements Policy {

  @Override
  public Verdict evaluate(Situation s) {
    Stage asked = s.spec().stage();
    Stage max = s.policy().maxAutonomy();
    if (asked.compareTo(max) <= 0) {
      return Verdict.pass();
    }
    return Verdict.pass(
        new Refusal(asked, s.active().version(), s.spec().templateRef().name(), max));
  }
}
