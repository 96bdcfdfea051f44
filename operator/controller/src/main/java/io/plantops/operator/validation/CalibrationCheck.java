package io.plantops.operator.validation;

import io.plantops.api.v1alpha1.Calibration;
import io.plantops.api.v1alpha1.Kpi;
import io.plantops.api.v1alpha1.OutputSignal;
import io.plantops.api.v1alpha1.Range;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a SiteDeployment's local calibration against its template: calibrated limits name existing
 * outputs and lie inside the template's hard limits (a plant may tighten, never widen), biases name
 * existing outputs and are finite, KPI baselines name existing KPIs. Pure.
 */
public final class CalibrationCheck {

  private CalibrationCheck() {}

  /** Every problem, each naming the field and the fix; empty when the calibration is valid. */
  public static List<String> check(Calibration calibration, UseCaseTemplateSpec template) {
    List<String> p = new ArrayList<>();
    Map<String, OutputSignal> outputs =
        template.outputs().stream()
            .collect(Collectors.toMap(OutputSignal::name, Function.identity(), (a, b) -> a));
    new TreeMap<>(calibration.limits())
        .forEach(
            (name, range) -> {
              String at = "spec.calibration.limits." + name;
              OutputSignal o = outputs.get(name);
              if (o == null) {
                p.add(
                    at
                        + ": the template has no output "
                        + name
                        + "; use one of "
                        + outputs.keySet());
                return;
              }
              if (range == null || (range.min() == null && range.max() == null)) {
                p.add(at + ": give min, max or both");
                return;
              }
              if (range.min() != null && range.max() != null && range.min() > range.max()) {
                p.add(at + ": min " + range.min() + " is greater than max " + range.max());
                return;
              }
              if (o.limits() != null && !o.limits().encloses(effective(range, o.limits()))) {
                p.add(
                    at
                        + ": "
                        + describe(range)
                        + " "
                        + o.unit()
                        + " is not inside the template's limits "
                        + describe(o.limits())
                        + " "
                        + o.unit()
                        + "; a plant may only tighten them");
              }
            });
    new TreeMap<>(calibration.bias())
        .forEach(
            (name, bias) -> {
              String at = "spec.calibration.bias." + name;
              if (!outputs.containsKey(name)) {
                p.add(
                    at
                        + ": the template has no output "
                        + name
                        + "; use one of "
                        + outputs.keySet());
              } else if (bias == null || !Double.isFinite(bias)) {
                p.add(at + ": the bias must be a finite number");
              }
            });
    List<String> kpis = template.kpis().stream().map(Kpi::name).toList();
    new TreeMap<>(calibration.kpiBaselines())
        .forEach(
            (name, baseline) -> {
              String at = "spec.calibration.kpiBaselines." + name;
              if (!kpis.contains(name)) {
                p.add(at + ": the template has no KPI " + name + "; use one of " + kpis);
              } else if (baseline == null || !Double.isFinite(baseline)) {
                p.add(at + ": the baseline must be a finite number");
              }
            });
    return p;
  }

  /**
   * The calibrated range with an unset bound taken from the template, so that "max only" is read as
   * "the template's min, and this max".
   */
  public static Range effective(Range calibrated, Range template) {
    Double min = calibrated.min() != null ? calibrated.min() : template.min();
    Double max = calibrated.max() != null ? calibrated.max() : template.max();
    return new Range(min, max);
  }

  private static String describe(Range r) {
    return "["
        + (r.min() == null ? "-inf" : r.min())
        + ", "
        + (r.max() == null ? "+inf" : r.max())
        + "]";
  }
}
