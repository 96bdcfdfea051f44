package io.plantops.inference.engine;

import io.plantops.contract.Autonomy;
import io.plantops.contract.HistorySeries;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.KpiBaseline;
import io.plantops.contract.Recommendation;
import io.plantops.contract.Recommendation.Contribution;
import io.plantops.contract.Recommendation.OutputValue;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.expressions.SignalExpression;
import io.plantops.inference.metrics.InferenceMetrics;
import io.plantops.inference.model.LoadedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * Everything one use case (one SiteDeployment) keeps across config reloads: its two {@link
 * ModelSlot}s, active and candidate, and its {@link Evaluation}. A reload that keeps a model
 * version keeps all of it; only a new active version resets drift (new reference) and only a new
 * candidate resets shadow statistics.
 *
 * <p>Threads: evaluations run on the engine's scheduler thread, one at a time per use case, holding
 * this object's lock; reconfiguration and model installation hold it too; HTTP threads read the
 * slots' volatile fields and acquire a model before running it.
 */
public final class UseCaseRuntime {

  /** What the engine does with a finished evaluation. */
  public interface Sink {
    /** Publishes a recommendation and returns it with its sequence number. */
    Recommendation publish(
        String useCase,
        String version,
        Autonomy phase,
        long timestampMs,
        String snapshotId,
        List<OutputValue> outputs,
        List<Contribution> explanation);
  }

  private final String name;
  private final ModelSlot<ActiveWatch> active;
  private final ModelSlot<ShadowTracker> candidate;
  private final Evaluation evaluation;
  private final SignalStore store;
  private volatile UseCaseConfig config;
  private ScheduledFuture<?> schedule;
  private int scheduledCadence;

  UseCaseRuntime(String name, SignalStore store, InferenceMetrics metrics) {
    this.name = name;
    this.store = store;
    this.active =
        new ModelSlot<>(
            name,
            ModelSlot.Role.ACTIVE,
            this,
            metrics,
            (want, model, nowMs) -> ActiveWatch.start(name, config.inputs(), want, model, metrics));
    this.candidate =
        new ModelSlot<>(
            name,
            ModelSlot.Role.CANDIDATE,
            this,
            metrics,
            (want, model, nowMs) -> new ShadowTracker(model.version(), nowMs));
    this.evaluation = new Evaluation(name, store, metrics);
  }

  public String name() {
    return name;
  }

  /** Signals the plant gives as declared constants: drift is not measured on them. */
  Set<String> constantSubstitutes() {
    return store.constantSubstitutes();
  }

  public UseCaseConfig config() {
    return config;
  }

  /**
   * Applies a new config of this use case. Models whose version and digest are unchanged are kept
   * with their statistics; others are loaded in the background while the current ones serve.
   */
  synchronized void reconfigure(
      UseCaseConfig next,
      Map<String, SignalExpression> compiledKpis,
      ModelSlot.Loader loader,
      long nowMs) {
    UseCaseConfig previous = config;
    boolean shapeChanged =
        previous != null
            && (!previous.inputs().equals(next.inputs())
                || previous.outputs().size() != next.outputs().size());
    config = next;
    evaluation.configure(next, compiledKpis);
    if (shapeChanged) {
      // a different feature layout is a different model contract: load both slots again
      active.retire();
      candidate.retire();
    }
    int inputs = next.inputs().size();
    int outputs = next.outputs().size();
    Model wantActive = next.activeModel();
    if (!active.serves(wantActive) && candidate.serves(wantActive)) {
      // promotion: the candidate already runs, verified; no reload. The active slot serves it
      // before the candidate slot lets it go, so a request for that version always finds it.
      candidate.share(wantActive).ifPresent(m -> active.install(wantActive, m, nowMs));
      candidate.clear();
    }
    active.want(wantActive, inputs, outputs, loader);
    Model wantCandidate = next.candidateModel();
    if (wantCandidate == null) {
      candidate.clear();
      return;
    }
    if (!candidate.serves(wantCandidate)) {
      // the same file in both slots (e.g. a rollback in progress): share the session
      active.share(wantCandidate).ifPresent(m -> candidate.install(wantCandidate, m, nowMs));
    }
    candidate.want(wantCandidate, inputs, outputs, loader);
  }

  /** Releases every model (the use case left the config, or the server stops). */
  synchronized void close() {
    active.clear();
    candidate.clear();
  }

  /** The serving model for {@code version}, or the active one; a look, not a reference. */
  public Optional<LoadedModel> model(Optional<String> version) {
    if (version.isEmpty()) {
      return active.model();
    }
    // candidate first: a promotion serves the model from the active slot before the candidate
    // slot lets it go, so reading in the other order always finds it in one of the two
    return candidate
        .model()
        .filter(m -> m.version().equals(version.get()))
        .or(() -> active.model().filter(m -> m.version().equals(version.get())));
  }

