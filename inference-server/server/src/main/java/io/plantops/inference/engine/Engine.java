package io.plantops.inference.engine;

import io.plantops.contract.Autonomy;
import io.plantops.contract.BatchAck;
import io.plantops.contract.HistorySeries;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.KpiBaseline;
import io.plantops.contract.ModelRefusalReason;
import io.plantops.contract.Quality;
import io.plantops.contract.Recommendation;
import io.plantops.contract.Recommendation.Contribution;
import io.plantops.contract.Recommendation.OutputValue;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SignalSample;
import io.plantops.contract.UseCaseConfig;
import io.plantops.expressions.ExpressionException;
import io.plantops.expressions.SignalExpression;
import io.plantops.inference.metrics.InferenceMetrics;
import io.plantops.inference.model.ModelLoader;
import io.plantops.inference.model.ModelRefusedException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The inference server's state: the config being served, one {@link UseCaseRuntime} per use case,
 * the signal store, the recommendation log, and the threads that evaluate and load models.
 *
 * <p>A config is applied as a whole: everything that can refuse it (structure, KPI expressions) is
 * checked before anything changes, then a new immutable {@link Snapshot} is swapped in atomically.
 * Requests in flight keep the snapshot they started with.
 */
public final class Engine implements UseCaseRuntime.Sink, ModelSlot.Loader, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Engine.class.getName());

  /** Samples more than this far in the future are refused (clock skew tolerance). */
  public static final long MAX_FUTURE_MS = 5 * 60_000L;

  /** Batch ids remembered to drop replays. */
  static final int BATCH_IDS = 8192;

  /**
   * What is being served.
   *
   * @param config the config
   * @param useCases runtimes by use case name
   */
  public record Snapshot(ResolvedPlantConfig config, Map<String, UseCaseRuntime> useCases) {}

  private final Clock clock;
  private final ModelLoader loader;
  private final InferenceMetrics metrics;
  private final SignalStore store = new SignalStore();
  private final RecommendationLog recommendations;
  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
  private final ScheduledExecutorService scheduler;
  private final ExecutorService loaders;
  private final boolean autoSchedule;
  private final Map<String, Boolean> batchIds =
      Collections.synchronizedMap(
          new LinkedHashMap<>(1024, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > BATCH_IDS;
            }
          });
  private volatile String configError;
  private volatile Long firstDataAtMs;

  /**
   * @param autoSchedule evaluate every use case at its cadence (false in tests and benchmarks that
   *     drive {@link #evaluateNow} themselves)
   */
  public Engine(Clock clock, ModelLoader loader, InferenceMetrics metrics, boolean autoSchedule) {
    this.clock = clock;
    this.loader = loader;
    this.metrics = metrics;
    this.autoSchedule = autoSchedule;
    this.recommendations = new RecommendationLog(clock.millis());
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "plantops-evaluation"));
    this.loaders = Executors.newSingleThreadExecutor(r -> daemon(r, "plantops-model-loader"));
    metrics.register(new StateCollector(this));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Applies a parsed config.
   *
   * @throws ExpressionException when a KPI or substitute expression does not compile; nothing
   *     changes then
   */
  public synchronized void apply(ResolvedPlantConfig config) throws ExpressionException {
    Map<String, Map<String, SignalExpression>> kpis = new HashMap<>();
    for (UseCaseConfig u : config.useCases()) {
      kpis.put(u.name(), Evaluation.compileKpis(u));
    }
    Substitutes substitutes = Substitutes.of(config);
    metrics.plant(config.plant().name());
    store.configure(config, substitutes);
    Snapshot previous = snapshot.get();
    Map<String, UseCaseRuntime> runtimes = new LinkedHashMap<>();
    long now = clock.millis();
    for (UseCaseConfig u : config.useCases()) {
      UseCaseRuntime rt =
          previous != null && previous.useCases().containsKey(u.name())
              ? previous.useCases().get(u.name())
              : new UseCaseRuntime(u.name(), store, metrics);
      rt.reconfigure(u, kpis.get(u.name()), this, now);
      runtimes.put(u.name(), rt);
    }
    snapshot.set(new Snapshot(config, Collections.unmodifiableMap(runtimes)));
    if (previous != null) {
      previous
          .useCases()
          .forEach(
              (name, rt) -> {
                if (!runtimes.containsKey(name)) {
                  cancel(rt);
                  rt.close();
                }
              });
    }
    if (autoSchedule) {
      runtimes.values().forEach(this::schedule);
    }
    configError = null;
  }

  /** Records why the newest config file was refused; the current one keeps serving. */
  public void refuse(String reason) {
    configError = reason;
  }

  private void schedule(UseCaseRuntime rt) {
    int cadence = rt.config().cadenceSeconds();
    if (rt.scheduled() != null && rt.scheduledCadence() == cadence) {
      return;
    }
    cancel(rt);
    rt.schedule(
        scheduler.scheduleAtFixedRate(() -> evaluateSafely(rt), cadence, cadence, TimeUnit.SECONDS),
        cadence);
  }

  private static void cancel(UseCaseRuntime rt) {
    if (rt.scheduled() != null) {
      rt.scheduled().cancel(false);
    }
  }

  private void evaluateSafely(UseCaseRuntime rt) {
    try {
      synchronized (rt) {
        rt.evaluate(clock.millis(), this);
      }
    } catch (RuntimeException e) {
      // a bug in one cycle must not cancel the periodic task (the executor would drop it)
      LOG.log(System.Logger.Level.ERROR, "use case " + rt.name() + ": evaluation failed", e);
    }
  }

  /** Evaluates one use case now, on the caller's thread. */
  public Optional<Recommendation> evaluateNow(String useCase) {
    UseCaseRuntime rt = runtime(useCase).orElseThrow();
    synchronized (rt) {
      return rt.evaluate(clock.millis(), this);
    }
  }

  @Override
  public void load(ModelSlot<?> slot, UseCaseConfig.Model model, int inputs, int outputs) {
    loaders.execute(
        () -> {
          try {
            slot.installed(model, loader.load(model, inputs, outputs), clock.millis());
          } catch (ModelRefusedException e) {
            slot.failed(model, e);
          } catch (RuntimeException e) {
            slot.failed(
                model,
                new ModelRefusedException(
                    ModelRefusalReason.Unreadable,
                    "unexpected failure loading " + model.uri() + ": " + e,
                    e));
          }
        });
  }

  @Override
  public Recommendation publish(
      String useCase,
      String version,
      Autonomy phase,
      long timestampMs,
      String snapshotId,
      List<OutputValue> outputs,
      List<Contribution> explanation) {
    return recommendations.append(
        new Recommendation(
            0, useCase, version, phase, timestampMs, snapshotId, outputs, explanation));
  }

  /** The snapshot being served, if a config was ever applied. */
  public Optional<Snapshot> snapshot() {
    return Optional.ofNullable(snapshot.get());
  }

  public Optional<UseCaseRuntime> runtime(String useCase) {
    Snapshot s = snapshot.get();
    return s == null ? Optional.empty() : Optional.ofNullable(s.useCases().get(useCase));
  }

  /** Ready: a config is served and every model has had its first load attempt. */
  public boolean ready() {
    Snapshot s = snapshot.get();
    return s != null && s.useCases().values().stream().allMatch(UseCaseRuntime::settled);
  }

  /**
   * Ingests a batch. Samples are refused one by one (unknown signal, non-finite value of a sample
   * that is not Bad, missing quality, timestamp in the future), never the whole batch; a batch id
   * seen before is dropped. The connector's liveness report of a batch sent directly (not replayed
   * from its buffer, which makes it late) says which held values are still valid.
   */
  public BatchAck ingest(SignalBatch batch) {
    if (batch.batchId() != null && batchIds.containsKey(batch.batchId())) {
      metrics.samples("duplicate", batch.samples().size());
      return new BatchAck(0, List.of(), true);
    }
    long now = clock.millis();
    int accepted = 0;
    List<BatchAck.Rejection> rejected = new ArrayList<>();
    String plant = metrics.plant();
    for (SignalSample s : batch.samples()) {
      String why = check(s, now, plant);
      if (why == null && !store.add(s.signal(), s.timestampMs(), s.value(), s.quality())) {
        why = "unknown signal: no use case at plant " + plant + " reads it";
      }
      if (why != null) {
        rejected.add(new BatchAck.Rejection(s.signal(), why));
      } else {
        accepted++;
      }
    }
    if (batch.reportsLiveness() && !batch.replayed()) {
      store.liveness(batch.stale(), now);
    }
    if (accepted > 0 && firstDataAtMs == null) {
      firstDataAtMs = now;
    }
    if (batch.batchId() != null && !batch.samples().isEmpty()) {
      // a liveness report alone changes nothing twice: its id need not crowd out those of samples
      batchIds.put(batch.batchId(), Boolean.TRUE);
    }
    metrics.samples("accepted", accepted);
    metrics.samples("rejected", rejected.size());
    return new BatchAck(accepted, rejected, false);
  }

  private static String check(SignalSample s, long now, String plant) {
    if (s == null) {
      return "null sample";
    }
    if (s.signal() == null || s.signal().isBlank()) {
      return "signal is required";
    }
    if (s.quality() == null) {
      return "quality is required (Good, Uncertain or Bad)";
    }
    if (!Double.isFinite(s.value()) && s.quality() != Quality.Bad) {
      // a Bad sample's value is never used; it is kept so that the signal turns bad at once
      return "value is "
          + s.value()
          + "; send a finite number, with quality Bad if the sensor failed";
    }
    if (s.timestampMs() <= 0) {
      return "timestampMs must be epoch milliseconds";
    }
    if (s.timestampMs() > now + MAX_FUTURE_MS) {
      return "timestampMs " + s.timestampMs() + " is more than 5 min ahead of the server clock";
    }
    return null;
  }

  /** True when some use case reads {@code signal}. */
  public boolean knowsSignal(String signal) {
    return store.knows(signal);
  }

  public List<Recommendation> recommendations(long after, Optional<String> useCase, int limit) {
    return recommendations.after(after, useCase, limit);
  }

  /**
   * KPI baselines from the plant's history, for every use case: computed, and applied to each KPI
   * that has no baseline yet (before the first advisory recommendation). Answers what happened to
   * each.
   */
  public List<KpiBaseline> applyHistory(HistorySeries series) {
    Snapshot s = snapshot.get();
    List<KpiBaseline> out = new ArrayList<>();
    if (s == null) {
      return out;
    }
    for (UseCaseRuntime rt : s.useCases().values()) {
      synchronized (rt) {
        out.addAll(rt.applyHistory(series, clock.millis()));
      }
    }
    return out;
  }

  /** The status document. */
  public InferenceStatus status() {
    Snapshot s = snapshot.get();
    long now = clock.millis();
    if (s == null) {
      return new InferenceStatus(null, null, configError, firstDataAtMs, List.of());
    }
    List<UseCaseStatus> useCases = new ArrayList<>();
    for (UseCaseRuntime rt : s.useCases().values()) {
      useCases.add(rt.status(now));
    }
    return new InferenceStatus(
        s.config().plant().name(),
        s.config().configVersion(),
        configError,
        firstDataAtMs,
        useCases);
  }

  public String configError() {
    return configError;
  }

  public InferenceMetrics metrics() {
    return metrics;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    loaders.shutdownNow();
    Snapshot s = snapshot.getAndSet(null);
    if (s != null) {
      s.useCases().values().forEach(UseCaseRuntime::close);
    }
  }
}
