package io.plantops.api.v1alpha1;

/** Why an entry was added to a SiteDeployment's history. */
public enum HistoryReason {
  /** The first model version went live. */
  Activated,
  /** The site climbed one autonomy stage after its gates passed and approvals counted. */
  StagePromoted,
  /** spec.stage asked for a lower stage and the site stepped down. */
  StageLowered,
  /** A new model version started scoring in shadow beside the active one. */
  CandidateStarted,
  /** A candidate passed its gates and approvals and replaced the active version. */
  VersionPromoted,
  /** A candidate was withdrawn because the version policy no longer selects it. */
  CandidateWithdrawn,
  /** A promotion was refused: above the template's maxAutonomy, or a model failed to load. */
  Refused,
  /** Automatic fallback: drift reached Alert. */
  RolledBackDrift,
  /** Automatic fallback: a KPI degraded beyond the policy's bound for its duration. */
  RolledBackKpi,
  /** Automatic fallback: the active model could not be loaded. */
  RolledBackModelLoad,
  /**
   * The site stopped being live (Pending or Failed: inputs not covered, its Plant missing, its
   * calibration invalid, ...); the message says why. Open until the site is live again.
   */
  NotLive
}
