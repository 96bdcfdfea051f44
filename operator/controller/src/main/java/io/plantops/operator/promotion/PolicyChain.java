package io.plantops.operator.promotion;

import io.plantops.operator.promotion.Policy.Note;
import io.plantops.operator.promotion.Policy.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The policies in order of priority; the first that decides wins, as in cert-manager's policy
 * chains. Another rule (a fleet rollout ring, say) is one more entry in {@link #standard()}.
 */
final class PolicyChain {

  private final List<Policy> policies;

  PolicyChain(List<Policy> policies) {
    this.policies = List.copyOf(policies);
  }

  /**
   * The staged promotion rules: activation, then rollback (load failure, the fleet ring's revert,
   * drift, KPI), lowering, the autonomy cap, the candidate in shadow, version promotion and stage
   * promotion.
   */
  static PolicyChain standard() {
    return new PolicyChain(
        List.of(
            new Activation(),
            new LoadFailureRollback(),
            new RingRevert(),
            new DriftRollback(),
            new KpiRollback(),
            new StageLowering(),
            new AutonomyCap(),
            new CandidateTracking(),
            new VersionPromotion(),
            new StagePromotion()));
  }

  /**
   * The outcome and the notes of the policies passed before it.
   *
   * @param outcome what the first deciding policy decided, or {@link Outcome.Stay}
   * @param notes the notes, in chain order
   */
  record Evaluation(Outcome outcome, List<Note> notes) {
    Evaluation {
      notes = List.copyOf(notes);
    }
  }

  /** The policies, in order of priority. */
  List<Policy> policies() {
    return policies;
  }

  /** Evaluates the policies in order; stays when none decides. */
  Evaluation evaluate(Situation s) {
    List<Note> notes = new ArrayList<>();
    for (Policy p : policies) {
      Verdict v = p.evaluate(s);
      if (v instanceof Verdict.Decide d) {
        return new Evaluation(d.outcome(), notes);
      }
      notes.addAll(((Verdict.Pass) v).notes());
    }
    return new Evaluation(s.stay(), notes);
  }
}
