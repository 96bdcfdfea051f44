package io.plantops.api.v1alpha1;

/** Condition types used across the four kinds, in one place. */
public final class ConditionTypes {
  /** The resource is fully reconciled and doing its job. */
  public static final String READY = "Ready";

  /** The spec passed the checks the schema cannot express (units, NodeIds, CEL, references). */
  public static final String VALID = "Valid";

  /** Every signal a SiteDeployment needs is mapped at its plant in a convertible unit. */
  public static final String INPUTS_COVERED = "InputsCovered";

  /**
   * Some inputs of a SiteDeployment are read from declared substitutes (True), or every input is
   * read from the plant (False).
   */
  public static final String INPUTS_SUBSTITUTED = "InputsSubstituted";

  /** Calibrated limits lie inside the template's limits and name declared outputs. */
  public static final String CALIBRATION_VALID = "CalibrationValid";

  /** The active model's digest and signature matched and the inference server loaded it. */
  public static final String MODEL_VERIFIED = "ModelVerified";

  /** The plant's connector holds an OPC UA session and data is flowing. */
  public static final String CONNECTED = "Connected";

  /** A stage or version promotion is under way (waiting on gates or approvals). */
  public static final String PROMOTING = "Promoting";

  /** The site fell back on its own (drift, KPI, model load) and has not been promoted since. */
  public static final String ROLLED_BACK = "RolledBack";

  /** Something is working below its declared level (drift alert, rollback, stale data). */
  public static final String DEGRADED = "Degraded";

  /**
   * Where a SiteDeployment's KPI baselines come from: True when every KPI has one, its reason the
   * least direct source in use (Calibration, History, Live); False while one is missing, with
   * reason Live when the plant's history cannot give it (so it is measured live) and
   * BaselinePending otherwise.
   */
  public static final String BASELINE_SOURCE = "BaselineSource";

  /**
   * A template's fleet rollout is healthy (progressing, paused or complete); False when a ring
   * failed and the rollout halted.
   */
  public static final String ROLLOUT = "Rollout";

  private ConditionTypes() {}
}
