package io.plantops.operator.status;

import java.util.concurrent.RejectedExecutionException;

/** Tells a reconciliation cut short by the operator stopping from one that failed. */
public final class Shutdown {

  private Shutdown() {}

  /**
   * True when {@code error} comes from an interrupted thread or a stopped executor: the operator is
   * stopping, and writing "reconciliation failed" into the resource's status would be false.
   */
  public static boolean causedIt(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException || t instanceof RejectedExecutionException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Thread.currentThread().isInterrupted();
  }
}
