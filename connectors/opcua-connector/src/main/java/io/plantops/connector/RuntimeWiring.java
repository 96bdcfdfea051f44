package io.plantops.connector;

import io.plantops.connector.delivery.Batcher;
import io.plantops.connector.delivery.Forwarder;
import io.plantops.connector.delivery.InferenceClient;
import io.plantops.connector.delivery.RecommendationPoller;
import io.plantops.connector.delivery.SegmentBuffer;
import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.connector.opcua.GapRecorder;
import io.plantops.connector.opcua.MappedNodes;
import io.plantops.connector.opcua.NamespaceRecord;
import io.plantops.connector.opcua.PlantConnection;
import io.plantops.connector.write.AdoptionTracker;
import io.plantops.connector.write.AuditLog;
import io.plantops.connector.write.Watchdog;
import io.plantops.connector.write.WritePath;
import io.plantops.connector.write.WriteStats;
import io.plantops.contract.ConfigException;
import io.plantops.contract.DataPathToken;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SessionState;
import io.plantops.contract.rules.Backoff;
import io.plantops.contract.rules.Staleness;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Applies a {@link ReloadPlan}: keeps the running parts the plan keeps, stops the others and builds
 * them anew for the new config. It holds what outlives every config: the audit log, the gap record,
 * the adoption record, the write counters and the namespace URIs first seen at each index.
 */
final class RuntimeWiring {

  private final ConnectorSettings settings;
  private final ConnectorMetrics metrics;
  private final GapRecorder gaps;
  private final AuditLog audit;
  private final AdoptionTracker adoption;
  private final WriteStats writeStats;
  private final AtomicReference<Watchdog> watchdogInForce = new AtomicReference<>();
  private final NamespaceRecord namespaces;

  RuntimeWiring(
      ConnectorSettings settings,
      ConnectorMetrics metrics,
      GapRecorder gaps,
      AuditLog audit,
      AdoptionTracker adoption,
      WriteStats writeStats) {
    this.settings = settings;
    this.metrics = metrics;
    this.gaps = gaps;
    this.audit = audit;
    this.adoption = adoption;
    this.writeStats = writeStats;
    this.namespaces = NamespaceRecord.open(settings.dataDir().resolve("namespaces.json"));
  }

  /**
   * What runs for {@code config}, reusing what {@code running} may keep.
   *
   * @throws ConfigException when the config cannot run (a malformed NodeId); nothing was stopped
   * @throws IOException when the disk buffer cannot be opened
   */
  PlantRuntime wire(ResolvedPlantConfig config, Optional<PlantRuntime> running)
      throws ConfigException, IOException {
    ReloadPlan plan =
        running.map(r -> ReloadPlan.between(r.config(), config)).orElseGet(ReloadPlan::first);
    // what can refuse the config is checked before anything running is stopped
    Optional<MappedNodes> nodes =
        plan.restarts(ReloadPlan.Part.SESSION)
            ? Optional.of(
                MappedNodes.of(
                    SignalTable.of(config.signals()),
                    namespaces,
                    config.opcua().endpointUrl(),
                    settings.clock()))
            : Optional.empty();
    if (running.isPresent()) {
      running.get().stopFor(plan);
    }
    SegmentBuffer buffer =
        plan.restarts(ReloadPlan.Part.BUFFER)
            ? SegmentBuffer.open(
                settings.dataDir().resolve("buffer"),
                config.connector().bufferMaxBytes(),
                settings.fsync())
            : running.orElseThrow().buffer();
    PlantRuntime.Session session =
        nodes.isPresent() ? session(config, nodes.get()) : running.orElseThrow().session();
    Watchdog watchdog = watchdog(config, session, plan, running);
    InferenceClient client =
        new InferenceClient(
            settings.aliases().rewrite(config.connector().inferenceUrl()),
            Duration.ofSeconds(5),
            Optional.of(new DataPathToken(settings.resolve().apply(DataPathToken.FILE))));
    PlantRuntime.Delivery delivery =
        plan.restarts(ReloadPlan.Part.DELIVERY)
            ? delivery(config, session, buffer, client)
            : running.orElseThrow().delivery();
    PlantRuntime.Writing writing = writing(config, session, watchdog, client, plan, running);
    if (nodes.isPresent()) {
      session.connection().start();
    }
    return new PlantRuntime(config, buffer, session, delivery, writing);
  }

