package io.plantops.connector;

import io.plantops.connector.delivery.Batcher;
import io.plantops.connector.delivery.Forwarder;
import io.plantops.connector.delivery.InferenceClient;
import io.plantops.connector.delivery.RecommendationPoller;
import io.plantops.connector.delivery.SegmentBuffer;
import io.plantops.connector.http.ConnectorHttp;
import io.plantops.connector.mapping.MappingError;
import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.connector.opcua.GapRecorder;
import io.plantops.connector.opcua.MappedNodes;
import io.plantops.connector.opcua.PlantConnection;
import io.plantops.connector.write.AdoptionTracker;
import io.plantops.connector.write.AuditLog;
import io.plantops.connector.write.Watchdog;
import io.plantops.connector.write.WritePath;
import io.plantops.connector.write.WriteStats;
import io.plantops.contract.ConfigException;
import io.plantops.contract.ConfigWatcher;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SessionState;
import io.plantops.contract.rules.Backoff;
import io.plantops.contract.rules.Staleness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector process: watches the resolved plant config and runs, for the config in force, the
 * OPC UA connection, the mapping, the delivery to the inference server and the write path. A new
 * config replaces only what it changes: the OPC UA session survives a change of phase or limits;
 * the disk buffer, the audit log, the gap record and the metrics survive every reload.
 */
