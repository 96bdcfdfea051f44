package io.plantops.inference.engine;

import io.plantops.contract.BaselineSource;
import io.plantops.contract.InferenceStatus.KpiReport;
import io.plantops.contract.KpiAssessment;
import io.plantops.contract.KpiBaseline;
import io.plantops.contract.UseCaseConfig.KeptBaseline;
import io.plantops.contract.UseCaseConfig.KpiDefinition;
import io.plantops.expressions.SignalExpression;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;

/**
 * One KPI of one use case: its CEL expression evaluated at every evaluation cycle over the windowed
 * signal values; current = mean over the last {@code windowMinutes}.
 *
 * <p>Baseline: the calibrated value when the plant gave one ({@code Calibration}). Otherwise
 * ({@code Measured}): while no Advisory or ClosedLoop recommendation has been produced, the tracker
 * keeps the KPI values of the last {@code baselineWindowHours}; when the first one is produced the
 * baseline is frozen as their mean, i.e. the plant's performance over the window just before the
 * model could influence it. Until then the baseline is null ("being measured"). A use case that
 * starts in Advisory with no calibrated baseline and no prior shadow period on this server has no
 * pre-deployment window: its baseline stays null and the assessment Unknown (set
 * calibration.kpiBaselines).
 *
 * <p>{@code History}: a baseline computed from the plant's history ({@link HistoryBaseline}) and
 * handed in before the first Advisory recommendation freezes the baseline as well; a calibrated
 * baseline still wins, and a frozen baseline is never replaced.
 *
 * <p>A baseline the config hands back ({@link KpiDefinition#kept()}: set earlier, kept in the
 * SiteDeployment's status by the operator) starts the tracker frozen with its source and
 * provenance, so a restart neither loses it nor measures again. A history handed in after a
 * deployment started without any baseline (none measured, e.g. a new baseline requested in
 * Advisory) still sets one.
 */
final class KpiTracker {

  /** |change| below this percentage is reported Unchanged. */
  static final double UNCHANGED_PERCENT = 0.1;

  private final KpiDefinition definition;
  private final SignalExpression expression;
  private final Window current = new Window();
  private final Window preDeployment = new Window();
  private Double frozenBaseline;
  private boolean frozen;
  // where the frozen baseline comes from: {fromMs, toMs, samples, atMs}
  private long[] provenance;
  private BaselineSource frozenSource = BaselineSource.Measured;
  // samples of the inputs the history excluded, for a History baseline
  private Long frozenExcluded;
  // why the last history handed in gave no baseline, while none is frozen from history
  private String historyNote;

  KpiTracker(KpiDefinition definition, SignalExpression expression) {
    this.definition = definition;
    this.expression = expression;
    KeptBaseline kept = definition.kept();
    if (kept != null
        && kept.source() != BaselineSource.Calibration
        && (definition.renewAfterMs() == null || kept.atMs() >= definition.renewAfterMs())) {
      frozen = true;
      frozenBaseline = kept.value();
      frozenSource = kept.source();
      provenance = new long[] {kept.fromMs(), kept.toMs(), kept.samples(), kept.atMs()};
      frozenExcluded = kept.excluded();
    }
  }

  KpiDefinition definition() {
    return definition;
  }

  SignalExpression expression() {
    return expression;
  }

  synchronized void add(long nowMs, double value) {
    current.add(nowMs, value);
    current.evictUpTo(nowMs - definition.windowMinutes() * 60_000L);
    if (!frozen && definition.baseline() == null) {
      preDeployment.add(nowMs, value);
      preDeployment.evictUpTo(nowMs - definition.baselineWindowHours() * 3_600_000L);
    }
  }

  /** Called when the use case produces its first Advisory or ClosedLoop recommendation. */
  synchronized void deploymentStarted(long nowMs) {
    if (frozen) {
      return;
    }
    frozen = true;
    long from = nowMs - definition.baselineWindowHours() * 3_600_000L;
    preDeployment.evictUpTo(from);
    frozenBaseline = preDeployment.count() == 0 ? null : preDeployment.mean();
    if (frozenBaseline != null) {
      provenance = new long[] {from, nowMs, preDeployment.count(), nowMs};
    }
    preDeployment.clear();
  }

  /**
   * Takes a baseline computed from history; returns why not when it does not apply: the plant
   * calibrated the baseline, or one is already frozen (measured live, or an earlier history).
   */
  synchronized Optional<String> applyHistory(KpiBaseline baseline) {
    if (definition.baseline() != null) {
      return Optional.of("the calibrated baseline wins");
    }
    if (frozen && frozenBaseline != null) {
      return Optional.of("the baseline is already set (" + frozenSource + ")");
    }
    if (baseline.value() == null) {
      historyNote = baseline.reason();
      return Optional.of(baseline.reason());
    }
    historyNote = null;
    frozen = true;
    frozenBaseline = baseline.value();
    frozenSource = BaselineSource.History;
    provenance =
        new long[] {baseline.fromMs(), baseline.toMs(), baseline.samples(), baseline.atMs()};
    frozenExcluded = baseline.excluded();
    preDeployment.clear();
    return Optional.empty();
  }

  synchronized KpiReport report(long nowMs) {
    current.evictUpTo(nowMs - definition.windowMinutes() * 60_000L);
    Double baseline = definition.baseline() != null ? definition.baseline() : frozenBaseline;
    boolean calibrated = definition.baseline() != null;
    BaselineSource source = calibrated ? BaselineSource.Calibration : frozenSource;
    long[] p = calibrated || frozenBaseline == null ? null : provenance;
    Double cur = current.count() == 0 ? null : current.mean();
    Double change = null;
    KpiAssessment assessment = KpiAssessment.Unknown;
    if (baseline != null && cur != null && baseline != 0.0) {
      change = (cur - baseline) / Math.abs(baseline) * 100.0;
      if (Math.abs(change) < UNCHANGED_PERCENT) {
        assessment = KpiAssessment.Unchanged;
      } else {
        boolean better = definition.lowerIsBetter() ? change < 0 : change > 0;
        assessment = better ? KpiAssessment.Improved : KpiAssessment.Worse;
      }
    }
    return new KpiReport(
        definition.name(),
        definition.unit(),
        baseline,
        source,
        cur,
        change,
        assessment,
        current.count(),
        p == null ? null : p[0],
        p == null ? null : p[1],
        p == null ? null : p[2],
        p == null ? null : p[3],
        calibrated || frozenSource == BaselineSource.History ? null : historyNote,
        p == null || frozenSource != BaselineSource.History ? null : frozenExcluded);
  }

  /** Time-stamped values; windows hold at most a few thousand, the mean is summed on read. */
  private static final class Window {
    private final ArrayDeque<double[]> values = new ArrayDeque<>();

    void add(long t, double v) {
      values.addLast(new double[] {t, v});
    }

    void evictUpTo(long t) {
      Iterator<double[]> it = values.iterator();
      while (it.hasNext()) {
        double[] e = it.next();
        if (e[0] > t) {
          break;
        }
        it.remove();
      }
    }

    int count() {
      return values.size();
    }

    double mean() {
      double s = 0;
      for (double[] e : values) {
        s += e[1];
      }
      return s / values.size();
    }

    void clear() {
      values.clear();
    }
  }
}
