package io.plantops.inference.engine;

import ai.onnxruntime.OrtException;
import io.plantops.contract.Autonomy;
import io.plantops.contract.InferenceStatus.KpiReport;
import io.plantops.contract.InferenceStatus.ModelState;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.ModelRefusal;
import io.plantops.contract.Recommendation;
import io.plantops.contract.Recommendation.Contribution;
import io.plantops.contract.Recommendation.OutputValue;
import io.plantops.contract.SkipReason;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.UseCaseConfig.KpiDefinition;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.contract.UseCaseConfig.Output;
import io.plantops.expressions.ExpressionException;
import io.plantops.expressions.SignalExpression;
import io.plantops.inference.drift.DriftMonitor;
import io.plantops.inference.metrics.InferenceMetrics;
import io.plantops.inference.model.LoadedModel;
import io.plantops.inference.model.ModelRefusedException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything one use case (one SiteDeployment) keeps across config reloads: its model slots, drift,
 * shadow statistics, KPIs and counters. A reload that keeps a model version keeps all of it; only a
 * new active version resets drift (new reference) and only a new candidate resets shadow
 * statistics.
 *
 * <p>Threads: evaluations run on the engine's scheduler thread, one at a time per use case;
 * reconfiguration and model installation are synchronized on this object; HTTP threads read the
 * volatile slots and acquire a model reference before running it.
 */
public final class UseCaseRuntime {

  private static final System.Logger LOG = System.getLogger(UseCaseRuntime.class.getName());

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

  /**
   * Loads a model version in the background and reports back to {@code installed}/{@code failed}.
   */
  public interface Loader {
    void load(UseCaseRuntime runtime, Role role, Model model);
  }

  /** Which slot. */
  public enum Role {
    ACTIVE,
    CANDIDATE
  }

  /** The serving active model with what belongs to it. */
  record Active(
      LoadedModel model,
      DriftMonitor drift,
      Explainer explainer,
      InferenceMetrics.ModelPoints points,
      AtomicLong evaluations,
      long sinceMs) {}

  /** The serving candidate model and its shadow statistics. */
  record Candidate(LoadedModel model, ShadowTracker shadow) {}

  /** The wanted version of a slot and how loading it went. */
  record Slot(Model wanted, ModelLoadState state, ModelRefusal reason) {}

  private final String name;
  private final SignalStore store;
  private final InferenceMetrics metrics;
  private volatile UseCaseConfig config;
  private volatile Active active;
  private volatile Candidate candidate;
  private volatile Slot activeSlot;
  private volatile Slot candidateSlot;
  private volatile List<KpiTracker> kpis = List.of();
  private final EnumMap<SkipReason, AtomicLong> skipped = new EnumMap<>(SkipReason.class);
  private volatile String lastSkip;
  private volatile Recommendation lastRecommendation;
  private volatile Long firstValidInferenceAtMs;
  private volatile boolean deploymentStarted;
  private volatile boolean explain = true;
  private final TargetPairing pairing = new TargetPairing();
  private ScheduledFuture<?> schedule;
  private int scheduledCadence;
  // evaluation-thread buffers, sized per config
  private double[] row = new double[0];
  private float[] frow = new float[0];
  private float[] out = new float[0];
  private float[] candidateOut = new float[0];
  private long lastRunNanos;

  UseCaseRuntime(String name, SignalStore store, InferenceMetrics metrics) {
    this.name = name;
    this.store = store;
    this.metrics = metrics;
    for (SkipReason r : SkipReason.values()) {
      skipped.put(r, new AtomicLong());
    }
  }

  public String name() {
    return name;
  }

  public UseCaseConfig config() {
    return config;
  }

  /** Compiles the KPI expressions of {@code u}; a failure names the KPI and the problem. */
  static Map<String, SignalExpression> compileKpis(UseCaseConfig u) throws ExpressionException {
    List<String> declared = new ArrayList<>();
    u.inputs().forEach(f -> declared.add(f.signal()));
    u.observed().forEach(f -> declared.add(f.signal()));
    Map<String, SignalExpression> compiled = new HashMap<>();
    for (KpiDefinition k : u.kpis()) {
      try {
        compiled.put(k.name(), SignalExpression.compile(k.expression(), declared));
      } catch (ExpressionException e) {
        throw new ExpressionException(
            "use case " + u.name() + ", KPI " + k.name() + ": " + e.getMessage(), e);
      }
    }
    return compiled;
  }

