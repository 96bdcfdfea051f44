package io.plantops.connector.write;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalView;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.connector.opcua.PlantWriter;
import io.plantops.contract.Autonomy;
import io.plantops.contract.Quality;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Output;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to each recommendation, by the live phase of its use case: in ClosedLoop, {@link
 * ClosedLoopPolicy} decides and {@link ClosedLoopWrites} writes to the plant or withholds; in
 * Advisory, {@link AdvisoryPath} publishes the advice and measures operator adoption; Shadow
 * recommendations are ignored. In Advisory and ClosedLoop, {@link GuidancePath} also shows the
 * advice on the plant's guidance tags. Every write, withheld write and advice is audited and
 * counted.
 */
public final class WritePath {

  private static final Logger LOG = LoggerFactory.getLogger(WritePath.class);

  /** Tolerated clock difference between the inference server and the connector. */
  public static final long MAX_SKEW_MS = 5_000;

  private final ResolvedPlantConfig config;
  private final SignalStore store;
  private final ConnectorMetrics metrics;
  private final Watchdog watchdog;
  private final Clock clock;
  private final Map<String, ClosedLoopPolicy> policies = new LinkedHashMap<>();
  private final ClosedLoopWrites writes;
  private final AdvisoryPath advisory;
  private final GuidancePath guidance;
  private final Map<String, Recommendation> live = new LinkedHashMap<>();

  public WritePath(
      ResolvedPlantConfig config,
      SignalStore store,
      PlantWriter writer,
      AuditLog audit,
      ConnectorMetrics metrics,
      Watchdog watchdog,
      AdoptionTracker adoption,
      Clock clock,
      long writeTimeoutMs,
      WriteStats stats,
      Optional<WritePath> previous) {
    this.config = config;
    this.store = store;
    this.metrics = metrics;
    this.watchdog = watchdog;
    this.clock = clock;
    this.writes =
        new ClosedLoopWrites(config, store, writer, audit, metrics, stats, clock, writeTimeoutMs);
    this.advisory =
        new AdvisoryPath(
            config, store, adoption, audit, metrics, clock, previous.map(p -> p.advisory));
    this.guidance =
        new GuidancePath(
            config,
            writer,
            audit,
            metrics,
            clock,
            watchdog.periodMs(),
            writeTimeoutMs,
            previous.map(p -> p.guidance));
    previous.ifPresent(
        p -> {
          synchronized (p) {
            live.putAll(p.live);
          }
        });
    Set<String> writable =
        config.signals().stream()
            .filter(ResolvedPlantConfig.SignalMapping::writable)
            .map(ResolvedPlantConfig.SignalMapping::signal)
            .collect(Collectors.toSet());
    boolean writesEnabled = config.connector() != null && config.connector().writesEnabled();
    long maxAge = watchdog.periodMs();
    for (UseCaseConfig u : config.useCases()) {
      ClosedLoopPolicy policy =
          new ClosedLoopPolicy(u, writesEnabled, writable, maxAge, MAX_SKEW_MS);
      previous.map(p -> p.policies.get(u.name())).ifPresent(policy::inheritFrom);
      policies.put(u.name(), policy);
    }
  }

  /** Handles one recommendation (the poller's thread). */
  public synchronized void onRecommendation(Recommendation rec, long epoch) {
    metrics.recommendation(rec.useCase());
    ClosedLoopPolicy policy = policies.get(rec.useCase());
    if (policy == null) {
      LOG.warn(
          "recommendation {} for use case {} which this plant's config does not have (config {})",
          rec.seq(),
          rec.useCase(),
          config.configVersion());
      return;
    }
    UseCaseConfig useCase = policy.useCase();
    if (rec.phase() == useCase.phase()
        && (useCase.phase() == Autonomy.Advisory || useCase.phase() == Autonomy.ClosedLoop)) {
      live.put(useCase.name(), rec);
    }
    if (useCase.phase() == Autonomy.Advisory) {
      advisory.advise(useCase, rec);
      guidance.show(useCase, rec, epoch, context(policy, clock.millis()));
      return;
    }
    if (useCase.phase() != Autonomy.ClosedLoop) {
      return; // Shadow: nothing reaches operators or the plant
    }
    long now = clock.millis();
    ClosedLoopPolicy.Context context = context(policy, now);
    for (ClosedLoopPolicy.Decision d : policy.evaluate(rec, epoch, context)) {
      writes.carryOut(policy, rec, d);
    }
    guidance.show(useCase, rec, epoch, context);
  }

  /** What the policy judges a recommendation against: the loop's health, inputs, setpoints. */
  private ClosedLoopPolicy.Context context(ClosedLoopPolicy policy, long now) {
    Watchdog.Health health = watchdog.health(now);
    Map<String, OptionalDouble> setpoints = new HashMap<>();
    for (Output o : policy.setpointOutputs()) {
      setpoints.put(o.name(), store.usableValue(o.signal(), now));
    }
    List<SignalView> inputs = new ArrayList<>();
    for (UseCaseConfig.Feature f : policy.useCase().inputs()) {
      inputs.add(
          store
              .table()
              .byName(f.signal())
              .map(e -> store.view(e.index(), now))
              .orElse(new SignalView(f.signal(), Double.NaN, Quality.Bad, 0, 0, true, false)));
    }
    return new ClosedLoopPolicy.Context(now, health.healthy(), health.detail(), inputs, setpoints);
  }

  /** Periodic work (every second): operator adoption. */
  public synchronized void tick() {
    advisory.tick();
  }

  /** Adoption per use case (all setpoint outputs summed): opened and followed episodes. */
  public synchronized Map<String, long[]> adoptionByUseCase() {
    return advisory.adoptionByUseCase();
  }

  /** The latest advisory recommendation per use case. */
  /**
   * The latest recommendation per use case made in its live phase, Advisory or ClosedLoop (what the
   * console shows); a use case that went back to Shadow keeps its last one.
   */
  public synchronized Map<String, Recommendation> latestLive() {
    return Map.copyOf(live);
  }

  public synchronized Map<String, Recommendation> latestAdvice() {
    return advisory.latestAdvice();
  }
}
