package io.plantops.api.v1alpha1;

/** What is live for a SiteDeployment, as opposed to what spec.stage wishes. */
public enum Phase {
  /** Not running yet: references unresolved, inputs not covered, or model not loaded. */
  Pending,
  Shadow,
  Advisory,
  ClosedLoop,
  /** Cannot run: invalid calibration, no loadable model version, template gone. */
  Failed;

  /** The stage that is live in this phase, or null for Pending and Failed. */
  public Stage stage() {
    return switch (this) {
      case Shadow -> Stage.Shadow;
      case Advisory -> Stage.Advisory;
      case ClosedLoop -> Stage.ClosedLoop;
      default -> null;
    };
  }

  /** The phase in which {@code stage} is live. */
  public static Phase of(Stage stage) {
    return switch (stage) {
      case Shadow -> Shadow;
      case Advisory -> Advisory;
      case ClosedLoop -> ClosedLoop;
    };
  }
}