  /**
   * Applies a new config of this use case. Models whose version and digest are unchanged are kept
   * with their statistics; others are loaded in the background while the current ones serve.
   */
  synchronized void reconfigure(
      UseCaseConfig next, Map<String, SignalExpression> compiledKpis, Loader loader, long nowMs) {
    UseCaseConfig previous = config;
    boolean shapeChanged =
        previous != null
            && (!previous.inputs().equals(next.inputs())
                || previous.outputs().size() != next.outputs().size());
    config = next;
    int n = next.inputs().size();
    if (row.length != n) {
      row = new double[n];
      frow = new float[n];
    }
    if (out.length != next.outputs().size()) {
      out = new float[next.outputs().size()];
      candidateOut = new float[next.outputs().size()];
    }
    if (shapeChanged) {
      // a different feature layout is a different model contract: load both slots again
      retireActive();
      retireCandidate();
    }
    reconcileActive(next.activeModel(), loader, nowMs);
    reconcileCandidate(next.candidateModel(), loader, nowMs);
    List<KpiTracker> kept = new ArrayList<>();
    for (KpiDefinition k : next.kpis()) {
      KpiTracker same =
          kpis.stream().filter(t -> t.definition().equals(k)).findFirst().orElse(null);
      kept.add(same != null ? same : new KpiTracker(k, compiledKpis.get(k.name())));
    }
    kpis = List.copyOf(kept);
  }

  private void reconcileActive(Model want, Loader loader, long nowMs) {
    Active a = active;
    if (a != null && a.model().is(want.version(), want.sha256())) {
      activeSlot = new Slot(want, ModelLoadState.Loaded, null);
      return;
    }
    Candidate c = candidate;
    if (c != null && c.model().is(want.version(), want.sha256())) {
      // promotion: the candidate already runs, verified; no reload
      installActive(c.model(), nowMs);
      candidate = null;
      candidateSlot = null;
      activeSlot = new Slot(want, ModelLoadState.Loaded, null);
      return;
    }
    Slot s = activeSlot;
    if (s != null && s.wanted().equals(want) && ModelLoadState.Loading.equals(s.state())) {
      return;
    }
    activeSlot = new Slot(want, ModelLoadState.Loading, null);
    loader.load(this, Role.ACTIVE, want);
  }

  private void reconcileCandidate(Model want, Loader loader, long nowMs) {
    if (want == null) {
      retireCandidate();
      candidateSlot = null;
      return;
    }
    Candidate c = candidate;
    if (c != null && c.model().is(want.version(), want.sha256())) {
      candidateSlot = new Slot(want, ModelLoadState.Loaded, null);
      return;
    }
    Active a = active;
    if (a != null && a.model().is(want.version(), want.sha256()) && a.model().acquire()) {
      // the same file in both slots (e.g. a rollback in progress): share the session
      installCandidate(a.model(), nowMs);
      candidateSlot = new Slot(want, ModelLoadState.Loaded, null);
      return;
    }
    Slot s = candidateSlot;
    if (s != null && s.wanted().equals(want) && ModelLoadState.Loading.equals(s.state())) {
      return;
    }
    candidateSlot = new Slot(want, ModelLoadState.Loading, null);
    loader.load(this, Role.CANDIDATE, want);
  }

  /** The loader's success callback: installs the model if it is still the wanted one. */
  public synchronized void installed(Role role, Model want, LoadedModel model, long nowMs) {
    Slot s = role == Role.ACTIVE ? activeSlot : candidateSlot;
    if (s == null || !s.wanted().equals(want)) {
      model.retire(); // the config moved on while it loaded
      return;
    }
    if (role == Role.ACTIVE) {
      installActive(model, nowMs);
      activeSlot = new Slot(want, ModelLoadState.Loaded, null);
    } else {
      installCandidate(model, nowMs);
      candidateSlot = new Slot(want, ModelLoadState.Loaded, null);
    }
    LOG.log(
        System.Logger.Level.INFO,
        "use case {0}: {1} model {2} loaded (sha256 {3})",
        name,
        role,
        want.version(),
        model.sha256());
  }

