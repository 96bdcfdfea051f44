package io.plantops.contract;

/** How a history read of a set of signals ended. */
public enum HistoryReadStatus {
  /** Every signal's history was read (possibly with excluded samples and gaps, counted). */
  Read,
  /**
   * The server keeps no history for at least one signal: it answered
   * Bad_HistoryOperationUnsupported, Bad_NotReadable or Bad_UserAccessDenied (OPC UA Part 11 §6.4),
   * or the node lacks the HistoryRead access bit. The baseline falls back to live measurement.
   */
  NoHistory,
  /** A call failed (another bad status, a lost session, too many values, a busy reader). */
  Failed,
  /** The read did not finish within its time budget. */
  TimedOut
}
