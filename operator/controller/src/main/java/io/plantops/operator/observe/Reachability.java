package io.plantops.operator.observe;

/** Whether the operator could read a workload's status endpoint. */
public enum Reachability {
  /** Polling is switched off, or the first poll has not completed. */
  NotPolled,
  /** The endpoint answered with a status document. */
  Reachable,
  /** Connection refused, timeout, non-2xx answer or unreadable document. */
  Unreachable
}
