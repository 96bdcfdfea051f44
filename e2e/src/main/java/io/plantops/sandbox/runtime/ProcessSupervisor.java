package io.plantops.sandbox.runtime;

import io.plantops.contract.rules.Backoff;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one local pod's process the way the kubelet runs a container: starts it, restarts it after
 * an exit as its {@link RestartPolicy} allows (CrashLoopBackOff in between), and probes its
 * readiness over HTTP. Not thread-safe: the runtime's single sync thread drives it.
 */
final class ProcessSupervisor {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessSupervisor.class);

  private final PodPlan plan;
  private final Clock clock;
  private final RestartPolicy restarts;
  private Process process;
  private Instant startedAt;
  private boolean ready;

  ProcessSupervisor(PodPlan plan, Clock clock, Backoff backoff) {
    this.plan = plan;
    this.clock = clock;
    this.restarts = new RestartPolicy(backoff);
  }

  /**
   * Starts the process when it is not running and its back-off has passed.
   *
   * @return the pid of a process started by this call
   */
  OptionalLong ensureRunning() {
    if (process != null && process.isAlive()) {
      return OptionalLong.empty();
    }
    if (process != null) {
      int code = process.exitValue();
      process = null;
      ready = false;
      Duration delay = restarts.exited(clock.instant());
      LOG.warn(
          "{}: process exited with {}; restart #{} in {} ms (log: {})",
          plan.key(),
          code,
          restarts.restarts(),
          delay.toMillis(),
          plan.log());
    }
    if (!restarts.mayStart(clock.instant())) {
      return OptionalLong.empty();
    }
    try {
      Files.createDirectories(plan.log().getParent());
      Files.createDirectories(plan.root());
      ProcessBuilder pb = new ProcessBuilder(plan.command());
      pb.environment().putAll(plan.env());
      pb.directory(plan.root().toFile());
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(plan.log().toFile()));
      process = pb.start();
    } catch (IOException e) {
      Duration delay = restarts.failedToStart(clock.instant());
      LOG.warn(
          "{}: cannot start {}: {}; next attempt in {} ms",
          plan.key(),
          plan.command(),
          e.getMessage(),
          delay.toMillis());
      return OptionalLong.empty();
    }
    startedAt = clock.instant();
    restarts.started();
    LOG.info("{}: started pid {} on port {}", plan.key(), process.pid(), plan.port());
    return OptionalLong.of(process.pid());
  }

  /** Runs the readiness probe (an HTTP GET on the container's probe path, as the kubelet does). */
  void probe() {
    if (process == null || !process.isAlive()) {
      ready = false;
      return;
    }
    ready = plan.readinessPath().map(this::httpGetSucceeds).orElse(true);
    if (ready) {
      restarts.ready();
    }
  }

  private boolean httpGetSucceeds(String path) {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + plan.port() + path).toURL().openConnection();
      c.setConnectTimeout(300);
      c.setReadTimeout(500);
      int code = c.getResponseCode();
      c.disconnect();
      // Kubernetes: any code from 200 to 399 is a success
      return code >= 200 && code < 400;
    } catch (IOException e) {
      return false;
    }
  }

  /** Kills the process abruptly (SIGKILL), with its children, as a node failure would. */
  void kill() {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /** Stops the process: SIGTERM, then SIGKILL after a grace period, as a pod deletion does. */
  void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  boolean ready() {
    return ready;
  }

  /** The pid of the current process, or -1. */
  long pid() {
    return process == null ? -1 : process.pid();
  }

  ContainerState state() {
    return restarts.state();
  }

  int restarts() {
    return restarts.restarts();
  }

  /** When the running process started. */
  Optional<Instant> startedAt() {
    return alive() ? Optional.ofNullable(startedAt) : Optional.empty();
  }
}
