package io.plantops.sandbox.runtime;

/**
 * The state of a local pod's one container, as a kubelet reports it in {@code
 * containerStatuses[].state}: running, or waiting with one of these reasons.
 */
public enum ContainerState {
  /** Not started yet. */
  Pending,
  /** The process runs. */
  Running,
  /** The process exited and waits out its back-off before the next start. */
  CrashLoopBackOff,
  /** The process could not be started (the command failed to launch). */
  StartError;

  /** Whether the container is waiting rather than running ({@code state.waiting}). */
  public boolean waiting() {
    return this != Running;
  }
}
