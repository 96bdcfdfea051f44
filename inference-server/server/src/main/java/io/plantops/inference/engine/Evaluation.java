package io.plantops.inference.engine;

import ai.onnxruntime.OrtException;
import io.plantops.contract.Autonomy;
import io.plantops.contract.InferenceStatus.KpiReport;
import io.plantops.contract.InferenceStatus.SkipStreak;
import io.plantops.contract.Recommendation;
import io.plantops.contract.Recommendation.Contribution;
import io.plantops.contract.Recommendation.OutputValue;
import io.plantops.contract.SkipReason;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.UseCaseConfig.KpiDefinition;
import io.plantops.contract.UseCaseConfig.Output;
import io.plantops.expressions.ExpressionException;
import io.plantops.expressions.SignalExpression;
import io.plantops.inference.metrics.InferenceMetrics;
import io.plantops.inference.model.LoadedModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One use case's evaluation cycle and what it accumulates across cycles: features assembled from
 * the signal windows, the active and the candidate model run on the same row, calibration, drift,
 * shadow statistics, pairing with the measured target, KPIs, the recommendation and its
 * explanation, and the reasons of skipped cycles.
 *
 * <p>Threads: cycles run one at a time under the use case's lock, which {@link #configure} holds
 * too; the row buffers belong to that lock. Status readers see the volatile fields.
 */
final class Evaluation {

  private static final System.Logger LOG = System.getLogger(Evaluation.class.getName());

  /** A measured target pairs with a prediction at most this far from its sample time, at least. */
  private static final long MIN_PAIRING_TOLERANCE_MS = 120_000L;

  private final String useCase;
  private final SignalStore store;
  private final InferenceMetrics metrics;
  private final EnumMap<SkipReason, AtomicLong> skipped = new EnumMap<>(SkipReason.class);
  private final TargetPairing pairing = new TargetPairing();
  private final TargetError activeTargetError = new TargetError();
  private volatile List<KpiTracker> kpis = List.of();
  private volatile String lastSkip;
  private volatile SkipStreak skipStreak;
  private volatile Recommendation lastRecommendation;
  private volatile Long firstValidInferenceAtMs;
  private volatile boolean deploymentStarted;
  private volatile boolean explain = true;
  private double[] row = new double[0];
  private double[] held = new double[0];
  private volatile Map<String, Double> heldFraction = Map.of();
  private float[] frow = new float[0];
  private float[] out = new float[0];
  private float[] candidateOut = new float[0];
  private long lastRunNanos;

