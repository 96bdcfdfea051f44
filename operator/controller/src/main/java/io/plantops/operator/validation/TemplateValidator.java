package io.plantops.operator.validation;

import io.plantops.api.v1alpha1.Gates;
import io.plantops.api.v1alpha1.InputSignal;
import io.plantops.api.v1alpha1.Kpi;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.OutputKind;
import io.plantops.api.v1alpha1.OutputSignal;
import io.plantops.api.v1alpha1.Range;
import io.plantops.api.v1alpha1.SignalReference;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.StagePolicy;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.expressions.ExpressionException;
import io.plantops.expressions.GateCondition;
import io.plantops.expressions.SignalExpression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a UseCaseTemplate beyond its schema: units parse, ranges and limits are ordered, KPI
 * expressions compile (CEL) against the declared signals, gate conditions compile, model versions
 * are unique semantic versions with valid SHA-256 digests and reference statistics that fit the
 * inputs. Every problem names the field. Pure: same spec, same answer.
 */
public final class TemplateValidator {

  private static final Pattern SHA256 = Pattern.compile("^[a-f0-9]{64}$");
  private static final double FRACTION_TOLERANCE = 0.01;

  /**
   * Largest PSI threshold accepted. PSI over the reference bins is 0.1 for a moderate and 0.25 for
   * a major shift by the usual rule. With the detector's smoothing (empty bins count as 1e-4) the
   * PSI of reference bins of equal mass cannot exceed about 8.3, even with all mass in one bin, so
   * a threshold above 10 never fires and is taken for a typo (25 for 0.25, 1e9); docs/admission.md.
   */
  public static final double MAX_PSI_THRESHOLD = 10.0;

  /**
   * Largest Page-Hinkley threshold accepted, in reference standard deviations (defaults 20 and 50):
   * above 1000 even a shift of several σ takes hundreds of samples to accumulate, so the threshold
   * is taken for a typo.
   */
  public static final double MAX_MEAN_SHIFT_THRESHOLD = 1000.0;

  private TemplateValidator() {}

  /** Every problem of {@code spec}, each naming its field; empty when the template is valid. */
  public static List<String> validate(UseCaseTemplateSpec spec) {
    List<String> p = new ArrayList<>();
    Set<String> declared = new LinkedHashSet<>();
    Set<String> inputs = new HashSet<>();
    checkSignals(p, "spec.inputs", spec.inputs(), declared);
    spec.inputs().forEach(i -> inputs.add(i.signal()));
    checkSignals(p, "spec.observedSignals", spec.observedSignals(), declared);
    checkOutputs(p, spec, declared);
    checkModels(p, spec.models(), inputs);
    checkKpis(p, spec.kpis(), declared);
    checkPromotion(p, spec);
    var d = spec.drift();
    checkAtMost(p, "spec.drift.psiWarn", d.psiWarn(), MAX_PSI_THRESHOLD, "0.1");
    checkAtMost(p, "spec.drift.psiAlert", d.psiAlert(), MAX_PSI_THRESHOLD, "0.25");
    checkAtMost(p, "spec.drift.meanShiftWarn", d.meanShiftWarn(), MAX_MEAN_SHIFT_THRESHOLD, "20");
    checkAtMost(p, "spec.drift.meanShiftAlert", d.meanShiftAlert(), MAX_MEAN_SHIFT_THRESHOLD, "50");
    if (d.psiWarn() >= d.psiAlert()) {
      p.add("spec.drift: psiWarn " + d.psiWarn() + " must be below psiAlert " + d.psiAlert());
    }
    if (d.meanShiftWarn() >= d.meanShiftAlert()) {
      p.add(
          "spec.drift: meanShiftWarn "
              + d.meanShiftWarn()
              + " must be below meanShiftAlert "
              + d.meanShiftAlert());
    }
    return p;
  }

  private static void checkAtMost(
      List<String> p, String at, double value, double max, String usual) {
    if (!Double.isFinite(value) || value > max) {
      p.add(
          at
              + " "
              + value
              + " is outside the sane range (0, "
              + max
              + "]: such a threshold never fires; the usual value is "
              + usual);
    }
  }

  private static void checkSignals(
      List<String> p, String at, List<InputSignal> signals, Set<String> declared) {
    for (int i = 0; i < signals.size(); i++) {
      InputSignal s = signals.get(i);
      String here = at + "[" + i + "]";
      if (!declared.add(s.signal())) {
        p.add(
            here
                + ".signal "
                + s.signal()
                + " is declared twice (inputs and observedSignals together name each signal once)");
      }
      Units.parseProblem(s.unit()).ifPresent(u -> p.add(here + ".unit: " + u));
      checkRange(p, here + ".validRange", s.validRange());
    }
  }

