package io.plantops.sandbox;

import io.plantops.contract.HostAliases;
import io.plantops.contract.rules.Backoff;
import io.plantops.sandbox.runtime.ContainerState;
import io.plantops.sandbox.runtime.ProcessReport;
import io.plantops.sandbox.runtime.ProcessSpec;
import io.plantops.sandbox.runtime.ProcessSupervisor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The operator's runnable jar in its own JVM, configured as the Helm chart configures it on a
 * cluster but through environment variables: the sandbox's kubeconfig, its host alias file (to
 * reach the workloads' Services), a port for actuator and metrics, and the lease namespace.
 *
 * <p>On a cluster the operator is a Deployment, so the sandbox keeps it running as the kubelet
 * would: a {@link ProcessSupervisor} restarts it after any exit with the project's back-off (1 s
 * doubling to 30 s, reset once it is ready again), on the same port, and logs each restart with its
 * exit code. {@link #report()} is what the live table shows of it.
 */
final class OperatorProcess implements AutoCloseable {

  /** The namespace the operator's leader election lease lives in. */
  static final String SYSTEM_NAMESPACE = "plantops-system";

  /** How often the supervisor looks at the process: well under the first back-off. */
  private static final Duration CHECK = Duration.ofMillis(250);

  /** How often its readiness is probed (a ready operator resets the back-off). */
  private static final int PROBE_EVERY = 8;

  private final ProcessSupervisor supervisor;
  private final ProcessSpec spec;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "operator-supervisor");
            t.setDaemon(true);
            return t;
          });

  private int checks;

  private OperatorProcess(ProcessSpec spec, Clock clock, Backoff backoff) {
    this.spec = spec;
    this.supervisor = new ProcessSupervisor(spec, clock, backoff);
  }

  /**
   * Starts the operator and keeps it running.
   *
   * @param jar its executable jar
   * @param kubeconfig the sandbox API server's kubeconfig
   * @param aliasFile the local runtime's host alias file
   * @param statusPollInterval how often it polls the workloads
   * @param workDir its working directory
   * @param log where its output goes
   * @param backoff the delays between restarts
   * @param onStart called with the pid of every process started, the first and each restart
   */
  static OperatorProcess start(
      Path jar,
      Path kubeconfig,
      Path aliasFile,
      Duration statusPollInterval,
      Path workDir,
      Path log,
      Backoff backoff,
      LongConsumer onStart) {
    int port = freePort();
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-jar",
            jar.toString());
    Map<String, String> env =
        Map.of(
            "KUBECONFIG",
            kubeconfig.toString(),
            HostAliases.FILE_ENV,
            aliasFile.toString(),
            "SERVER_PORT",
            Integer.toString(port),
            "HOSTNAME",
            "plantops-operator-sandbox",
            "PLANTOPS_OPERATOR_LEADERELECTION_LEASENAMESPACE",
            SYSTEM_NAMESPACE,
            "PLANTOPS_OPERATOR_STATUSPOLLING_INTERVAL",
            statusPollInterval.toSeconds() + "s");
    ProcessSpec spec =
        new ProcessSpec(
            "operator",
            command,
            env,
            workDir,
            log,
            port,
            Optional.of("/actuator/health/readiness"));
    OperatorProcess operator = new OperatorProcess(spec, Clock.systemUTC(), backoff);
    // the first start happens here, so that a jar that cannot be launched fails the sandbox's start
    operator.supervisor.ensureRunning().ifPresent(onStart);
    if (operator.report().state() == ContainerState.StartError) {
      operator.loop.shutdown();
      throw new IllegalStateException(
          "cannot start the operator (" + String.join(" ", command) + "); see the log above");
    }
    operator.loop.scheduleWithFixedDelay(
        () -> operator.check(onStart), CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
    return operator;
  }

  private void check(LongConsumer onStart) {
    supervisor.ensureRunning().ifPresent(onStart);
    if (++checks % PROBE_EVERY == 0) {
      supervisor.probe();
    }
  }

  /** The pid of the running process, or -1 while it is down. */
  long pid() {
    return supervisor.pid();
  }

  Path log() {
    return spec.log();
  }

  /** Its base URL (actuator, metrics); the same across restarts, as a Service's would be. */
  String url() {
    return "http://127.0.0.1:" + spec.port();
  }

  /** Whether it runs now. */
  boolean alive() {
    return supervisor.alive();
  }

  /** Whether its readiness probe passed at the last check. */
  boolean ready() {
    return supervisor.alive() && supervisor.ready();
  }

  /** What the sandbox knows of it: running, restarts, last exit, next start. */
  ProcessReport report() {
    return supervisor.report();
  }

  /** Kills it abruptly (SIGKILL), as a node failure or the OOM killer would; it is restarted. */
  void kill() {
    supervisor.kill();
  }

  /**
   * Stops supervising, then stops it as Kubernetes stops a pod: SIGTERM, then SIGKILL after a grace
   * period.
   */
  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    supervisor.stop();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port for the operator", e);
    }
  }
}