  /** The loader's failure callback: the previous version keeps serving. */
  public synchronized void failed(Role role, Model want, ModelRefusedException e) {
    Slot s = role == Role.ACTIVE ? activeSlot : candidateSlot;
    if (s == null || !s.wanted().equals(want)) {
      return;
    }
    Slot failed = new Slot(want, ModelLoadState.Failed, e.refusal());
    if (role == Role.ACTIVE) {
      activeSlot = failed;
    } else {
      candidateSlot = failed;
    }
    metrics.modelLoadFailure(name, want.version(), e.reason().name());
    String serving = role == Role.ACTIVE && active != null ? active.model().version() : "none";
    LOG.log(
        System.Logger.Level.ERROR,
        "use case "
            + name
            + ": "
            + role
            + " model "
            + want.version()
            + " refused, "
            + e.describe()
            + (role == Role.ACTIVE ? "; still serving " + serving : ""));
  }

  private void installActive(LoadedModel model, long nowMs) {
    UseCaseConfig u = config;
    Active old = active;
    List<UseCaseConfig.Reference> refs = u.activeModel().reference();
    DriftMonitor drift = new DriftMonitor(u.inputs(), refs);
    if (!drift.unmonitoredColumns().isEmpty()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "use case {0}: model {1} has no reference statistics for inputs {2}: no drift for them",
          name,
          model.version(),
          drift.unmonitoredColumns().stream().map(j -> u.inputs().get(j).signal()).toList());
    }
    active =
        new Active(
            model,
            drift,
            new Explainer(u.inputs(), refs),
            metrics.modelPoints(name, model.version()),
            new AtomicLong(),
            nowMs);
    if (old != null && old.model() != model) {
      old.model().retire();
    }
  }

  private void installCandidate(LoadedModel model, long nowMs) {
    Candidate old = candidate;
    candidate = new Candidate(model, new ShadowTracker(model.version(), nowMs));
    if (old != null) {
      old.model().retire();
    }
  }

  private void retireActive() {
    Active a = active;
    active = null;
    if (a != null) {
      a.model().retire();
    }
  }

  private void retireCandidate() {
    Candidate c = candidate;
    candidate = null;
    if (c != null) {
      c.model().retire();
    }
  }

  /** Releases every model (the use case left the config, or the server stops). */
  synchronized void close() {
    retireActive();
    retireCandidate();
    activeSlot = null;
    candidateSlot = null;
  }

  /** The serving model for an OIP call: the given version, or the active one. */
  public Optional<LoadedModel> model(Optional<String> version) {
    Active a = active;
    Candidate c = candidate;
    if (version.isEmpty()) {
      return a == null ? Optional.empty() : Optional.of(a.model());
    }
    if (a != null && a.model().version().equals(version.get())) {
      return Optional.of(a.model());
    }
    if (c != null && c.model().version().equals(version.get())) {
      return Optional.of(c.model());
    }
    return Optional.empty();
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
    Slot a = activeSlot;
    Slot c = candidateSlot;
    return (a == null || !ModelLoadState.Loading.equals(a.state()))
        && (c == null || !ModelLoadState.Loading.equals(c.state()));
  }

  /** Turns per-evaluation explanations off (benchmarks measure them separately). */
  public void explain(boolean on) {
    explain = on;
  }

  /** Nanoseconds spent in the active model's run during the last evaluation. */
  public long lastRunNanos() {
    return lastRunNanos;
  }

  /**
   * One evaluation cycle at {@code nowMs}: KPIs, features, active and candidate runs, calibration,
   * drift, shadow statistics, explanation, recommendation.
   *
   * @return the recommendation, or empty when the cycle was skipped
   */
  public Optional<Recommendation> evaluate(long nowMs, Sink sink) {
    UseCaseConfig u = config;
    evaluateKpis(u, nowMs);
    Active a = active;
    if (a == null) {
      Slot s = activeSlot;
      return skip(
          SkipReason.ModelNotLoaded,
          "",
          "no active model serving"
              + (s == null ? "" : " (" + s.wanted().version() + " " + s.state() + ")"));
    }
    String version = a.model().version();
    long start = System.nanoTime();
    List<Feature> inputs = u.inputs();
    for (int j = 0; j < inputs.size(); j++) {
      SkipReason why = store.aggregate(inputs.get(j), nowMs, row, j);
      if (why != null) {
        return skip(why, version, inputs.get(j).signal());
      }
      frow[j] = (float) row[j];
    }
    if (!a.model().acquire()) {
      return skip(SkipReason.ModelNotLoaded, version, "model retired during the cycle");
    }
    try {
      long runStart = System.nanoTime();
      a.model().run(frow, 1, out);
      lastRunNanos = System.nanoTime() - runStart;
    } catch (OrtException e) {
      LOG.log(System.Logger.Level.ERROR, "use case " + name + ": model " + version + " failed", e);
      return skip(SkipReason.ModelError, version, "ONNX Runtime: " + e.getMessage());
    } finally {
      a.model().release();
    }
    List<Output> outputs = u.outputs();
    for (int k = 0; k < outputs.size(); k++) {
      if (!Float.isFinite(out[k])) {
        return skip(
            SkipReason.ModelError, version, "output " + outputs.get(k).name() + " is " + out[k]);
      }
    }
    List<OutputValue> values = new ArrayList<>(outputs.size());
    for (int k = 0; k < outputs.size(); k++) {
      values.add(Calibration.value(outputs.get(k), out[k]));
    }
    synchronized (a.drift()) {
      a.drift().update(row, u.drift().meanShiftTolerance());
    }
    double candidateValue = shadow(u, values.get(0).value());
    Output first = outputs.get(0);
    if (first.measuredSignal() != null) {
      pairing.record(nowMs, values.get(0).value(), candidateValue);
      pairTargets(u, first, nowMs);
    }
    a.evaluations().incrementAndGet();
    a.points().evaluations().inc();
    a.points().duration().observe((System.nanoTime() - start) / 1e9);
    List<Contribution> explanation = List.of();
    if (explain) {
      explanation = explainSafely(a, version);
    }
    Recommendation rec =
        sink.publish(name, version, u.phase(), nowMs, snapshotId(nowMs), values, explanation);
    lastRecommendation = rec;
    if (firstValidInferenceAtMs == null) {
      firstValidInferenceAtMs = nowMs;
    }
    metrics.recommendation(name, version, u.phase().name());
    if (!deploymentStarted && u.phase() != Autonomy.Shadow) {
      deploymentStarted = true;
      for (KpiTracker k : kpis) {
        k.deploymentStarted(nowMs);
      }
    }
    return Optional.of(rec);
  }

  private List<Contribution> explainSafely(Active a, String version) {
    if (!a.model().acquire()) {
      return List.of();
    }
    try {
      return a.explainer().explain(a.model(), row);
    } catch (OrtException e) {
      // the recommendation stands without its explanation; the failure is visible in the log
      LOG.log(System.Logger.Level.WARNING, "use case " + name + ": explanation failed", e);
      return List.of();
    } finally {
      a.model().release();
    }
  }

  /** Scores the candidate on the same row; returns its calibrated first output or NaN. */
  private double shadow(UseCaseConfig u, double activeValue) {
    Candidate c = candidate;
    if (c == null || !c.model().acquire()) {
      return Double.NaN;
    }
    try {
      c.model().run(frow, 1, candidateOut);
    } catch (OrtException e) {
      LOG.log(System.Logger.Level.WARNING, "use case " + name + ": candidate failed", e);
      return Double.NaN;
    } finally {
      c.model().release();
    }
    if (!Float.isFinite(candidateOut[0])) {
      return Double.NaN;
    }
    double v = Calibration.apply(u.outputs().get(0), candidateOut[0]);
    c.shadow().record(activeValue, v);
    return v;
  }

  private void pairTargets(UseCaseConfig u, Output first, long nowMs) {
    Feature observed =
        u.observed().stream()
            .filter(f -> f.signal().equals(first.measuredSignal()))
            .findFirst()
            .orElse(null);
    double[] measured =
        store.newestGoodAfter(
            first.measuredSignal(),
            pairing.lastPairedMs(),
            observed == null ? null : observed.validMin(),
            observed == null ? null : observed.validMax());
    if (measured == null) {
      return;
    }
    long tolerance = Math.max(2L * u.cadenceSeconds() * 1000L, 120_000L);
    double[] p = pairing.pair((long) measured[0], tolerance);
    if (p == null) {
      return;
    }
    Candidate c = candidate;
    if (c != null && !Double.isNaN(p[1]) && p[2] >= c.shadow().stats().sinceMs()) {
      c.shadow().recordTarget(measured[1], p[0], p[1]);
    }
    activeTargetError.add(Math.abs(p[0] - measured[1]));
  }

  private final TargetError activeTargetError = new TargetError();

  /** Mean absolute error of the active model against the measured target. */
  static final class TargetError {
    private long n;
    private double sum;

    synchronized void add(double absError) {
      n++;
      sum += absError;
    }

    synchronized double[] read() {
      return new double[] {n, n == 0 ? Double.NaN : sum / n};
    }
  }

  /** {samples, mean absolute error} of the active model against its measured target. */
  public double[] activeTargetError() {
    return activeTargetError.read();
  }

  private void evaluateKpis(UseCaseConfig u, long nowMs) {
    List<KpiTracker> trackers = kpis;
    if (trackers.isEmpty()) {
      return;
    }
    Map<String, Feature> features = new LinkedHashMap<>();
    u.inputs().forEach(f -> features.put(f.signal(), f));
    u.observed().forEach(f -> features.putIfAbsent(f.signal(), f));
    double[] one = new double[1];
    for (KpiTracker k : trackers) {
      Map<String, Double> values = new HashMap<>();
      boolean usable = true;
      for (String s : k.expression().signals()) {
        Feature f = features.get(s);
        if (f == null || store.aggregate(f, nowMs, one, 0) != null) {
          usable = false;
          break;
        }
        values.put(s, one[0]);
      }
      if (!usable) {
        continue;
      }
      try {
        k.add(nowMs, k.expression().evaluate(values));
      } catch (ExpressionException e) {
        // e.g. a division by a zero production rate while the kiln is down: no KPI value now
        LOG.log(System.Logger.Level.DEBUG, "use case {0}: {1}", name, e.getMessage());
      }
    }
  }

  private Optional<Recommendation> skip(SkipReason reason, String version, String detail) {
    skipped.get(reason).incrementAndGet();
    lastSkip = reason + ": " + detail;
    metrics.skipped(name, version, reason.name());
    return Optional.empty();
  }

  /** Why the last cycle was skipped, if it was. */
  public String lastSkip() {
    return lastSkip;
  }

  private String snapshotId(long nowMs) {
    // FNV-1a over the feature bits: the same features at the same time give the same id
    long h = 0xcbf29ce484222325L;
    h = (h ^ nowMs) * 0x100000001b3L;
    for (double v : row) {
      h = (h ^ Double.doubleToLongBits(v)) * 0x100000001b3L;
    }
    return name + "-" + nowMs + "-" + Long.toHexString(h);
  }

  /** The use case's block of the status document. */
  public UseCaseStatus status(long nowMs) {
    UseCaseConfig u = config;
    Active a = active;
    Candidate c = candidate;
    Map<SkipReason, Long> skips = new EnumMap<>(SkipReason.class);
    skipped.forEach(
        (r, n) -> {
          if (n.get() > 0) {
            skips.put(r, n.get());
          }
        });
    List<KpiReport> kpiReports = new ArrayList<>();
    for (KpiTracker k : kpis) {
      kpiReports.add(k.report(nowMs));
    }
    var drift = a == null ? null : withLock(a.drift(), () -> a.drift().report(u.drift()));
    return new UseCaseStatus(
        name,
        state(activeSlot, a == null ? null : a.model()),
        candidateSlot == null ? null : state(candidateSlot, c == null ? null : c.model()),
        c == null ? null : c.shadow().stats(),
        drift,
        kpiReports,
        a == null ? 0 : a.evaluations().get(),
        skips,
        firstValidInferenceAtMs,
        lastRecommendation);
  }

  private static <T> T withLock(Object lock, java.util.function.Supplier<T> s) {
    synchronized (lock) {
      return s.get();
    }
  }

  private static ModelState state(Slot slot, LoadedModel serving) {
    if (slot == null) {
      return null;
    }
    boolean wantedServes =
        serving != null && serving.is(slot.wanted().version(), slot.wanted().sha256());
    return new ModelState(
        slot.wanted().version(),
        wantedServes ? serving.sha256() : null,
        slot.state(),
        slot.reason(),
        wantedServes ? serving.loadedAtMs() : null,
        serving == null ? null : serving.version());
  }

  // read by the metrics collector
  Active active() {
    return active;
  }

  Candidate candidate() {
    return candidate;
  }

  List<KpiTracker> kpis() {
    return kpis;
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
