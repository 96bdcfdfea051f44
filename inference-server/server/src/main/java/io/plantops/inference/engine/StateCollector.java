package io.plantops.inference.engine;

import io.plantops.contract.InferenceStatus.DriftReport;
import io.plantops.contract.InferenceStatus.KpiReport;
import io.plantops.contract.InferenceStatus.ShadowStats;
import io.plantops.contract.InferenceStatus.SignalDrift;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Gauges of each use case's state, read from the runtimes at scrape time. */
final class StateCollector implements MultiCollector {

  private final Engine engine;

  StateCollector(Engine engine) {
    this.engine = engine;
  }

  @Override
  public MetricSnapshots collect() {
    Gauges g = new Gauges();
    engine
        .snapshot()
        .ifPresent(
            s -> {
              String plant = s.config().plant().name();
              g.add(
                  "plantops_inference_config_error",
                  "1 while the newest config file is refused and the previous one serves.",
                  Labels.of("plant", plant),
                  engine.configError() == null ? 0 : 1);
              long now = engine.clock().millis();
              for (UseCaseRuntime rt : s.useCases().values()) {
                collect(g, plant, rt, now);
              }
            });
    return g.snapshots();
  }

  private static void collect(Gauges g, String plant, UseCaseRuntime rt, long now) {
    Optional<ModelSlot.Serving<ActiveWatch>> a = rt.active().serving();
    String version = a.map(s -> s.model().version()).orElse("");
    Labels base = Labels.of("plant", plant, "use_case", rt.name(), "model_version", version);
    g.add(
        "plantops_inference_model_serving",
        "1 when the use case has a serving model in this role (active, candidate).",
        base.add("role", rt.active().role().label()),
        a.isPresent() ? 1 : 0);
    rt.candidate().serving().ifPresent(c -> collectCandidate(g, plant, rt, base, c));
    double[] err = rt.evaluation().activeTargetError();
    if (err[0] > 0) {
      g.add(
          "plantops_inference_target_mean_abs_error",
          "Active model mean absolute error against the measured target (e.g. lab analysis).",
          base,
          err[1]);
    }
    if (a.isPresent()) {
      DriftReport d = a.get().kept().driftReport(rt.config().drift(), rt.constantSubstitutes());
      for (SignalDrift sd : d.signals()) {
        Labels l = base.add("signal", sd.signal());
        // before its minimum samples an input has no figures (a PSI of 8 after 3 rows is noise):
        // NaN says "no value yet" to Prometheus, where a number would plot and compare as one
        g.add(
            "plantops_inference_drift_psi",
            "Population stability index of the input against the model's reference bins; NaN"
                + " until the input has the drift rule's minimum samples.",
            l,
            sd.psi() == null ? Double.NaN : sd.psi());
        g.add(
            "plantops_inference_drift_mean_shift",
            "Page-Hinkley mean-shift statistic of the input, in reference standard deviations;"
                + " NaN until the input has the drift rule's minimum samples.",
            l,
            sd.meanShift() == null ? Double.NaN : sd.meanShift());
        g.add(
            "plantops_inference_drift_status",
            "Drift status of the input: 0 Unknown, 1 Ok, 2 Warn, 3 Alert.",
            l,
            sd.status().ordinal());
      }
    }
    rt.evaluation()
        .heldFraction()
        .forEach(
            (signal, share) ->
                g.add(
                    "plantops_inference_input_held_ratio",
                    "Share of the input's window, at the last evaluation that aggregated every"
                        + " input, during which its value was held (reported by exception, not"
                        + " refreshed within its sampling interval).",
                    base.add("signal", signal),
                    share));
    for (KpiTracker k : rt.evaluation().kpis()) {
      KpiReport r = k.report(now);
      Labels l = base.add("kpi", r.name());
      if (r.current() != null) {
        g.add(
            "plantops_inference_kpi_current",
            "KPI value over its window (mean of the evaluations in it).",
            l,
            r.current());
      }
      if (r.changePercent() != null) {
        // signed by the KPI's direction, so one alert rule fits every KPI: > 0 is worse
        double worse = k.definition().lowerIsBetter() ? r.changePercent() : -r.changePercent();
        g.add(
            "plantops_inference_kpi_degradation_percent",
            "How much worse than its baseline the KPI is, in percent, given its direction"
                + " (negative: better).",
            l,
            worse);
      }
      if (r.baseline() != null) {
        g.add(
            "plantops_inference_kpi_baseline",
            "KPI baseline, calibrated or measured before the first advisory recommendation.",
            l.add("source", r.baselineSource().name()),
            r.baseline());
      }
    }
  }

  private static void collectCandidate(
      Gauges g, String plant, UseCaseRuntime rt, Labels base, ModelSlot.Serving<ShadowTracker> c) {
    g.add(
        "plantops_inference_model_serving",
        "1 when the use case has a serving model in this role (active, candidate).",
        Labels.of(
            "plant",
            plant,
            "use_case",
            rt.name(),
            "model_version",
            c.model().version(),
            "role",
            rt.candidate().role().label()),
        1);
    ShadowStats st = c.kept().stats();
    Labels sl = base.add("candidate_version", st.candidateVersion());
    g.add(
        "plantops_inference_shadow_samples",
        "Evaluations scored by both the active and the candidate model.",
        sl,
        st.samples());
    g.add(
        "plantops_inference_shadow_mean_abs_delta",
        "Mean |candidate - active| of the first output, in its unit.",
        sl,
        st.meanAbsDelta());
    g.add(
        "plantops_inference_shadow_max_abs_delta",
        "Max |candidate - active| of the first output, in its unit.",
        sl,
        st.maxAbsDelta());
    if (st.meanAbsErrorCandidate() != null) {
      g.add(
          "plantops_inference_shadow_candidate_mean_abs_error",
          "Candidate mean absolute error against the measured target.",
          sl,
          st.meanAbsErrorCandidate());
    }
  }

  /** Collects data points per metric name, keeping the first help text. */
  private static final class Gauges {
    private final Map<String, String> help = new LinkedHashMap<>();
    private final Map<String, List<GaugeDataPointSnapshot>> points = new LinkedHashMap<>();

    void add(String name, String text, Labels labels, double value) {
      help.putIfAbsent(name, text);
      points
          .computeIfAbsent(name, n -> new ArrayList<>())
          .add(new GaugeDataPointSnapshot(value, labels, null));
    }

    MetricSnapshots snapshots() {
      List<MetricSnapshot> list = new ArrayList<>();
      points.forEach(
          (name, p) -> list.add(new GaugeSnapshot(new MetricMetadata(name, help.get(name)), p)));
      return new MetricSnapshots(list);
    }
  }
}
