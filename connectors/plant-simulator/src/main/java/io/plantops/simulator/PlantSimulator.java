package io.plantops.simulator;

import io.plantops.contract.units.LinearConversion;
import io.plantops.process.KilnProcess;
import io.plantops.process.KilnProcess.Source;
import io.plantops.process.KilnSignal;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated kiln line behind a real OPC UA server, in one plant's dialect.
 *
 * <p>Time: a clock ticks every {@code tickMillis} of wall time and advances the process by {@code
 * tickMillis * timeScale}; each tag is refreshed (new value, new source timestamp) every {@code
 * samplingIntervalMs} of wall time, as a control system's scan would. With a manual clock nothing
 * moves until {@link #advance(Duration)}. For a given seed, dialect and sequence of writes (by
 * tick), the values are the same on every run.
 *
 * <p>Writes to setpoint tags reach the process at the next tick as {@link Source#EXTERNAL}
 * setpoints, after conversion from the tag's unit to the canonical one. Writes to the advice tag
 * are shown to the simulated operators, who follow each new advice with {@code followProbability}
 * after a reaction time.
 */
public final class PlantSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PlantSimulator.class);

  static {
    // Aes256_Sha256_RsaPss needs BouncyCastle's RSA-PSS (OPC UA Part 7, SecurityPolicy profiles)
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  private final Dialect dialect;
  private final Options options;
  private final int port;
  private final ServerIdentity identity;
  private final MemoryTrustListManager trustList = new MemoryTrustListManager();
  private final List<Integer> createCallLog = LimitedMonitoredItemServiceSet.newCallLog();
  private final PublishSilence publishSilence = new PublishSilence();
  private final List<WriteRecord> writes = new CopyOnWriteArrayList<>();
  private final Queue<Runnable> pendingWrites = new ConcurrentLinkedQueue<>();
  private final Map<Point, TagState> tags = new EnumMap<>(Point.class);
  private final KilnProcess process;
  private final SplittableRandom random;
  private final ScheduledExecutorService clock;
  private final Queue<ScheduledMove> operatorMoves = new ArrayDeque<>();

  private final PlantHistory history;
  private volatile SimulatorServer server;
  private volatile List<String> insertedNamespaces = List.of();
  private volatile int runningShift;
  private long ticks;
  private double advice = Double.NaN;
  private volatile boolean closed;

  private PlantSimulator(Dialect dialect, Options options) throws UaException {
    this.dialect = dialect;
    this.options = options;
    this.port = options.port() > 0 ? options.port() : freePort(options.bindAddress());
    String applicationUri = "urn:plantops:plant-simulator:" + dialect.name();
    String commonName = "plantops plant simulator " + dialect.name();
    this.identity =
        options.identityDir() == null
            ? ServerIdentity.generate(applicationUri, commonName)
            : ServerIdentity.loadOrGenerate(options.identityDir(), applicationUri, commonName);
    this.process = new KilnProcess(options.seed(), KilnProcess.Parameters.defaults());
    process.setOperatorMoveSeconds(dialect.behaviour().operatorMoveSeconds());
    this.random = new SplittableRandom(options.seed() ^ 0x5DEECE66DL);
    for (TagSpec tag : dialect.tags()) {
      tags.put(tag.point(), new TagState(tag));
    }
    this.advice = process.fuelSetpoint();
    this.history =
        options.history().enabled()
            ? new PlantHistory(
                options.seed(), dialect, options.history(), Instant.ofEpochMilli(nowMillis()))
            : null;
    refresh(true);
    startServer();
    if (options.manualClock()) {
      clock = null;
    } else {
      clock =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "plant-simulator-clock-" + dialect.name());
                t.setDaemon(true);
                return t;
              });
      clock.scheduleAtFixedRate(
          this::tickSafely, options.tickMillis(), options.tickMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Starts a simulator with default options on {@code port} (0: a free port). */
  public static PlantSimulator start(Dialect dialect, long seed, int port) throws UaException {
    return builder(dialect).seed(seed).port(port).start();
  }

  /** A builder for a simulator of {@code dialect}. */
  public static Builder builder(Dialect dialect) {
    return new Builder(dialect);
  }

  // ---------------------------------------------------------------- server lifecycle

  /** Starts the OPC UA server (after {@link #stopServer()}); the process keeps its state. */
  public synchronized void startServer() throws UaException {
    if (server != null) {
      return;
    }
    try {
      SimulatorServer s =
          new SimulatorServer(
              dialect,
              identity,
              options.hostname(),
              options.bindAddress(),
              port,
              options.security(),
              options.limits(),
              trustList,
              createCallLog,
              publishSilence,
              this::onClientWrite,
              insertedNamespaces,
              options.benchTags(),
              options.benchHeldTags(),
              options.benchPeriodMs(),
              history,
              options.history());
      s.start();
      server = s;
      runningShift = insertedNamespaces.size();
      synchronized (process) {
        refresh(true);
      }
      LOG.info("plant simulator {} serving {}", dialect.name(), endpointUrl());
    } catch (UaException e) {
      throw e;
    } catch (Exception e) {
      throw new UaException(StatusCodes.Bad_InternalError, e);
    }
  }

  /**
   * Stops the OPC UA server: connections drop and sessions and subscriptions are lost, as when a
   * real server restarts. The process keeps running.
   */
  public synchronized void stopServer() {
    SimulatorServer s = server;
    server = null;
    if (s != null) {
      s.stop();
      LOG.info("plant simulator {} stopped its OPC UA server", dialect.name());
    }
  }

  /**
   * From the next start of the server on, registers {@code uris} before the dialect's own
   * namespaces, as a server does after an update that adds a module: every namespace of the dialect
   * moves up by {@code uris.size()} indexes (OPC UA Part 3 §8.2.2: only the URIs are stable). Each
   * inserted namespace holds a variable for every tag with the tag's own identifier and a constant,
   * Good, plausible value, so a client that keeps reading by the old index reads the wrong tags
   * without any error.
   */
  public void insertNamespacesAtNextStart(List<String> uris) {
    insertedNamespaces = List.copyOf(uris);
  }

  /** Namespace index of the dialect's tags as the running (or last) server numbers them. */
  public int tagNamespaceIndex() {
    return dialect.tagNamespaceIndex() + runningShift;
  }

  /** Stops and starts the OPC UA server. */
  public void restartServer() throws UaException {
    stopServer();
    startServer();
  }

  /** True while the OPC UA server is up. */
  public boolean serverRunning() {
    return server != null;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (clock != null) {
      clock.shutdownNow();
    }
    stopServer();
  }

  // ---------------------------------------------------------------- identity and endpoints

  /** The endpoint URL, e.g. {@code opc.tcp://127.0.0.1:4840/lyon}. */
  public String endpointUrl() {
    String path = dialect.endpointPath().equals("/") ? "" : dialect.endpointPath();
    return "opc.tcp://" + options.hostname() + ":" + port + path;
  }

  /** The TCP port the server listens on. */
  public int port() {
    return port;
  }

  /** The dialect served. */
  public Dialect dialect() {
    return dialect;
  }

  /** The server's application instance certificate. */
  public X509Certificate serverCertificate() {
    return identity.certificate();
  }

  /** The server's identity (certificate and key). */
  public ServerIdentity identity() {
    return identity;
  }

  /** Writes the server certificate as {@code <dir>/<dialect>-simulator.crt}. */
  public Path writeServerCertificate(Path dir) throws IOException {
    return identity.writeCertificate(dir, dialect.name() + "-simulator");
  }

  /** Trusts a client application certificate for secure channels. */
  public void trustClientCertificate(X509Certificate certificate) {
    trustList.addTrustedCertificate(certificate);
  }

  /** Sizes of every CreateMonitoredItems call received, in order. */
  public List<Integer> createMonitoredItemsCallSizes() {
    return List.copyOf(createCallLog);
  }

  /** Monitored items per live subscription on the server, by subscription id. */
  public Map<Long, Integer> monitoredItemsPerSubscription() {
    SimulatorServer s = server;
    Map<Long, Integer> result = new HashMap<>();
    if (s != null) {
      s.server()
          .getSubscriptions()
          .forEach((id, sub) -> result.put(id.longValue(), sub.getMonitoredItems().size()));
    }
    return result;
  }

  /** Namespace index of the benchmark variables ({@code BENCH.<i>}), after the tags. */
  public int benchNamespaceIndex() {
    return tagNamespaceIndex() + 1;
  }

  /** Value changes the benchmark load pushed to monitored items so far. */
  public long benchChanges() {
    SimulatorServer s = server;
    return s == null ? 0 : s.benchChanges();
  }

  /** The history the server serves through HistoryRead, empty when history is disabled. */
  public Optional<PlantHistory> history() {
    return Optional.ofNullable(history);
  }

  /** Every client write accepted so far. */
  public List<WriteRecord> writes() {
    return List.copyOf(writes);
  }

  /**
   * What a client last wrote to a display tag of the dialect ({@link Dialect#displays()}), with the
   * time the server took it; empty when the server is down or has no such tag.
   */
  public java.util.Optional<DataValue> display(String nodeId) {
    SimulatorServer s = server;
    return s == null ? java.util.Optional.empty() : s.kilnNamespace().display(nodeId);
  }

  // ---------------------------------------------------------------- process access and faults

  /** Runs {@code action} on the process under the simulator's lock. */
  public <T> T withProcess(Function<KilnProcess, T> action) {
    synchronized (process) {
      return action.apply(process);
    }
  }

  /** The current canonical value of a point. */
  public double value(Point point) {
    synchronized (process) {
      return canonical(point);
    }
  }

  /** Adds a constant bias to a measurement (a miscalibrated sensor). */
  public void injectSensorBias(KilnSignal signal, double bias) {
    synchronized (process) {
      process.injectSensorBias(signal, bias);
    }
  }

  /** Makes a measurement drift from now on, units per hour (a fouling sensor). */
  public void injectSensorDrift(KilnSignal signal, double perHour) {
    synchronized (process) {
      process.injectSensorDrift(signal, perHour);
    }
  }

  /** Publishes a tag with this status code (e.g. Bad_SensorFailure) until cleared. */
  public void injectStatus(Point point, long statusCode) {
    synchronized (process) {
      state(point).status = new StatusCode(statusCode);
    }
  }

  /**
   * Stops (true) or resumes (false) answering Publish requests, for every subscription, while the
   * TCP connection and the session stay up and reads and writes still work: clients get neither
   * data nor keep-alives, as from a server whose subscription engine hangs.
   */
  public void silencePublishing(boolean silent) {
    publishSilence.set(silent);
  }

  /** Stops refreshing a tag, as a stuck driver would: clients see no more updates. */
  public void freeze(Point point) {
    synchronized (process) {
      state(point).frozen = true;
    }
  }

  /** Removes every injected fault: biases, drifts, statuses and frozen tags. */
  public void clearFaults() {
    synchronized (process) {
      process.clearFaults();
      for (TagState t : tags.values()) {
        t.status = StatusCode.GOOD;
        t.frozen = false;
      }
    }
  }

  /**
   * A simulated operator moves the fuel setpoint by hand (from the control room, not through OPC
   * UA), e.g. to follow advice.
   */
  public void operatorSetsFuel(double tonnesPerHour) {
    pendingWrites.add(() -> process.setFuelSetpoint(tonnesPerHour, Source.EXTERNAL));
  }

  /** Advances a manual clock by {@code duration} (whole ticks). */
  public void advance(Duration duration) {
    if (clock != null) {
      throw new IllegalStateException("advance() needs a simulator built with manualClock(true)");
    }
    long n = Math.max(1, duration.toMillis() / options.tickMillis());
    for (long i = 0; i < n; i++) {
      tick();
    }
  }

  // ---------------------------------------------------------------- the clock

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      // the clock must survive a bad tick; the error is reported, not swallowed
      LOG.error("plant simulator {}: tick {} failed", dialect.name(), ticks, e);
    }
  }

  private void tick() {
    synchronized (process) {
      Runnable write;
      while ((write = pendingWrites.poll()) != null) {
        write.run();
      }
      double dt = options.tickMillis() * options.timeScale() / 1000.0;
      process.step(dt);
      ticks++;
      while (!operatorMoves.isEmpty() && operatorMoves.peek().atSeconds() <= process.time()) {
        ScheduledMove move = operatorMoves.poll();
        process.setFuelSetpoint(move.tonnesPerHour(), Source.EXTERNAL);
        LOG.info(
            "simulated operator followed advice: fuel setpoint {} t/h",
            String.format("%.1f", move.tonnesPerHour()));
      }
      refresh(false);
    }
  }

  /**
   * Publishes due tags; all of them when {@code all} (a new server: every node gets its value).
   * Reporting by exception, a scan whose value and status did not move past the tag's deadband
   * publishes nothing: the node keeps its last value and source timestamp. Caller holds the process
   * lock.
   */
  private void refresh(boolean all) {
    SimulatorServer s = server;
    long now = nowMillis();
    ServerBehaviour behaviour = dialect.behaviour();
    for (TagState t : tags.values()) {
      long period = Math.max(1, t.spec.samplingIntervalMs() / options.tickMillis());
      boolean due = all || ticks % period == 0;
      if (!due || (t.frozen && !all)) {
        continue;
      }
      double canonical = canonical(t.spec.point());
      double raw = t.canonicalToRaw.apply(canonical);
      Variant variant =
          switch (t.spec.type()) {
            case DOUBLE -> new Variant(raw);
            case FLOAT -> new Variant((float) raw);
            case INT32 -> new Variant((int) Math.round(raw));
          };
      double published = ((Number) variant.value()).doubleValue();
      boolean unchanged =
          behaviour.reportByException()
              && t.last != null
              && t.status.equals(t.last.statusCode())
              && Math.abs(published - t.lastPublished) <= behaviour.deadband(t.spec.point());
      if (!unchanged) {
        DateTime time = new DateTime(java.time.Instant.ofEpochMilli(now));
        t.last = new DataValue(variant, t.status, time, time);
        t.lastPublished = published;
        t.publications++;
      } else if (!all) {
        continue;
      }
      if (s != null) {
        s.kilnNamespace().update(t.spec, t.last);
      }
    }
  }

  /**
   * How many times a tag's value was published (a new value with a new source timestamp) since the
   * start: with report by exception, scans that found no change past the deadband do not count.
   */
  public long publications(Point point) {
    synchronized (process) {
      return state(point).publications;
    }
  }

  /** The value a tag was last published with (status, raw value, source timestamp). */
  public DataValue published(Point point) {
    synchronized (process) {
      return state(point).last;
    }
  }

  private long nowMillis() {
    return options.manualClock()
        ? options.epochMillis() + ticks * options.tickMillis()
        : System.currentTimeMillis();
  }

  /** Canonical value of a point. Caller holds the process lock. */
  private double canonical(Point point) {
    return PointValues.canonical(point, process, random, advice);
  }

  private TagState state(Point point) {
    TagState t = tags.get(point);
    if (t == null) {
      throw new IllegalArgumentException(dialect.name() + " has no tag for " + point);
    }
    return t;
  }

  // ---------------------------------------------------------------- client writes

  private void onClientWrite(TagSpec tag, double raw, String user) {
    double canonical = tags.get(tag.point()).rawToCanonical.apply(raw);
    writes.add(
        new WriteRecord(
            System.currentTimeMillis(), tag.point(), tag.nodeId(), raw, canonical, user));
    LOG.info(
        "{} wrote {} = {} ({} {})",
        user,
        tag.browseName(),
        raw,
        canonical,
        tag.point().canonicalUnit());
    switch (tag.point()) {
      case FUEL_SETPOINT ->
          pendingWrites.add(() -> process.setFuelSetpoint(canonical, Source.EXTERNAL));
      case KILN_SPEED_SETPOINT ->
          pendingWrites.add(() -> process.setKilnSpeedSetpoint(canonical, Source.EXTERNAL));
      case FUEL_ADVICE -> pendingWrites.add(() -> onAdvice(canonical));
      default -> throw new IllegalStateException(tag.browseName() + " is not writable");
    }
  }

  /** The operators see new advice; some follow it after a reaction time. */
  private void onAdvice(double value) {
    boolean changed = Double.isNaN(advice) || Math.abs(value - advice) > 1e-9;
    advice = value;
    if (changed && random.nextDouble() < options.followProbability()) {
      double rounded = Math.round(value * 10.0) / 10.0;
      double at = process.time() + options.operatorReactionSeconds();
      operatorMoves.removeIf(m -> true);
      operatorMoves.add(new ScheduledMove(at, rounded));
    }
  }

  private record ScheduledMove(double atSeconds, double tonnesPerHour) {}

  private static final class TagState {
    final TagSpec spec;
    final LinearConversion canonicalToRaw;
    final LinearConversion rawToCanonical;
    StatusCode status = StatusCode.GOOD;
    boolean frozen;
    DataValue last;
    double lastPublished;
    long publications;

    TagState(TagSpec spec) {
      this.spec = spec;
      this.rawToCanonical = spec.rawToCanonical();
      this.canonicalToRaw = rawToCanonical.inverse();
    }
  }

  private static int freePort(String bindAddress) throws UaException {
    try (ServerSocket socket =
        new ServerSocket(0, 1, java.net.InetAddress.getByName(bindAddress))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UaException(StatusCodes.Bad_ResourceUnavailable, e);
    }
  }

  /**
   * Simulator options.
   *
   * @param seed seed of the process and the operators
   * @param port TCP port (0: a free one)
   * @param bindAddress address to bind
   * @param hostname host name in endpoint URLs
   * @param timeScale simulated seconds per wall-clock second
   * @param tickMillis clock period, wall ms
   * @param manualClock when true, time moves only in {@link #advance(Duration)}
   * @param epochMillis source timestamp of tick 0 with a manual clock
   * @param security how clients get in
   * @param limits advertised and enforced limits
   * @param followProbability chance that operators follow a new advice
   * @param operatorReactionSeconds simulated seconds before they do
   * @param benchTags benchmark variables (0: none)
   * @param benchPeriodMs period of their changes
   * @param benchHeldTags benchmark variables that never change (0: none)
   * @param history the history served through HistoryRead
   */
  public record Options(
      long seed,
      int port,
      String bindAddress,
      String hostname,
      double timeScale,
      long tickMillis,
      boolean manualClock,
      long epochMillis,
      SecurityOptions security,
      ServerLimits limits,
      double followProbability,
      double operatorReactionSeconds,
      int benchTags,
      long benchPeriodMs,
      Path identityDir,
      int benchHeldTags,
      HistoryOptions history) {}

  /** Builds a {@link PlantSimulator}. */
  public static final class Builder {
    private final Dialect dialect;
    private long seed = 42;
    private int port;
    private String bindAddress = "127.0.0.1";
    private String hostname = "127.0.0.1";
    private double timeScale = 1.0;
    private long tickMillis = 100;
    private boolean manualClock;
    private long epochMillis = System.currentTimeMillis();
    private SecurityOptions security = SecurityOptions.defaults();
    private ServerLimits limits = ServerLimits.defaults();
    private double followProbability = 0.6;
    private double operatorReactionSeconds = 120;
    private int benchTags;
    private long benchPeriodMs = 100;
    private int benchHeldTags;
    private Path identityDir;
    private HistoryOptions history = HistoryOptions.defaults();

    private Builder(Dialect dialect) {
      this.dialect = dialect;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder bindAddress(String bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    public Builder hostname(String hostname) {
      this.hostname = hostname;
      return this;
    }

    public Builder timeScale(double timeScale) {
      if (!(timeScale > 0)) {
        throw new IllegalArgumentException("timeScale must be positive, got " + timeScale);
      }
      this.timeScale = timeScale;
      return this;
    }

    public Builder tickMillis(long tickMillis) {
      if (tickMillis <= 0) {
        throw new IllegalArgumentException("tickMillis must be positive, got " + tickMillis);
      }
      this.tickMillis = tickMillis;
      return this;
    }

    public Builder manualClock(boolean manualClock) {
      this.manualClock = manualClock;
      return this;
    }

    public Builder epochMillis(long epochMillis) {
      this.epochMillis = epochMillis;
      return this;
    }

    public Builder security(SecurityOptions security) {
      this.security = security;
      return this;
    }

    public Builder limits(ServerLimits limits) {
      this.limits = limits;
      return this;
    }

    public Builder followProbability(double p) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("followProbability must be in [0, 1], got " + p);
      }
      this.followProbability = p;
      return this;
    }

    public Builder operatorReactionSeconds(double seconds) {
      this.operatorReactionSeconds = seconds;
      return this;
    }

    /**
     * Adds {@code count} benchmark variables changing every {@code periodMs} (reported by
     * exception), for throughput measurements.
     */
    public Builder benchLoad(int count, long periodMs) {
      this.benchTags = count;
      this.benchPeriodMs = periodMs;
      return this;
    }

    /**
     * Adds {@code count} benchmark variables {@code BENCH.HELD.<i>} whose value never changes
     * (reported by exception: one initial value per monitored item, then nothing).
     */
    public Builder benchHeld(int count) {
      this.benchHeldTags = count;
      return this;
    }

    /**
     * Keeps the server's certificate and key in {@code dir} across restarts of the process, as a
     * real server keeps its application instance certificate (OPC UA Part 12): loaded when present,
     * generated and saved otherwise.
     */
    public Builder identityDir(Path dir) {
      this.identityDir = dir;
      return this;
    }

    /** How history is served ({@link HistoryOptions#disabled()}: a server without history). */
    public Builder history(HistoryOptions history) {
      this.history = history;
      return this;
    }

    public PlantSimulator start() throws UaException {
      return new PlantSimulator(
          dialect,
          new Options(
              seed,
              port,
              bindAddress,
              hostname,
              timeScale,
              tickMillis,
              manualClock,
              epochMillis,
              security,
              limits,
              followProbability,
              operatorReactionSeconds,
              benchTags,
              benchPeriodMs,
              identityDir,
              benchHeldTags,
              history));
    }
  }
}
