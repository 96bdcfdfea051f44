package io.plantops.contract;

/** The live autonomy of a use case, as the workloads see it (mirrors the API's Stage). */
public enum Autonomy {
  /** Scored only; nothing reaches operators or the plant. */
  Shadow,
  /** Recommendations are published to operators. */
  Advisory,
  /** Setpoints are written inside the safety envelope. */
  ClosedLoop
}
