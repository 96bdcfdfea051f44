package io.plantops.operator.status;

/**
 * Machine-readable reasons of the operator's conditions and events, in CamelCase (Kubernetes API
 * conventions). One enum so that the set of reasons a dashboard or an Argo CD health check may see
 * is written down in one place.
 */
public enum Reason {
  // generic
  Reconciled,
  ReconcileError,
  Valid,
  Invalid,
  /** A stored generation is invalid and the last valid one runs instead (last known good). */
  InvalidGeneration,
  // references
  PlantNotFound,
  TemplateNotFound,
  TemplateInvalid,
  TagMappingNotFound,
  VersionNotFound,
  // contract and calibration
  AllSignalsMapped,
  SignalsMissing,
  WithinTemplateLimits,
  OutsideTemplateLimits,
  // substitutes
  Substituted,
  AllInputsMeasured,
  // models
  Loaded,
  Loading,
  LoadFailed,
  DigestMismatch,
  ServingOtherVersion,
  NotLoaded,
  NotPolled,
  PollingDisabled,
  InferenceServerUnreachable,
  // live phase
  Running,
  AwaitingModelVerification,
  InputsNotCovered,
  CalibrationInvalid,
  CappedAtMaxAutonomy,
  CappedBySubstitutes,
  // plant
  NamesInvalid,
  TimezoneUnknown,
  InsecureWithWritableMappings,
  PasswordWithoutSecurity,
  SignalConflict,
  WorkloadsNotReady,
  Onboarding,
  Connected,
  /** Connected, but the connector refuses some mapped signals (namespace moved, wrong unit). */
  SignalsRefused,
  Connecting,
  Disconnected,
  ConnectorUnreachable,
  ConfigRefused,
  WorkloadDown,
  // KPI baselines (condition BaselineSource)
  /** Every KPI baseline is calibrated. */
  Calibration,
  /** Every KPI baseline is calibrated or computed from the plant's history. */
  History,
  /** A KPI baseline is measured live: the history could not give it (the note says why). */
  Live,
  /** A KPI has no baseline yet and no history has been handed in for it. */
  BaselinePending,
  // degradation
  NotDegraded,
  DriftAlert,
  ModelLoadFailed,
  PlantDisconnected,
  EvaluationsSkipped,
  // promotion (conditions)
  AwaitingGates,
  AwaitingApprovals,
  UpToDate,
  NotLive,
  KpiDegraded,
  NotRolledBack,
  PromotedSince,
  // promotion (events: one per history entry, named as the entry's reason)
  Activated,
  StagePromoted,
  StageLowered,
  CandidateStarted,
  VersionPromoted,
  CandidateWithdrawn,
  Refused,
  RolledBackDrift,
  RolledBackKpi,
  RolledBackModelLoad,
  RolledBackRing,
  // fleet rollout (Rollout condition and events)
  RolloutProgressing,
  RolloutPaused,
  RolloutResumed,
  RolloutHalted,
  RolloutComplete,
  RolloutStarted,
  RingOpened,
  RingFailed,
  // (NotLive, a history entry's reason too, is with the conditions above)
  // events only
  PhaseChanged,
  MilestoneReached,
  ConfigRendered
}
