package io.plantops.sandbox.runtime;

import io.plantops.contract.rules.Backoff;
import java.time.Duration;
import java.time.Instant;

/**
 * When a local pod's process may start, as the kubelet decides for {@code restartPolicy: Always}:
 * at once the first time, then after each exit with the project's {@link Backoff}, which a ready
 * container resets. Pure bookkeeping over instants the caller passes; starting processes is {@link
 * ProcessSupervisor}'s work. Read from other threads (the live table), written by one.
 */
public final class RestartPolicy {

  private final Backoff backoff;
  private volatile ContainerState state = ContainerState.Pending;
  private volatile Instant nextStart = Instant.EPOCH;
  private volatile int restarts;

  public RestartPolicy(Backoff backoff) {
    this.backoff = backoff;
  }

  /** Whether a start is due at {@code now}. */
  public boolean mayStart(Instant now) {
    return state != ContainerState.Running && !now.isBefore(nextStart);
  }

  /** The process started. */
  public void started() {
    state = ContainerState.Running;
  }

  /** The process exited (or was killed); returns the back-off before the next start. */
  public Duration exited(Instant now) {
    Duration delay = backoff.next();
    restarts++;
    nextStart = now.plus(delay);
    state = ContainerState.CrashLoopBackOff;
    return delay;
  }

  /** The process could not be launched; the next attempt waits out a back-off too. */
  public Duration failedToStart(Instant now) {
    Duration delay = backoff.next();
    nextStart = now.plus(delay);
    state = ContainerState.StartError;
    return delay;
  }

  /** The container passed its readiness probe: the next crash starts the back-off over. */
  public void ready() {
    backoff.reset();
  }

  public ContainerState state() {
    return state;
  }

  /** Restarts after an exit, as {@code restartCount} counts them. */
  public int restarts() {
    return restarts;
  }

  public Instant nextStart() {
    return nextStart;
  }
}
