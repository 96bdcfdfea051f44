package io.plantops.sandbox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.plantops.contract.rules.Backoff;
import io.plantops.sandbox.runtime.ContainerState;
import io.plantops.sandbox.runtime.ProcessReport;
import io.plantops.sandbox.runtime.RestartPolicy;
import io.plantops.simulator.WriteRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated plant: the plant simulator jar run as its own process (so that it can be killed
 * mid-run), on a fixed port after the first start, keeping its server certificate across restarts.
 *
 * <p>A simulator that dies is the plant going away, which the sandbox shows rather than hides:
 * {@link #check} notices the exit and logs it, and restarts it (with the project's back-off) only
 * when asked to ({@code ./sandbox --restart-simulators}). {@link #restart()} brings it back by
 * hand.
 */
public final class SimulatorProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatorProcess.class);
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final String plant;
  private final List<String> baseCommand;
  private final List<String> killCommand;
  private final Path log;
  private final Clock clock = Clock.systemUTC();
  private final RestartPolicy restarts = new RestartPolicy(Backoff.standard());
  private volatile Process process;
  private volatile ProcessReport.Exit lastExit;
  private volatile boolean closing;
  private int port;
  private String endpointUrl;
  private String controlUrl;
  private int controlPort;

  private SimulatorProcess(String plant, List<String> baseCommand, List<String> kill, Path log) {
    this.plant = plant;
    this.baseCommand = baseCommand;
    this.killCommand = List.copyOf(kill);
    this.log = log;
  }

  /**
   * Starts the simulator for {@code dialect}.
   *
   * @param jar the simulator's executable jar
   * @param dir where its identity, trusted clients and password live
   * @param clientCertificatePem the connector's certificate, trusted by the simulated server
   * @param user user name the connector logs in with
   * @param password its password
   */
  public static SimulatorProcess start(
      String dialect,
      Path jar,
      Path dir,
      String clientCertificatePem,
      String user,
      String password,
      double timeScale,
      long seed,
      Path log)
      throws IOException {
    return start(
        dialect,
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-jar",
            jar.toString()),
        List.of(),
        dir,
        clientCertificatePem,
        user,
        password,
        timeScale,
        seed,
        log);
  }

  /**
   * Starts the simulator with {@code launcher} in front of its arguments: {@code java -jar} for its
   * jar, or {@code podman run ... IMAGE} for its image, which then needs {@code dir} mounted at the
   * same path and {@code kill} to kill the container (not only its podman client).
   */
  public static SimulatorProcess start(
      String dialect,
      List<String> launcher,
      List<String> kill,
      Path dir,
      String clientCertificatePem,
      String user,
      String password,
      double timeScale,
      long seed,
      Path log)
      throws IOException {
    Files.createDirectories(dir.resolve("trusted-clients"));
    Files.writeString(dir.resolve("trusted-clients/connector.crt"), clientCertificatePem);
    Path passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, password);
    List<String> command = new ArrayList<>(launcher);
    command.addAll(
        List.of(
            "--dialect",
            dialect,
            "--seed",
            Long.toString(seed),
            "--time-scale",
            Double.toString(timeScale),
            "--user",
            user,
            "--password-file",
            passwordFile.toString(),
            "--trust-dir",
            dir.resolve("trusted-clients").toString(),
            "--identity-dir",
            dir.resolve("identity").toString()));
    SimulatorProcess sim = new SimulatorProcess(dialect, command, kill, log);
    sim.launch(0, 0);
    return sim;
  }

  /** The line the simulator prints on stdout once it listens. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Started(String endpointUrl, String controlUrl) {}

  private void launch(int fixedPort, int fixedControlPort) throws IOException {
    List<String> command = new ArrayList<>(baseCommand);
    command.addAll(
        List.of(
            "--port",
            Integer.toString(fixedPort),
            "--control-port",
            Integer.toString(fixedControlPort)));
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process process = pb.start();
    this.process = process;
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> firstLine =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return out.readLine();
              } catch (IOException e) {
                return null;
              }
            });
    String line;
    try {
      line = firstLine.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("the " + plant + " simulator did not start within 60 s; see " + log, e);
    }
    if (line == null) {
      throw new IOException("the " + plant + " simulator exited at start; see " + log);
    }
    Started started = JSON.readValue(line, Started.class);
    endpointUrl = started.endpointUrl();
    controlUrl = started.controlUrl();
    URI endpoint = URI.create(endpointUrl.replaceFirst("^opc\\.tcp", "http"));
    port = endpoint.getPort();
    controlPort = URI.create(controlUrl).getPort();
    // keep draining stdout so that the process never blocks on a full pipe
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // discard: the simulator logs to stderr
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            plant + "-simulator-stdout");
    drain.setDaemon(true);
    drain.start();
    restarts.started();
  }

  /**
   * Notices an exit (logged once, with its exit code) and, when {@code restart} is on and its
   * back-off has passed, starts the simulator again. Called by one thread, the sandbox's.
   */
  public synchronized void check(boolean restart) {
    Process current = process;
    if (current == null || current.isAlive() || closing) {
      return;
    }
    if (restarts.state() == ContainerState.Running) {
      Instant now = clock.instant();
      lastExit = new ProcessReport.Exit(current.exitValue(), now);
      Duration delay = restarts.exited(now);
      if (restart) {
        LOG.warn(
            "{}: the simulated plant exited with {}; restart #{} in {} ms (log: {})",
            plant,
            lastExit.code(),
            restarts.restarts(),
            delay.toMillis(),
            log);
      } else {
        LOG.warn(
            "{}: the simulated plant exited with {}: the plant is gone, and stays gone"
                + " (./sandbox --restart-simulators restarts it; log: {})",
            plant,
            lastExit.code(),
            log);
      }
    }
    if (restart && restarts.mayStart(clock.instant())) {
      try {
        launch(port, controlPort);
        LOG.warn("{}: the simulated plant is back (pid {})", plant, pid());
      } catch (IOException e) {
        Duration delay = restarts.failedToStart(clock.instant());
        LOG.warn(
            "{}: cannot restart the simulator: {}; next attempt in {} ms",
            plant,
            e.getMessage(),
            delay.toMillis());
      }
    }
  }

  /**
   * What the sandbox knows of it: running or down, restarts, how it last ended, and the next start
   * when restarts are on.
   *
   * @param restart whether the sandbox restarts it
   */
  public ProcessReport report(boolean restart) {
    Process current = process;
    if (current != null && current.isAlive()) {
      return new ProcessReport(
          ContainerState.Running,
          OptionalLong.of(current.pid()),
          restarts.restarts(),
          Optional.ofNullable(lastExit),
          Optional.empty());
    }
    ContainerState state = restarts.state();
    return new ProcessReport(
        state == ContainerState.Running ? ContainerState.CrashLoopBackOff : state,
        OptionalLong.empty(),
        restarts.restarts(),
        Optional.ofNullable(lastExit),
        restart && state != ContainerState.Running
            ? Optional.of(restarts.nextStart())
            : Optional.empty());
  }

  /** {@code 127.0.0.1:<port>}: where the plant's endpoint host is aliased to. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public String endpointUrl() {
    return endpointUrl;
  }

  public String controlUrl() {
    return controlUrl;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    Process current = process;
    return current != null && current.isAlive();
  }

  /** The server's certificate (PEM), for the connector's trusted-servers Secret. */
  public String serverCertificatePem(Path dir) throws IOException {
    return Files.readString(dir.resolve("identity/server.crt"));
  }

  /** Kills the process abruptly (a crashed or powered-off server). */
  public void kill() {
    if (!killCommand.isEmpty()) {
      try {
        new ProcessBuilder(killCommand)
            .redirectErrorStream(true)
            .start()
            .waitFor(30, TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot kill the " + plant + " simulator", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Process process = this.process;
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts it again on the same port with the same identity, after {@link #kill()}. */
  public synchronized void restart() throws IOException {
    if (alive()) {
      throw new IllegalStateException(plant + " simulator is still running");
    }
    check(false);
    launch(port, controlPort);
  }

  /** POSTs a JSON body to the control surface, e.g. {@code /faults/bias}. */
  public String control(String path, String json) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(controlUrl + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IOException(
          plant + " simulator " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /**
   * What the simulator's {@code GET /state} reports.
   *
   * @param dialect the plant's tag dialect
   * @param endpointUrl its OPC UA endpoint
   * @param serverRunning whether the OPC UA server runs
   * @param simulatedSeconds simulated process time
   * @param values current values by canonical signal, in canonical units
   * @param specificHeatConsumption the kiln's specific heat consumption, kJ/kg clinker
   * @param writes client writes accepted so far
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record State(
      String dialect,
      String endpointUrl,
      boolean serverRunning,
      double simulatedSeconds,
      Map<String, Double> values,
      double specificHeatConsumption,
      int writes) {}

  /** The simulator's {@code /state}: canonical values, writes, specific heat consumption. */
  public State state() throws IOException, InterruptedException {
    return JSON.readValue(get("/state"), State.class);
  }

  /** Every client write the simulator accepted, oldest first ({@code GET /writes}). */
  public List<WriteRecord> writes() throws IOException, InterruptedException {
    return JSON.readValue(get("/writes"), new TypeReference<List<WriteRecord>>() {});
  }

  /** Makes the sensor of a canonical signal read {@code value} high (in its canonical unit). */
  public void biasSensor(String signal, double value) throws IOException, InterruptedException {
    control("/faults/bias", JSON.writeValueAsString(Map.of("signal", signal, "value", value)));
  }

  /** Clears every injected fault. */
  public void clearFaults() throws IOException, InterruptedException {
    control("/faults/clear", "{}");
  }

  private String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(controlUrl + path))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          plant + " simulator GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  @Override
  public void close() {
    closing = true;
    Process process = this.process;
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