  Evaluation(String useCase, SignalStore store, InferenceMetrics metrics) {
    this.useCase = useCase;
    this.store = store;
    this.metrics = metrics;
    for (SkipReason r : SkipReason.values()) {
      skipped.put(r, new AtomicLong());
    }
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
   * Adapts to a config of the use case: row buffers sized to its inputs and outputs; KPIs whose
   * definition is unchanged keep their values and baseline, others start afresh.
   */
  void configure(UseCaseConfig next, Map<String, SignalExpression> compiledKpis) {
    int n = next.inputs().size();
    if (row.length != n) {
      row = new double[n];
      held = new double[n];
      frow = new float[n];
    }
    if (out.length != next.outputs().size()) {
      out = new float[next.outputs().size()];
      candidateOut = new float[next.outputs().size()];
    }
    List<KpiTracker> kept = new ArrayList<>();
    for (KpiDefinition k : next.kpis()) {
      KpiTracker same = kpis.stream().filter(t -> keeps(t, k)).findFirst().orElse(null);
      kept.add(same != null ? same : new KpiTracker(k, compiledKpis.get(k.name())));
    }
    kpis = List.copyOf(kept);
  }

  /**
   * Whether {@code tracker} runs on for {@code next}: the same definition, or the same but for a
   * baseline the operator now hands back (the one the tracker set, kept in status). A kept baseline
   * that is withdrawn starts a new tracker, which measures again.
   */
  private static boolean keeps(KpiTracker tracker, KpiDefinition next) {
    KpiDefinition now = tracker.definition();
    return now.equals(next)
        || (next.kept() != null && now.withKept(null).equals(next.withKept(null)));
  }

  /** Turns per-evaluation explanations off (benchmarks measure them separately). */
  void explain(boolean on) {
    explain = on;
  }

  /**
   * One cycle at {@code nowMs}: KPIs, features, active and candidate runs, calibration, drift,
   * shadow statistics, explanation, recommendation.
   *
   * @return the recommendation, or empty when the cycle was skipped
   */
  Optional<Recommendation> run(
      UseCaseConfig u,
      ModelSlot<ActiveWatch> active,
      ModelSlot<ShadowTracker> candidate,
      long nowMs,
      UseCaseRuntime.Sink sink) {
    evaluateKpis(u, nowMs);
    Optional<ModelSlot.Serving<ActiveWatch>> serving = active.serving();
    if (serving.isEmpty()) {
      return skip(
          nowMs,
          SkipReason.ModelNotLoaded,
          "",
          null,
          "no active model serving"
              + active
                  .wanted()
                  .map(w -> " (" + w.model().version() + " " + w.state() + ")")
                  .orElse(""));
    }
    LoadedModel model = serving.get().model();
    ActiveWatch watch = serving.get().kept();
    String version = model.version();
    long start = System.nanoTime();
    List<Feature> inputs = u.inputs();
    for (int j = 0; j < inputs.size(); j++) {
      SkipReason why = store.aggregate(inputs.get(j), nowMs, row, j, held);
      if (why != null) {
        String signal = inputs.get(j).signal();
        String detail = why == SkipReason.SubstituteFailed ? store.lastSubstituteFailure() : signal;
        return skip(nowMs, why, version, signal, detail);
      }
      frow[j] = (float) row[j];
    }
    Map<String, Double> h = new LinkedHashMap<>();
    for (int j = 0; j < inputs.size(); j++) {
      h.put(inputs.get(j).signal(), held[j]);
    }
    heldFraction = Collections.unmodifiableMap(h);
    if (!model.acquire()) {
      return skip(
          nowMs, SkipReason.ModelNotLoaded, version, null, "model retired during the cycle");
    }
    try {
      long runStart = System.nanoTime();
      model.run(frow, 1, out);
      lastRunNanos = System.nanoTime() - runStart;
    } catch (OrtException e) {
      LOG.log(
          System.Logger.Level.ERROR, "use case " + useCase + ": model " + version + " failed", e);
      return skip(nowMs, SkipReason.ModelError, version, null, "ONNX Runtime: " + e.getMessage());
    } finally {
      model.release();
    }
    List<Output> outputs = u.outputs();
    for (int k = 0; k < outputs.size(); k++) {
      if (!Float.isFinite(out[k])) {
        return skip(
            nowMs,
            SkipReason.ModelError,
            version,
            null,
            "output " + outputs.get(k).name() + " is " + out[k]);
      }
    }
    List<OutputValue> values = new ArrayList<>(outputs.size());
    for (int k = 0; k < outputs.size(); k++) {
      values.add(Calibration.value(outputs.get(k), out[k]));
    }
    watch.observe(row, u.drift().meanShiftTolerance());
    Optional<ModelSlot.Serving<ShadowTracker>> shadow = candidate.serving();
    double candidateValue = shadow(u, values.get(0).value(), shadow);
    Output first = outputs.get(0);
    if (first.measuredSignal() != null) {
      pairing.record(nowMs, values.get(0).value(), candidateValue);
      pairTargets(u, first, nowMs, shadow);
    }
    watch.evaluations().incrementAndGet();
    watch.points().evaluations().inc();
    watch.points().duration().observe((System.nanoTime() - start) / 1e9);
    List<Contribution> explanation = explain ? explainSafely(model, watch) : List.of();
    Recommendation rec =
        sink.publish(useCase, version, u.phase(), nowMs, snapshotId(nowMs), values, explanation);
    lastRecommendation = rec;
    skipStreak = null;
    if (firstValidInferenceAtMs == null) {
      firstValidInferenceAtMs = nowMs;
    }
    metrics.recommendation(useCase, version, u.phase().name());
    if (!deploymentStarted && u.phase() != Autonomy.Shadow) {
      deploymentStarted = true;
      for (KpiTracker k : kpis) {
        k.deploymentStarted(nowMs);
      }
    }
    return Optional.of(rec);
  }

  private List<Contribution> explainSafely(LoadedModel model, ActiveWatch watch) {
    if (!model.acquire()) {
      return List.of();
    }
    try {
      return watch.explainer().explain(model, row);
    } catch (OrtException e) {
      // the recommendation stands without its explanation; the failure is visible in the log
      LOG.log(System.Logger.Level.WARNING, "use case " + useCase + ": explanation failed", e);
      return List.of();
    } finally {
      model.release();
    }
  }

  /** Scores the candidate on the same row; returns its calibrated first output or NaN. */
  private double shadow(
      UseCaseConfig u, double activeValue, Optional<ModelSlot.Serving<ShadowTracker>> shadow) {
    if (shadow.isEmpty() || !shadow.get().model().acquire()) {
      return Double.NaN;
    }
    LoadedModel model = shadow.get().model();
    try {
      model.run(frow, 1, candidateOut);
    } catch (OrtException e) {
      LOG.log(System.Logger.Level.WARNING, "use case " + useCase + ": candidate failed", e);
      return Double.NaN;
    } finally {
      model.release();
    }
    if (!Float.isFinite(candidateOut[0])) {
      return Double.NaN;
    }
    double v = Calibration.apply(u.outputs().get(0), candidateOut[0]);
    shadow.get().kept().record(activeValue, v);
    return v;
  }

  private void pairTargets(
      UseCaseConfig u,
      Output first,
      long nowMs,
      Optional<ModelSlot.Serving<ShadowTracker>> shadow) {
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
    long tolerance = Math.max(2L * u.cadenceSeconds() * 1000L, MIN_PAIRING_TOLERANCE_MS);
    double[] p = pairing.pair((long) measured[0], tolerance);
    if (p == null) {
      return;
    }
    shadow
        .map(ModelSlot.Serving::kept)
        .filter(t -> !Double.isNaN(p[1]) && p[2] >= t.stats().sinceMs())
        .ifPresent(t -> t.recordTarget(measured[1], p[0], p[1]));
    activeTargetError.add(Math.abs(p[0] - measured[1]));
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
        LOG.log(System.Logger.Level.DEBUG, "use case {0}: {1}", useCase, e.getMessage());
      }
    }
  }

  /**
   * Counts a skipped cycle.
   *
   * @param signal the input the skip is about, null when it is about the model
   * @param detail what the log and {@link #lastSkip()} say
   */
  private Optional<Recommendation> skip(
      long nowMs, SkipReason reason, String version, String signal, String detail) {
    skipped.get(reason).incrementAndGet();
    lastSkip = reason + ": " + detail;
    SkipStreak streak = skipStreak;
    skipStreak =
        new SkipStreak(
            streak == null ? 1 : streak.cycles() + 1,
            streak == null ? nowMs : streak.sinceMs(),
            reason,
            signal);
    metrics.skipped(useCase, version, reason.name());
    return Optional.empty();
  }

  private String snapshotId(long nowMs) {
    // FNV-1a over the feature bits: the same features at the same time give the same id
    long h = 0xcbf29ce484222325L;
    h = (h ^ nowMs) * 0x100000001b3L;
    for (double v : row) {
      h = (h ^ Double.doubleToLongBits(v)) * 0x100000001b3L;
    }
    return useCase + "-" + nowMs + "-" + Long.toHexString(h);
  }

  /** Why the last cycle was skipped, if it was. */
  Optional<String> lastSkip() {
    return Optional.ofNullable(lastSkip);
  }

  /** Nanoseconds spent in the active model's run during the last cycle. */
  long lastRunNanos() {
    return lastRunNanos;
  }

  /**
   * Per input of the last cycle that aggregated them all: the share of its window during which the
   * value in force was held (reported by exception, not refreshed within its sampling interval).
   */
  Map<String, Double> heldFraction() {
    return heldFraction;
  }

  /** The cycles skipped in a row since the last valid one, if the latest was skipped. */
  Optional<SkipStreak> skipStreak() {
    return Optional.ofNullable(skipStreak);
  }

  /** Skipped cycles by reason, only the reasons that occurred. */
  Map<SkipReason, Long> skipped() {
    Map<SkipReason, Long> skips = new EnumMap<>(SkipReason.class);
    skipped.forEach(
        (r, n) -> {
          if (n.get() > 0) {
            skips.put(r, n.get());
          }
        });
    return skips;
  }

  List<KpiTracker> kpis() {
    return kpis;
  }

  List<KpiReport> kpiReports(long nowMs) {
    List<KpiReport> reports = new ArrayList<>();
    for (KpiTracker k : kpis) {
      reports.add(k.report(nowMs));
    }
    return reports;
  }

  Optional<Recommendation> lastRecommendation() {
    return Optional.ofNullable(lastRecommendation);
  }

  Optional<Long> firstValidInferenceAtMs() {
    return Optional.ofNullable(firstValidInferenceAtMs);
  }

  /** {samples, mean absolute error} of the active model against its measured target. */
  double[] activeTargetError() {
    return activeTargetError.read();
  }

  /** Mean absolute error of the active model against the measured target. */
  private static final class TargetError {
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
}
