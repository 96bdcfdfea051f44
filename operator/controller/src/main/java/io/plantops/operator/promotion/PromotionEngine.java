package io.plantops.operator.promotion;

/**
 * The one place that decides what is live for a SiteDeployment: its phase (Pending, Shadow,
 * Advisory, ClosedLoop, Failed), which model version is active and which, if any, is scored as a
 * candidate in shadow, and the audit history of those decisions.
 *
 * <p>The SiteDeployment reconciler gathers the facts ({@link PromotionInput}: spec, the status as
 * last written, the template, the contract and calibration checks, what the plant's inference
 * server reports) and writes the {@link PromotionDecision} into status. The Plant reconciler
 * renders the resolved plant config from that status, never from {@code spec.stage} directly, so
 * the connector writes only for a use case whose decided phase is ClosedLoop.
 *
 * <p>Implementations must be pure functions of their input (the clock is in the input): the
 * operator may call them any number of times, after a restart, on another replica.
 */
public interface PromotionEngine {

  /** Decides what is live given {@code input}. */
  PromotionDecision decide(PromotionInput input);
}
