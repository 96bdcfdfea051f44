package io.plantops.operator.promotion;

import java.time.Duration;
import java.util.Optional;

/**
 * The staged promotion state machine: a pure function of the SiteDeployment (spec and the status as
 * last written), the template, the checks and what the inference server reports, at a given time.
 * See docs/promotion.md for the picture.
 *
 * <p>{@link Readiness} first: the site is Failed (template missing or invalid, no version, invalid
 * calibration) or Pending (no plant, inputs not covered). Then the {@link PolicyChain} decides at
 * most one transition, the first policy that decides winning:
 *
 * <ol>
 *   <li>{@link Activation}: live in Shadow as soon as the inference server verifies the selected
 *       model (Pending until then), also when the live version was removed from the template;
 *   <li><b>rollback</b>: the active model cannot be loaded ({@link LoadFailureRollback}), drift
 *       Alert in ClosedLoop ({@link DriftRollback}), a KPI degraded beyond the policy's bound for
 *       the policy's duration ({@link KpiRollback});
 *   <li><b>lowering</b> ({@link StageLowering}): {@code spec.stage} (capped at maxAutonomy) below
 *       the live stage steps down at once, without gates or approvals;
 *   <li><b>version promotion</b> ({@link VersionPromotion}): a candidate (a version the version
 *       policy selects that is not the active one, scored in shadow) replaces the active version
 *       once the versionUpdate gates pass and its required roles approved that version;
 *   <li><b>stage promotion</b> ({@link StagePromotion}): one stage up towards {@code spec.stage}
 *       once the next stage's gates pass and its roles approved it; it waits while a candidate is
 *       in shadow.
 * </ol>
 *
 * <p>{@link DecisionBuilder} turns the outcome into the decision (history, events, conditions) and
 * {@link Messages} renders its text.
 *
 * <p>Everything the machine remembers is in the status it wrote (phase, phaseSince, the evaluation
 * count at the phase's start, candidate, pendingSince, kpiDegradedSince, rollback, history), so a
 * decision taken again on what it wrote changes nothing: a restarted operator neither repeats a
 * transition nor loses history.
 */
public final class StagedPromotionEngine implements PromotionEngine {

  /** How soon to decide again after a transition (the next step may be ready at once). */
  static final Duration AFTER_TRANSITION = Duration.ofSeconds(1);

  /** How often to decide again while a promotion waits, so times and approvals are re-read. */
  static final Duration WHILE_WAITING = Duration.ofMinutes(5);

  private final PolicyChain chain;

  public StagedPromotionEngine() {
    this(PolicyChain.standard());
  }

  StagedPromotionEngine(PolicyChain chain) {
    this.chain = chain;
  }

  @Override
  public PromotionDecision decide(PromotionInput in) {
    DecisionBuilder decision = new DecisionBuilder(in);
    Optional<Outcome.NotReady> notReady = Readiness.check(in);
    if (notReady.isPresent()) {
      return decision.notReady(notReady.get());
    }
    Situation situation = Situation.of(in);
    return decision.decided(situation, chain.evaluate(situation));
  }
}