public final class Connector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

  private final ConnectorSettings settings;
  private final ConnectorMetrics metrics;
  private final GapRecorder gaps;
  private final WriteStats writeStats = new WriteStats();
  private final AdoptionTracker adoption = new AdoptionTracker(15 * 60_000L);
  private final AuditLog audit;
  private final ScheduledExecutorService ticker;
  private final ConnectorHttp http;
  private final ConfigWatcher watcher;
  private SegmentBuffer buffer;
  private volatile Runtime runtime;
  private volatile String configError;
  private volatile Watchdog currentWatchdog;
  private volatile double notificationsPerSecond;
  private long lastNotifications;

  /** What runs for one config. */
  private record Runtime(
      ResolvedPlantConfig config,
      SignalStore store,
      PlantConnection connection,
      Batcher batcher,
      Forwarder forwarder,
      RecommendationPoller poller,
      WritePath writePath,
      Watchdog watchdog,
      AtomicReference<Batcher> drainer) {}

  /** Starts the connector: HTTP at once, the plant once a config is read. */
  public Connector(ConnectorSettings settings) throws IOException {
    this.settings = settings;
    this.metrics = new ConnectorMetrics(new LiveFigures());
    this.audit = AuditLog.open(settings.dataDir().resolve("audit"), 64L << 20, settings.clock());
    this.gaps = new GapRecorder(settings.dataDir().resolve("last-notification"));
    this.http = new ConnectorHttp(this, metrics, settings.httpBind(), settings.httpPort());
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantops-ticker");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    this.watcher =
        new ConfigWatcher(
            settings.configFile(),
            Duration.ofMillis(settings.configPollMs()),
            new ConfigWatcher.Listener() {
              @Override
              public void apply(ResolvedPlantConfig config) throws ConfigException {
                Connector.this.apply(config);
              }

              @Override
              public void refused(ConfigWatcher.Refusal refusal) {
                configRefused(refusal);
              }
            });
    LOG.info(
        "connector up: HTTP on {}, config {}, data {}",
        http.port(),
        settings.configFile(),
        settings.dataDir());
    watcher.start();
  }

  private void configRefused(ConfigWatcher.Refusal refusal) {
    if (refusal.unexpected().isPresent()) {
      LOG.error(
          "{} (the previous config stays in use)", refusal.reason(), refusal.unexpected().get());
    } else {
      LOG.error("{} (the previous config stays in use)", refusal.reason());
    }
    configError = refusal.reason();
    metrics.configError();
  }

  /** Applies a new, checked config. */
  synchronized void apply(ResolvedPlantConfig config) throws ConfigException {
    Runtime old = runtime;
    if (old != null && Objects.equals(old.config().configVersion(), config.configVersion())) {
      configError = null;
      return;
    }
    LOG.info(
        "applying config {} for plant {} ({} signals, {} use cases)",
        config.configVersion(),
        config.plant().name(),
        config.signals().size(),
        config.useCases().size());
    try {
      runtime = build(config, old);
      configError = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot apply config " + config.configVersion(), e);
    }
  }

  private Runtime build(ResolvedPlantConfig config, Runtime old)
      throws IOException, ConfigException {
    ResolvedPlantConfig.ConnectorSettings cs = config.connector();
    adoption.window(cs.adoptionWindowSeconds() * 1000L);
    boolean sameSession =
        old != null
            && old.config().opcua().equals(config.opcua())
            && old.config().signals().equals(config.signals())
            && Staleness.of(old.config().connector()).equals(Staleness.of(cs))
            && old.config().plant().name().equals(config.plant().name());
    boolean sameDelivery =
        sameSession
            && old.config().connector().inferenceUrl().equals(cs.inferenceUrl())
            && old.config().connector().bufferMaxBytes() == cs.bufferMaxBytes();

    if (old != null) {
      old.poller().close();
      if (!sameDelivery) {
        old.batcher().close();
        old.forwarder().close();
      }
      if (!sameSession) {
        old.connection().close();
      }
    }
    if (buffer == null || buffer.maxBytes() != cs.bufferMaxBytes()) {
      if (buffer != null) {
        buffer.close();
      }
      buffer =
          SegmentBuffer.open(
              settings.dataDir().resolve("buffer"), cs.bufferMaxBytes(), settings.fsync());
    }
    SignalStore store;
    PlantConnection connection;
    Batcher batcher;
    Forwarder forwarder;
    AtomicReference<Batcher> drainer;
    if (sameSession) {
      store = old.store();
      connection = old.connection();
      drainer = old.drainer();
    } else {
      AtomicReference<Batcher> d = new AtomicReference<>();
      drainer = d;
      SignalTable table = SignalTable.of(config.signals());
      MappedNodes nodes = MappedNodes.of(table);
      store =
          new SignalStore(
              table,
              Staleness.of(cs),
              settings.ringCapacity(),
              () -> {
                Batcher b = d.get();
                if (b != null) {
                  b.wake();
                }
              });
      connection =
          new PlantConnection(
              config,
              store,
              nodes,
              settings.aliases(),
              settings.resolve(),
              settings.clock(),
              settings.tuning(),
              gaps,
              Backoff.standard());
    }
    PlantConnection live = connection;
    Watchdog watchdog =
        new Watchdog(
            cs.watchdogSeconds() * 1000L,
            settings.clock().millis(),
            () -> live.state() == SessionState.Connected,
            gaps::open);
    if (old != null && sameDelivery) {
      watchdog.batchAcknowledged(old.watchdog().lastAckMs());
      watchdog.recommendationsPolled(old.watchdog().lastPollMs());
    }
    currentWatchdog = watchdog;
    InferenceClient client =
        new InferenceClient(settings.aliases().rewrite(cs.inferenceUrl()), Duration.ofSeconds(5));
    if (sameDelivery) {
      batcher = old.batcher();
      forwarder = old.forwarder();
    } else {
      // acknowledgements go to the watchdog in force, which a later reload may replace
      forwarder =
          new Forwarder(
              client,
              buffer,
              settings.clock(),
              t -> currentWatchdog.batchAcknowledged(t),
              Backoff.standard());
      Forwarder f = forwarder;
      batcher =
          new Batcher(
              store,
              config.plant().name(),
              f::submit,
              settings.flushIntervalMs(),
              settings.maxBatchSamples());
      drainer.set(batcher);
    }
    WritePath writePath =
        new WritePath(
            config,
            store,
            connection.writer(),
            audit,
            metrics,
            watchdog,
            adoption,
            settings.clock(),
            settings.tuning().requestTimeoutMs(),
            writeStats,
            Optional.ofNullable(old).map(Runtime::writePath));
    boolean sameServer =
        old != null && old.config().connector().inferenceUrl().equals(cs.inferenceUrl());
    RecommendationPoller poller =
        new RecommendationPoller(
            client,
            writePath::onRecommendation,
            watchdog::recommendationsPolled,
            settings.clock(),
            settings.pollIntervalMs(),
            30_000,
            sameServer ? old.poller().lastSeq() : 0,
            sameServer ? old.poller().epoch() : 0);
    if (!sameSession) {
      connection.start();
    }
    return new Runtime(
        config, store, connection, batcher, forwarder, poller, writePath, watchdog, drainer);
  }

  private void tick() {
    try {
      Runtime r = runtime;
      if (r == null) {
        return;
      }
      long n = r.store().notifications();
      notificationsPerSecond = Math.max(0, n - lastNotifications);
      lastNotifications = n;
      r.writePath().tick();
    } catch (RuntimeException e) {
      LOG.error("periodic connector work failed, continuing", e);
    }
  }

  // ---------------------------------------------------------------- status

  /** The status document of {@code GET /v1/status}. */
  public ConnectorStatus status() {
    Runtime r = runtime;
    if (r == null) {
      return new ConnectorStatus(
          null,
          null,
          configError,
          SessionState.Connecting,
          "no config yet",
          0,
          List.of(),
          0,
          gaps.lostCount(),
          writeStats.writes(),
          writeStats.withheld(),
          Map.of());
    }
    long now = settings.clock().millis();
    Map<String, ConnectorStatus.Adoption> adoptionStatus = new LinkedHashMap<>();
    r.writePath()
        .adoptionByUseCase()
        .forEach((k, v) -> adoptionStatus.put(k, new ConnectorStatus.Adoption(v[0], v[1])));
    return new ConnectorStatus(
        r.config().plant().name(),
        r.config().configVersion(),
        configError,
        r.connection().state(),
        r.connection().message().orElse(null),
        r.connection().subscriptions().monitoredItems(),
        r.store().staleSignals(now),
        buffer.depth(),
        gaps.lostCount(),
        writeStats.writes(),
        writeStats.withheld(),
        adoptionStatus);
  }

  /** The recent data gaps. */
  public List<GapRecorder.Gap> gaps() {
    return gaps.recent();
  }

  /** The latest advice per use case. */
  public Map<String, Recommendation> advice() {
    Runtime r = runtime;
    return r == null ? Map.of() : r.writePath().latestAdvice();
  }

  /** The live OPC UA connection, if a config is loaded. */
  public Optional<PlantConnection> connection() {
    Runtime r = runtime;
    return r == null ? Optional.empty() : Optional.of(r.connection());
  }

  /** The config in force, if any. */
  public Optional<ResolvedPlantConfig> config() {
    Runtime r = runtime;
    return r == null ? Optional.empty() : Optional.of(r.config());
  }

  /** True once a config is in force. */
  public boolean ready() {
    return runtime != null;
  }

  /** The HTTP port. */
  public int httpPort() {
    return http.port();
  }

  /** Checks the config file now (tests). */
  public void reloadNow() {
    watcher.poll();
  }

  /** The audit log. */
  public AuditLog audit() {
    return audit;
  }

  @Override
  public synchronized void close() {
    watcher.close();
    ticker.shutdownNow();
    Runtime r = runtime;
    runtime = null;
    if (r != null) {
      r.poller().close();
      r.connection().close();
      r.batcher().close();
      r.forwarder().close();
    }
    http.close();
    try {
      if (buffer != null) {
        buffer.close();
      }
      audit.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing the connector's files failed", e);
    }
  }

  /** The figures metrics read at scrape time. */
  private final class LiveFigures implements ConnectorMetrics.Live {
    private Optional<Runtime> r() {
      return Optional.ofNullable(runtime);
    }

    @Override
    public SessionState sessionState() {
      return r().map(x -> x.connection().state()).orElse(SessionState.Connecting);
    }

    @Override
    public int monitoredItems() {
      return r().map(x -> x.connection().subscriptions().monitoredItems()).orElse(0);
    }

    @Override
    public int subscriptions() {
      return r().map(x -> x.connection().subscriptions().subscriptionCount()).orElse(0);
    }

    @Override
    public long notifications() {
      return r().map(x -> x.store().notifications()).orElse(0L);
    }

    @Override
    public double notificationsPerSecond() {
      return notificationsPerSecond;
    }

    @Override
    public long mappingErrors(MappingError kind) {
      return r().map(x -> x.store().errors(kind)).orElse(0L);
    }

    @Override
    public long samplesDropped() {
      return r().map(x -> x.store().dropped()).orElse(0L);
    }

    @Override
    public List<String> signals() {
      return r().map(x -> x.config().signals().stream().map(s -> s.signal()).toList())
          .orElse(List.of());
    }

    @Override
    public List<String> staleSignals() {
      return r().map(x -> x.store().staleSignals(settings.clock().millis())).orElse(List.of());
    }

    @Override
    public long bufferBatches() {
      return buffer == null ? 0 : buffer.depth();
    }

    @Override
    public long bufferBytes() {
      return buffer == null ? 0 : buffer.bytes();
    }

    @Override
    public long bufferMaxBytes() {
      return buffer == null ? 0 : buffer.maxBytes();
    }

    @Override
    public long bufferedTotal() {
      return r().map(x -> x.forwarder().buffered()).orElse(0L);
    }

    @Override
    public long replayedTotal() {
      return r().map(x -> x.forwarder().replayed()).orElse(0L);
    }

    @Override
    public long droppedTotal() {
      return (buffer == null ? 0 : buffer.dropped())
          + r().map(x -> x.forwarder().droppedInMemory()).orElse(0L);
    }

    @Override
    public long batchesSent() {
      return r().map(x -> x.forwarder().sent()).orElse(0L);
    }

    @Override
    public long batchesRefused() {
      return r().map(x -> x.forwarder().refused()).orElse(0L);
    }

    @Override
    public long samplesRejected() {
      return r().map(x -> x.forwarder().samplesRejected()).orElse(0L);
    }

    @Override
    public boolean gapOpen() {
      return gaps.open();
    }

    @Override
    public long gapsLost() {
      return gaps.lostCount();
    }

    @Override
    public long gapsRecovered() {
      return gaps.recoveredCount();
    }

    @Override
    public double gapSecondsLost() {
      return gaps.lostSeconds();
    }

    @Override
    public double gapSecondsRecovered() {
      return gaps.recoveredSeconds();
    }

    @Override
    public boolean watchdogHealthy() {
      return r().map(x -> x.watchdog().health(settings.clock().millis()).healthy()).orElse(false);
    }

    @Override
    public boolean configLoaded() {
      return runtime != null;
    }
  }
}
