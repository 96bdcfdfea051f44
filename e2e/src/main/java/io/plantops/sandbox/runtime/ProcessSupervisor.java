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
 * Runs one process the way the kubelet runs a container: starts it, restarts it after an exit as
 * its {@link RestartPolicy} allows (CrashLoopBackOff in between, each restart logged with the exit
 * code), and probes its readiness over HTTP. It runs a local pod's process for the {@link
 * LocalRuntime}, and the operator's for the sandbox. One thread drives it ({@link #ensureRunning}
 * and {@link #probe}); {@link #report()} and {@link #kill()} may be called from any thread.
 */
public final class ProcessSupervisor {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessSupervisor.class);

  private final ProcessSpec spec;
  private final Clock clock;
  private final RestartPolicy restarts;
  private volatile Process process;
  private volatile Instant startedAt;
  private volatile boolean ready;
  private volatile ProcessReport.Exit lastExit;

  /**
   * @param spec what to run
   * @param clock the clock of back-off and exit times
   * @param backoff the delays between restarts
   */
  public ProcessSupervisor(ProcessSpec spec, Clock clock, Backoff backoff) {
    this.spec = spec;
    this.clock = clock;
    this.restarts = new RestartPolicy(backoff);
  }

  /**
   * Starts the process when it is not running and its back-off has passed.
   *
   * @return the pid of a process started by this call
   */
  public OptionalLong ensureRunning() {
    Process current = process;
    if (current != null && current.isAlive()) {
      return OptionalLong.empty();
    }
    if (current != null) {
      int code = current.exitValue();
      Instant now = clock.instant();
      lastExit = new ProcessReport.Exit(code, now);
      ready = false;
      Duration delay = restarts.exited(now);
      process = null;
      LOG.warn(
          "{}: process {} exited with {}; restart #{} in {} ms (log: {})",
          spec.name(),
          current.pid(),
          code,
          restarts.restarts(),
          delay.toMillis(),
          spec.log());
    }
    if (!restarts.mayStart(clock.instant())) {
      return OptionalLong.empty();
    }
    try {
      Files.createDirectories(spec.log().getParent());
      Files.createDirectories(spec.dir());
      ProcessBuilder pb = new ProcessBuilder(spec.command());
      pb.environment().putAll(spec.env());
      pb.directory(spec.dir().toFile());
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()));
      process = pb.start();
    } catch (IOException e) {
      Duration delay = restarts.failedToStart(clock.instant());
      LOG.warn(
          "{}: cannot start {}: {}; next attempt in {} ms",
          spec.name(),
          spec.command(),
          e.getMessage(),
          delay.toMillis());
      return OptionalLong.empty();
    }
    startedAt = clock.instant();
    restarts.started();
    if (restarts.restarts() == 0) {
      LOG.info("{}: started pid {} on port {}", spec.name(), process.pid(), spec.port());
    } else {
      LOG.warn(
          "{}: restarted as pid {} on port {} (restart #{}, last exit {})",
          spec.name(),
          process.pid(),
          spec.port(),
          restarts.restarts(),
          lastExit == null ? "-" : lastExit.code());
    }
    return OptionalLong.of(process.pid());
  }

  /** Runs the readiness probe (an HTTP GET on the container's probe path, as the kubelet does). */
  public void probe() {
    Process current = process;
    if (current == null || !current.isAlive()) {
      ready = false;
      return;
    }
    ready = spec.readinessPath().map(this::httpGetSucceeds).orElse(true);
    if (ready) {
      restarts.ready();
    }
  }

  private boolean httpGetSucceeds(String path) {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + spec.port() + path).toURL().openConnection();
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
  public void kill() {
    Process current = process;
    if (current != null) {
      current.descendants().forEach(ProcessHandle::destroyForcibly);
      current.destroyForcibly();
    }
  }

  /** Stops the process: SIGTERM, then SIGKILL after a grace period, as a pod deletion does. */
  public void stop() {
    Process process = this.process;
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

  public boolean alive() {
    Process current = process;
    return current != null && current.isAlive();
  }

  public boolean ready() {
    return ready;
  }

  /** The pid of the current process, or -1. */
  public long pid() {
    Process current = process;
    return current == null ? -1 : current.pid();
  }

  /** How the last process ended, if one did. */
  public Optional<ProcessReport.Exit> lastExit() {
    return Optional.ofNullable(lastExit);
  }

  /**
   * What it is doing now. A process that died since the last {@link #ensureRunning} is reported
   * down at once, its restart not yet scheduled.
   */
  public ProcessReport report() {
    Process current = process;
    boolean alive = current != null && current.isAlive();
    ContainerState state = restarts.state();
    if (alive) {
      return new ProcessReport(
          ContainerState.Running,
          OptionalLong.of(current.pid()),
          restarts.restarts(),
          lastExit(),
          Optional.empty());
    }
    Optional<Instant> next =
        state == ContainerState.Running ? Optional.empty() : Optional.of(restarts.nextStart());
    return new ProcessReport(
        state == ContainerState.Running ? ContainerState.CrashLoopBackOff : state,
        OptionalLong.empty(),
        restarts.restarts(),
        lastExit(),
        next);
  }

  public ContainerState state() {
    return restarts.state();
  }

  public int restarts() {
    return restarts.restarts();
  }

  /** When the running process started. */
  public Optional<Instant> startedAt() {
    return alive() ? Optional.ofNullable(startedAt) : Optional.empty();
  }
}
