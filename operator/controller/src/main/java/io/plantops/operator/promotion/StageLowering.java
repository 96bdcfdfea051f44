package io.plantops.operator.promotion;

/**
 * spec.stage (capped at the template's maxAutonomy, and at Advisory while the site has more
 * substituted inputs than ClosedLoop allows) below the live stage: the site steps down to it at
 * once, without gates or approvals. Asking for less autonomy is always allowed; a ClosedLoop site
 * whose substitutes grow beyond the bound does not stay ClosedLoop silently.
 */
final class StageLowering implements Policy {

  @Override
  public Verdict evaluate(Situation s) {
    if (s.target().compareTo(s.liveStage()) >= 0) {
      return Verdict.pass();
    }
    return Verdict.decide(
        new Outcome.StageLowered(
            s.spec().stage(),
            s.target(),
            s.liveStage(),
            s.active().version(),
            s.candidate(),
            s.substituteCap()));
  }
}
