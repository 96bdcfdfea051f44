package io.plantops.sandbox.runtime;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the sandbox knows of a process it started and keeps: whether it runs, how often it was
 * restarted, how it last ended and, while it is down, when it starts again. The live table renders
 * it; tests assert on it.
 *
 * @param state running, or waiting (and why)
 * @param pid the running process's id
 * @param restarts restarts after an exit, as a pod's {@code restartCount} counts them
 * @param lastExit how the last process ended, if one did
 * @param nextStart while it is down: when the next start is due; empty when none will happen
 */
public record ProcessReport(
    ContainerState state,
    OptionalLong pid,
    int restarts,
    Optional<Exit> lastExit,
    Optional<Instant> nextStart) {

  /**
   * An ended process.
   *
   * @param code its exit code; 128 + n after signal n, as a shell and the JDK report it (137 for
   *     SIGKILL)
   * @param at when the sandbox saw it end
   */
  public record Exit(int code, Instant at) {}

  /** Whether the process runs. */
  public boolean running() {
    return state == ContainerState.Running;
  }
}
