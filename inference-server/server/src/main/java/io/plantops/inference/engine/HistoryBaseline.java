package io.plantops.inference.engine;

import io.plantops.contract.BaselineSource;
import io.plantops.contract.HistoryReadStatus;
import io.plantops.contract.HistorySeries;
import io.plantops.contract.KpiBaseline;
import io.plantops.contract.SignalHistory;
import io.plantops.expressions.ExpressionException;
import io.plantops.expressions.SignalExpression;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A KPI's baseline from history: the KPI expression evaluated at every kept sample time of its
 * least sampled input, each other input taking its latest kept value not older than two of its
 * typical sample intervals (a sample-and-hold, never an interpolation); the baseline is the mean of
 * those KPI values. Times where an input has no recent value (a gap, an excluded sample) give no
 * KPI value: nothing is imputed.
 */
final class HistoryBaseline {

  private HistoryBaseline() {}

  static KpiBaseline compute(
      String useCase, String kpi, SignalExpression expression, HistorySeries series, long nowMs) {
    if (series.status() != HistoryReadStatus.Read) {
      return none(useCase, kpi, series, nowMs, "history not read: " + series.reason());
    }
    Map<String, SignalHistory> bySignal = new HashMap<>();
    series.signals().forEach(s -> bySignal.put(s.signal(), s));
    List<String> inputs = expression.signals().stream().sorted().toList();
    SignalHistory grid = null;
    for (String input : inputs) {
      SignalHistory h = bySignal.get(input);
      if (h == null) {
        return none(useCase, kpi, series, nowMs, "the history holds no " + input);
      }
      if (grid == null || h.good() < grid.good()) {
        grid = h;
      }
    }
    if (grid == null || grid.good() == 0) {
      return none(useCase, kpi, series, nowMs, "no Good sample of the KPI's inputs in the window");
    }
    Map<String, Long> maxAge = new HashMap<>();
    Map<String, Integer> cursor = new HashMap<>();
    for (String input : inputs) {
      maxAge.put(input, 2 * typicalInterval(bySignal.get(input).timesMs()));
      cursor.put(input, 0);
    }
    double sum = 0;
    long n = 0;
    Map<String, Double> values = new HashMap<>();
    for (long t : grid.timesMs()) {
      boolean complete = true;
      for (String input : inputs) {
        SignalHistory h = bySignal.get(input);
        int i = cursor.get(input);
        while (i + 1 < h.timesMs().length && h.timesMs()[i + 1] <= t) {
          i++;
        }
        cursor.put(input, i);
        long at = h.timesMs()[i];
        if (at > t || t - at > maxAge.get(input)) {
          complete = false;
          break;
        }
        values.put(input, h.values()[i]);
      }
      if (!complete) {
        continue;
      }
      try {
        double v = expression.evaluate(values);
        if (Double.isFinite(v)) {
          sum += v;
          n++;
        }
      } catch (ExpressionException e) {
        // a KPI undefined at this time (e.g. a division by a zero clinker rate) gives no value
      }
    }
    if (n == 0) {
      return none(useCase, kpi, series, nowMs, "the KPI's inputs never have values at one time");
    }
    long excluded = inputs.stream().mapToLong(i -> bySignal.get(i).excluded()).sum();
    return new KpiBaseline(
        useCase,
        kpi,
        sum / n,
        BaselineSource.History,
        series.fromMs(),
        series.toMs(),
        n,
        nowMs,
        null,
        excluded);
  }

  private static KpiBaseline none(
      String useCase, String kpi, HistorySeries series, long nowMs, String reason) {
    return new KpiBaseline(
        useCase,
        kpi,
        null,
        BaselineSource.History,
        series.fromMs(),
        series.toMs(),
        0,
        nowMs,
        reason);
  }

  /** Median spacing of the timestamps; 0 with fewer than two. */
  static long typicalInterval(long[] times) {
    if (times.length < 2) {
      return 0;
    }
    long[] d = new long[times.length - 1];
    for (int i = 1; i < times.length; i++) {
      d[i - 1] = times[i] - times[i - 1];
    }
    Arrays.sort(d);
    return d[d.length / 2];
  }
}
