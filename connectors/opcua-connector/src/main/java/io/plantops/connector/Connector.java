package io.plantops.connector;

import io.plantops.connector.delivery.InferenceClient;
import io.plantops.connector.http.ConnectorHttp;
import io.plantops.connector.http.ConnectorView;
import io.plantops.connector.http.RecentWrite;
import io.plantops.connector.http.Trends;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.connector.opcua.GapRecorder;
import io.plantops.connector.opcua.HistoryReader;
import io.plantops.connector.opcua.PlantConnection;
import io.plantops.connector.write.AdoptionTracker;
import io.plantops.connector.write.AuditEntry;
import io.plantops.connector.write.AuditLog;
import io.plantops.connector.write.WriteStats;
import io.plantops.contract.ConfigException;
import io.plantops.contract.ConfigWatcher;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.DataPathToken;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SessionState;
import io.plantops.contract.UseCaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector process: watches the resolved plant config and runs, for the config in force, the
 * OPC UA connection, the mapping, the delivery to the inference server and the write path. A new
 * config replaces only what it changes ({@link ReloadPlan}, applied by {@link RuntimeWiring}): the
 * OPC UA session survives a change of phase or limits; the audit log, the gap record and the
 * metrics survive every reload.
 */
public final class Connector implements ConnectorView, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

  /** A history read that failed, or a post the inference server did not take, is tried again. */
  private static final long HISTORY_RETRY_MS = 5 * 60_000L;

  private final ConnectorSettings settings;
  private final ConnectorMetrics metrics;
  private final GapRecorder gaps;
  private final WriteStats writeStats = new WriteStats();
  private final Trends trends = new Trends();
  private final AuditLog audit;
  private final RuntimeWiring wiring;
  private final ScheduledExecutorService ticker;
  private final ConnectorHttp http;
  private final ConfigWatcher watcher;
  private final BaselineHistory baselines;
  private final Map<String, InferenceClient> historyClients = new ConcurrentHashMap<>();
  private volatile PlantRuntime runtime;
  private boolean closed;
  private volatile String configError;
  private volatile double notificationsPerSecond;
  private long lastNotifications;

  /** Starts the connector: HTTP at once, the plant once a config is read. */
  public Connector(ConnectorSettings settings) throws IOException {
    this.settings = settings;
    this.gaps = new GapRecorder(settings.dataDir().resolve("last-notification"));
    this.metrics =
        new ConnectorMetrics(
            new LiveFigures(
                () -> Optional.ofNullable(runtime),
                gaps,
                settings.clock(),
                () -> notificationsPerSecond));
    this.audit =
        AuditLog.open(settings.dataDir().resolve("audit"), 64L << 20, settings.clock(), System.out);
    this.wiring =
        new RuntimeWiring(
            settings, metrics, gaps, audit, new AdoptionTracker(15 * 60_000L), writeStats);
    this.http =
        new ConnectorHttp(
            this,
            metrics,
            settings.httpLimits(),
            settings.httpBind(),
            settings.httpPort(),
            settings.clock());
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantops-ticker");
              t.setDaemon(true);
              return t;
            });
    this.baselines =
        new BaselineHistory(
            HistoryReader.on(this::client, HistoryReader.Limits.defaults()),
            settings.clock(),
            HISTORY_RETRY_MS);
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
    if (closed) {
      // the watcher's last poll, which waited for close() to finish: nothing runs any more
      LOG.info("config {} not applied: the connector is closed", config.configVersion());
      return;
    }
    PlantRuntime old = runtime;
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
      runtime = wiring.wire(config, Optional.ofNullable(old));
      configError = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot apply config " + config.configVersion(), e);
    }
  }

  private void tick() {
    try {
      PlantRuntime r = runtime;
      if (r == null) {
        return;
      }
      long n = r.session().store().notifications();
      notificationsPerSecond = Math.max(0, n - lastNotifications);
      lastNotifications = n;
      r.writing().writePath().tick();
      sampleTrends(r);
      baselines.tick(r, this::historyClient);
    } catch (RuntimeException e) {
      LOG.error("periodic connector work failed, continuing", e);
    }
  }

  /** The client that posts history to the inference server at {@code url}. */
  private InferenceClient historyClient(String url) {
    return historyClients.computeIfAbsent(
        url,
        u ->
            new InferenceClient(
                settings.aliases().rewrite(u),
                Duration.ofSeconds(30),
                Optional.of(new DataPathToken(settings.resolve().apply(DataPathToken.FILE)))));
  }

  /**
   * One trend sample per setpoint output (at most one a minute): latest advice, actual setpoint.
   */
  private void sampleTrends(PlantRuntime r) {
    long now = settings.clock().millis();
    Map<String, Recommendation> advice = r.writing().writePath().latestLive();
    for (UseCaseConfig u : r.config().useCases()) {
      Recommendation rec = advice.get(u.name());
      for (UseCaseConfig.Output o : u.outputs()) {
        if (o.kind() != UseCaseConfig.OutputKind.Setpoint) {
          continue;
        }
        Double advised =
            rec == null
                ? null
                : rec.outputs().stream()
                    .filter(v -> v.name().equals(o.name()))
                    .map(Recommendation.OutputValue::value)
                    .findFirst()
                    .orElse(null);
        OptionalDouble actual = r.session().store().usableValue(o.signal(), now);
        trends.sample(
            u.name(),
            o.name(),
            new Trends.Point(now, advised, actual.isPresent() ? actual.getAsDouble() : null));
      }
    }
  }

  @Override
  public List<Trends.Point> trend(String useCase, String output) {
    return trends.of(useCase, output);
  }

  @Override
  public ConnectorStatus status() {
    PlantRuntime r = runtime;
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
          gaps.openCount(),
          writeStats.writes(),
          writeStats.withheld(),
          Map.of());
    }
    long now = settings.clock().millis();
    Map<String, ConnectorStatus.Adoption> adoptionStatus = new LinkedHashMap<>();
    r.writing()
        .writePath()
        .adoptionByUseCase()
        .forEach((k, v) -> adoptionStatus.put(k, new ConnectorStatus.Adoption(v[0], v[1])));
    PlantConnection connection = r.session().connection();
    return new ConnectorStatus(
        r.config().plant().name(),
        r.config().configVersion(),
        configError,
        connection.state(),
        connection.message().orElse(null),
        connection.subscriptions().monitoredItems(),
        r.session().store().staleSignals(now),
        r.buffer().depth(),
        gaps.lostCount(),
        gaps.openCount(),
        writeStats.writes(),
        writeStats.withheld(),
        adoptionStatus,
        connection.refusedSignals());
  }

  @Override
  public List<GapRecorder.Gap> gaps() {
    return gaps.recent();
  }

  @Override
  public Map<String, Recommendation> advice() {
    PlantRuntime r = runtime;
    return r == null ? Map.of() : r.writing().writePath().latestAdvice();
  }

  @Override
  public OptionalDouble currentValue(String signal) {
    PlantRuntime r = runtime;
    return r == null
        ? OptionalDouble.empty()
        : r.session().store().usableValue(signal, settings.clock().millis());
  }

  @Override
  public List<RecentWrite> recentWrites() {
    List<AuditEntry> entries = audit.recentWrites();
    List<RecentWrite> writes = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0; i--) {
      AuditEntry e = entries.get(i);
      String reason =
          Objects.requireNonNullElse(e.reason(), "") + (e.detail() == null ? "" : " " + e.detail());
      writes.add(
          new RecentWrite(
              Instant.parse(e.time()),
              e.useCase(),
              e.output(),
              e.action().name(),
              e.action() == AuditEntry.Action.Written ? e.written() : e.target(),
              e.unit(),
              reason.strip()));
    }
    return writes;
  }

  @Override
  public Map<String, Recommendation> liveRecommendations() {
    PlantRuntime r = runtime;
    return r == null ? Map.of() : r.writing().writePath().latestLive();
  }

  @Override
  public Optional<OpcUaClient> client() {
    return Optional.ofNullable(runtime).flatMap(r -> r.session().connection().client());
  }

  @Override
  public Optional<ResolvedPlantConfig> config() {
    return Optional.ofNullable(runtime).map(PlantRuntime::config);
  }

  @Override
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
    if (closed) {
      return;
    }
    closed = true;
    watcher.close();
    ticker.shutdownNow();
    try {
      // a tick in progress may be writing to the plant through the session closed below
      if (!ticker.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("the connector's periodic work did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    baselines.close();
    PlantRuntime r = runtime;
    runtime = null;
    http.close();
    try {
      if (r != null) {
        r.close();
      }
      audit.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing the connector's files failed", e);
    }
  }
}
