package io.plantops.api.v1alpha1;

/** Why an approval in a SiteDeployment's spec does or does not count for the pending promotion. */
public enum ApprovalReason {
  /** It counts: right scope, a required role, not expired, given after the latest rollback. */
  Valid,
  /** It approves another model version than the one pending (or the live one, for a stage). */
  StaleVersion,
  /** It is older than the template's promotion.approvalMaxAgeDays. */
  Expired,
  /** It was given before the latest automatic rollback: climbing back needs a fresh approval. */
  BeforeRollback,
  /**
   * It approves a stage the site has fallen below since it was given (rollback, lowering, or not
   * live at all): climbing back needs a fresh approval.
   */
  BeforeDrop,
  /** Its role is not one the pending promotion requires. */
  RoleNotRequired,
  /** It approves another stage, or a stage where a version is pending (or the reverse). */
  OtherStage,
  /** Its time lies in the future: a typo, or a clock that is off. */
  InFuture
}
