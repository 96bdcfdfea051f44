package io.plantops.sandbox;

import io.plantops.contract.HostAliases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator's runnable jar in its own JVM, configured as the Helm chart configures it on a
 * cluster but through environment variables: the sandbox's kubeconfig, its host alias file (to
 * reach the workloads' Services), a free port for actuator and metrics, and the lease namespace.
 */
final class OperatorProcess implements AutoCloseable {

  /** The namespace the operator's leader election lease lives in. */
  static final String SYSTEM_NAMESPACE = "plantops-system";

  private final Process process;
  private final int port;
  private final Path log;

  private OperatorProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the operator.
   *
   * @param jar its executable jar
   * @param kubeconfig the sandbox API server's kubeconfig
   * @param aliasFile the local runtime's host alias file
   * @param statusPollInterval how often it polls the workloads
   * @param log where its output goes
   */
  static OperatorProcess start(
      Path jar, Path kubeconfig, Path aliasFile, Duration statusPollInterval, Path log)
      throws IOException {
    int port = freePort();
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-jar",
            jar.toString());
    Map<String, String> env = pb.environment();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put(HostAliases.FILE_ENV, aliasFile.toString());
    env.put("SERVER_PORT", Integer.toString(port));
    env.put("HOSTNAME", "plantops-operator-sandbox");
    env.put("PLANTOPS_OPERATOR_LEADERELECTION_LEASENAMESPACE", SYSTEM_NAMESPACE);
    env.put("PLANTOPS_OPERATOR_STATUSPOLLING_INTERVAL", statusPollInterval.toSeconds() + "s");
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new OperatorProcess(pb.start(), port, log);
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** Its base URL (actuator, metrics). */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Stops it as Kubernetes stops a pod: SIGTERM, then SIGKILL after a grace period. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port for the operator", e);
    }
  }
}
