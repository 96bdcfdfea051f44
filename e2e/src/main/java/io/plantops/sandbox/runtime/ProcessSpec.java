package io.plantops.sandbox.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to run one supervised process: what a {@link ProcessSupervisor} needs of a pod's plan, and
 * what the sandbox gives it for the operator, which on a cluster is a Deployment too.
 *
 * @param name how the log names it, e.g. {@code plant-lyon/lyon-connector} or {@code operator}
 * @param command command line
 * @param env environment added to the sandbox's own
 * @param dir working directory, created when missing
 * @param log file its stdout and stderr are appended to
 * @param port the local port its HTTP server listens on (readiness probe)
 * @param readinessPath path of the HTTP readiness probe; without one, running is ready
 */
public record ProcessSpec(
    String name,
    List<String> command,
    Map<String, String> env,
    Path dir,
    Path log,
    int port,
    Optional<String> readinessPath) {

  public ProcessSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }
}