  private PlantRuntime.Session session(ResolvedPlantConfig config, MappedNodes nodes) {
    AtomicReference<Batcher> drainer = new AtomicReference<>();
    SignalStore store =
        new SignalStore(
            nodes.table(),
            Staleness.of(config.connector()),
            settings.ringCapacity(),
            () -> {
              Batcher b = drainer.get();
              if (b != null) {
                b.wake();
              }
            });
    PlantConnection connection =
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
    return new PlantRuntime.Session(store, connection, drainer);
  }

  /** A new watchdog; it keeps the heartbeats of the running one while the delivery is kept. */
  private Watchdog watchdog(
      ResolvedPlantConfig config,
      PlantRuntime.Session session,
      ReloadPlan plan,
      Optional<PlantRuntime> running) {
    PlantConnection connection = session.connection();
    Watchdog watchdog =
        new Watchdog(
            config.connector().watchdogSeconds() * 1000L,
            settings.clock().millis(),
            () -> connection.state() == SessionState.Connected,
            gaps::open);
    if (running.isPresent() && plan.keeps(ReloadPlan.Part.DELIVERY)) {
      Watchdog old = running.get().writing().watchdog();
      watchdog.batchAcknowledged(old.lastAckMs());
      watchdog.recommendationsPolled(old.lastPollMs());
    }
    watchdogInForce.set(watchdog);
    return watchdog;
  }

  private PlantRuntime.Delivery delivery(
      ResolvedPlantConfig config,
      PlantRuntime.Session session,
      SegmentBuffer buffer,
      InferenceClient client) {
    // acknowledgements go to the watchdog in force, which a later reload may replace
    Forwarder forwarder =
        new Forwarder(
            client,
            buffer,
            settings.clock(),
            t -> watchdogInForce.get().batchAcknowledged(t),
            Backoff.standard());
    Batcher batcher =
        new Batcher(
            session.store(),
            config.plant().name(),
            forwarder::submit,
            settings.flushIntervalMs(),
            settings.maxBatchSamples(),
            settings.clock());
    session.drainer().set(batcher);
    return new PlantRuntime.Delivery(batcher, forwarder);
  }

  private PlantRuntime.Writing writing(
      ResolvedPlantConfig config,
      PlantRuntime.Session session,
      Watchdog watchdog,
      InferenceClient client,
      ReloadPlan plan,
      Optional<PlantRuntime> running) {
    adoption.window(config.connector().adoptionWindowSeconds() * 1000L);
    WritePath writePath =
        new WritePath(
            config,
            session.store(),
            session.connection().writer(),
            audit,
            metrics,
            watchdog,
            adoption,
            settings.clock(),
            settings.tuning().requestTimeoutMs(),
            writeStats,
            running.map(r -> r.writing().writePath()));
    Optional<RecommendationPoller> resumeFrom =
        plan.keeps(ReloadPlan.Part.POLL_POSITION)
            ? running.map(r -> r.writing().poller())
            : Optional.empty();
    RecommendationPoller poller =
        new RecommendationPoller(
            client,
            writePath::onRecommendation,
            watchdog::recommendationsPolled,
            settings.clock(),
            settings.pollIntervalMs(),
            30_000,
            resumeFrom.map(RecommendationPoller::lastSeq).orElse(0L),
            resumeFrom.map(RecommendationPoller::epoch).orElse(0L));
    return new PlantRuntime.Writing(writePath, watchdog, poller);
  }
}