  /**
   * A reference of the serving model for an OIP call: the given version, or the active one. The
   * caller releases it. Empty only when nothing serves that version.
   */
  public Optional<LoadedModel> acquire(Optional<String> version) {
    if (version.isEmpty()) {
      return active.acquire(m -> true);
    }
    String v = version.get();
    return candidate
        .acquire(m -> m.version().equals(v))
        .or(() -> active.acquire(m -> m.version().equals(v)));
  }

  /** Versions serving now (active first, no duplicates): what OIP metadata names. */
  public List<String> servingVersions() {
    List<String> v = new ArrayList<>(2);
    active.model().ifPresent(m -> v.add(m.version()));
    candidate.model().map(LoadedModel::version).filter(x -> !v.contains(x)).ifPresent(v::add);
    return v;
  }

  /** Versions the config names for this use case (active first). */
  public List<String> versions() {
    UseCaseConfig u = config;
    List<String> v = new ArrayList<>();
    v.add(u.activeModel().version());
    u.candidate().ifPresent(m -> v.add(m.version()));
    return v;
  }

  /** True when no slot is still loading its first attempt. */
  boolean settled() {
    return active.settled() && candidate.settled();
  }

  /**
   * Computes each KPI's baseline from {@code series} and applies it where no baseline is set yet;
   * the caller holds this object's lock.
   */
  List<KpiBaseline> applyHistory(HistorySeries series, long nowMs) {
    List<KpiBaseline> out = new ArrayList<>();
    for (KpiTracker k : evaluation.kpis()) {
      KpiBaseline b =
          HistoryBaseline.compute(name, k.definition().name(), k.expression(), series, nowMs);
      // a history of other signals (another use case's) says nothing about this KPI
      boolean concerned =
          series.signals().stream().anyMatch(h -> k.expression().signals().contains(h.signal()));
      Optional<String> refused = concerned ? k.applyHistory(b) : Optional.ofNullable(b.reason());
      out.add(
          refused.isEmpty()
              ? b
              : new KpiBaseline(
                  b.useCase(),
                  b.kpi(),
                  b.value(),
                  b.source(),
                  b.fromMs(),
                  b.toMs(),
                  b.samples(),
                  b.atMs(),
                  "not applied: " + refused.get(),
                  b.excluded()));
    }
    return out;
  }

  /** Turns per-evaluation explanations off (benchmarks measure them separately). */
  public void explain(boolean on) {
    evaluation.explain(on);
  }

  /** Nanoseconds spent in the active model's run during the last evaluation. */
  public long lastRunNanos() {
    return evaluation.lastRunNanos();
  }

  /**
   * One evaluation cycle at {@code nowMs}; the caller holds this object's lock.
   *
   * @return the recommendation, or empty when the cycle was skipped
   */
  public Optional<Recommendation> evaluate(long nowMs, Sink sink) {
    return evaluation.run(config, active, candidate, nowMs, sink);
  }

  /** Why the last cycle was skipped, if it was. */
  public String lastSkip() {
    return evaluation.lastSkip().orElse(null);
  }

  /** The use case's block of the status document. */
  public UseCaseStatus status(long nowMs) {
    UseCaseConfig u = config;
    Optional<ModelSlot.Serving<ActiveWatch>> a = active.serving();
    Optional<ModelSlot.Serving<ShadowTracker>> c = candidate.serving();
    return new UseCaseStatus(
        name,
        active.state().orElse(null),
        candidate.state().orElse(null),
        c.map(s -> s.kept().stats()).orElse(null),
        a.map(s -> s.kept().driftReport(u.drift(), store.constantSubstitutes())).orElse(null),
        evaluation.kpiReports(nowMs),
        a.map(s -> s.kept().evaluations().get()).orElse(0L),
        evaluation.skipped(),
        evaluation.skipStreak().orElse(null),
        evaluation.firstValidInferenceAtMs().orElse(null),
        evaluation.lastRecommendation().orElse(null),
        evaluation.heldFraction());
  }

  // read by the metrics collector
  ModelSlot<ActiveWatch> active() {
    return active;
  }

  ModelSlot<ShadowTracker> candidate() {
    return candidate;
  }

  Evaluation evaluation() {
    return evaluation;
  }

  void schedule(ScheduledFuture<?> future, int cadence) {
    schedule = future;
    scheduledCadence = cadence;
  }

  ScheduledFuture<?> scheduled() {
    return schedule;
  }

  int scheduledCadence() {
    return scheduledCadence;
  }
}