  private static void checkOutputs(List<String> p, UseCaseTemplateSpec spec, Set<String> declared) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < spec.outputs().size(); i++) {
      OutputSignal o = spec.outputs().get(i);
      String here = "spec.outputs[" + i + "]";
      if (!names.add(o.name())) {
        p.add(here + ".name " + o.name() + " is used twice; output names must be unique");
      }
      Units.parseProblem(o.unit()).ifPresent(u -> p.add(here + ".unit: " + u));
      checkRange(p, here + ".limits", o.limits());
      if (o.kind() == OutputKind.Setpoint) {
        if (o.limits() == null || o.limits().min() == null || o.limits().max() == null) {
          p.add(here + ".limits: a Setpoint output needs both min and max");
        }
        if (o.maxRatePerMinute() == null || o.maxRatePerMinute() <= 0) {
          p.add(here + ".maxRatePerMinute: a Setpoint output needs a positive rate limit");
        }
      }
      if (o.measuredSignal() != null && !declared.contains(o.measuredSignal())) {
        p.add(
            here
                + ".measuredSignal "
                + o.measuredSignal()
                + " is not declared; add it to spec.observedSignals");
      }
    }
  }

  private static void checkRange(List<String> p, String at, Range r) {
    if (r == null) {
      p.add(at + " is required");
    } else if (r.min() == null && r.max() == null) {
      p.add(at + ": give at least one of min and max");
    } else if (r.min() != null && r.max() != null && r.min() > r.max()) {
      p.add(at + ": min " + r.min() + " is greater than max " + r.max());
    }
  }

  private static void checkModels(List<String> p, List<ModelVersion> models, Set<String> inputs) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < models.size(); i++) {
      ModelVersion m = models.get(i);
      String here = "spec.models[" + i + "]";
      Integer first = seen.putIfAbsent(m.version(), i);
      if (first != null) {
        p.add(
            here
                + ".version "
                + m.version()
                + " is already released by spec.models["
                + first
                + "]; versions must be unique");
      }
      if (SemVer.parse(m.version()).isEmpty()) {
        p.add(here + ".version '" + m.version() + "' is not a semantic version such as 1.2.0");
      }
      if (m.sha256() == null || !SHA256.matcher(m.sha256()).matches()) {
        p.add(here + ".sha256 must be 64 lowercase hex characters (the SHA-256 of the ONNX file)");
      }
      if (m.reference() == null) {
        p.add(here + ".reference is required (drift is measured against it)");
        continue;
      }
      List<SignalReference> refs =
          m.reference().signals() == null ? List.of() : m.reference().signals();
      for (int j = 0; j < refs.size(); j++) {
        checkReference(p, here + ".reference.signals[" + j + "]", refs.get(j), inputs);
      }
    }
  }

  private static void checkReference(
      List<String> p, String at, SignalReference r, Set<String> inputs) {
    if (!inputs.contains(r.signal())) {
      p.add(at + ".signal " + r.signal() + " is not one of spec.inputs");
    }
    if (r.stddev() == null || r.stddev() < 0) {
      p.add(at + ".stddev must be zero or positive");
    }
    List<Double> edges = r.binEdges() == null ? List.of() : r.binEdges();
    List<Double> fractions = r.binFractions() == null ? List.of() : r.binFractions();
    for (int k = 1; k < edges.size(); k++) {
      if (edges.get(k) <= edges.get(k - 1)) {
        p.add(at + ".binEdges must be strictly ascending (index " + k + ")");
        break;
      }
    }
    if (fractions.size() != edges.size() + 1) {
      p.add(
          at
              + ".binFractions has "
              + fractions.size()
              + " values; it needs binEdges.size() + 1 = "
              + (edges.size() + 1));
    } else {
      double sum = fractions.stream().mapToDouble(Double::doubleValue).sum();
      if (Math.abs(sum - 1.0) > FRACTION_TOLERANCE) {
        p.add(at + ".binFractions sum to " + sum + "; they must sum to 1");
      }
    }
  }

  private static void checkKpis(List<String> p, List<Kpi> kpis, Set<String> declared) {
    for (int i = 0; i < kpis.size(); i++) {
      Kpi k = kpis.get(i);
      String here = "spec.kpis[" + i + "]";
      Units.parseProblem(k.unit()).ifPresent(u -> p.add(here + ".unit: " + u));
      try {
        SignalExpression.compile(k.expression(), declared);
      } catch (ExpressionException e) {
        p.add(
            here
                + ".expression: "
                + e.getMessage()
                + " (only signals declared in spec.inputs or spec.observedSignals may appear)");
      }
    }
  }

  private static void checkPromotion(List<String> p, UseCaseTemplateSpec spec) {
    var promotion = spec.promotion();
    if (promotion.maxAutonomy() == Stage.ClosedLoop
        && spec.outputs().stream().noneMatch(o -> o.kind() == OutputKind.Setpoint)) {
      p.add("spec.promotion.maxAutonomy ClosedLoop needs at least one Setpoint output");
    }
    Set<Stage> stages = new HashSet<>();
    for (int i = 0; i < promotion.stages().size(); i++) {
      StagePolicy s = promotion.stages().get(i);
      String here = "spec.promotion.stages[" + i + "]";
      if (s.stage() == Stage.Shadow) {
        p.add(here + ".stage: Shadow needs no policy; give policies for Advisory or ClosedLoop");
      }
      if (!stages.add(s.stage())) {
        p.add(here + ".stage " + s.stage() + " has a policy already");
      }
      checkGates(p, here + ".gates", s.gates());
    }
    checkGates(p, "spec.promotion.versionUpdate.gates", promotion.versionUpdate().gates());
  }

  private static void checkGates(List<String> p, String at, Gates gates) {
    if (gates == null || gates.condition() == null || gates.condition().isBlank()) {
      return;
    }
    try {
      GateCondition.compile(gates.condition());
    } catch (ExpressionException e) {
      p.add(at + ".condition: " + e.getMessage());
    }
  }
}
