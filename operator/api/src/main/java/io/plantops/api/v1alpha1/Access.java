package io.plantops.api.v1alpha1;

/** What the connector may do with a mapped tag. */
public enum Access {
  /** Subscribe only. */
  Read,
  /** Subscribe, and write setpoints in ClosedLoop inside the safety envelope. */
  ReadWrite
}
