package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.GateResult;
import io.plantops.api.v1alpha1.Gates;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.ModelLoadState;
import io.plantops.expressions.ExpressionException;
import io.plantops.expressions.GateCondition;
import io.plantops.expressions.GateFacts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates a policy's {@link Gates} against observed facts. A fact that is not known (no current
 * figures from the inference server, no candidate statistics, a KPI without a value) fails the gate
 * that needs it, with a message saying so: no promotion ever happens on unknown facts.
 */
final class GateEvaluator {

  private static final Map<String, Optional<GateCondition>> COMPILED = new ConcurrentHashMap<>();

  private GateEvaluator() {}

  /**
   * The facts a promotion is judged on.
   *
   * @param unknown why no current figures exist (the server is unreachable, not polled, does not
   *     run the use case); empty when they do
   * @param samples evaluations in the current stage, or scored in shadow for a candidate
   * @param since start of the current stage, or of shadow scoring for a candidate
   * @param meanAbsDelta candidate versus active, when a candidate is scored
   * @param meanAbsError against the measured target (candidate's for a version, active's for a
   *     stage), when measured
   * @param driftStatus drift of the active model's inputs
   * @param driftScore largest PSI
   * @param kpiChangePercent change versus baseline per KPI, as measured (null: no value yet)
   * @param kpiDegradationPercent the same signed so that positive is worse, given the direction
   * @param candidateProblem why the candidate is not loaded, for a version promotion
   */
  record Facts(
      Optional<String> unknown,
      Optional<Long> samples,
      Instant since,
      Optional<Double> meanAbsDelta,
      Optional<Double> meanAbsError,
      DriftStatus driftStatus,
      Optional<Double> driftScore,
      Map<String, Double> kpiChangePercent,
      Map<String, Double> kpiDegradationPercent,
      Optional<String> candidateProblem) {}

  /**
   * The gate results, and when a time gate that fails now will pass.
   *
   * @param results one per gate set in the policy (drift always: its default is Warn)
   * @param passesAt when the minMinutes gate passes, if it does not yet
   */
  record Evaluation(List<GateResult> results, Optional<Instant> passesAt) {

    boolean allPassed() {
      return results.stream().allMatch(r -> Boolean.TRUE.equals(r.passed()));
    }

    List<String> failing() {
      return results.stream()
          .filter(r -> !Boolean.TRUE.equals(r.passed()))
          .map(r -> r.name() + " (" + r.message() + ")")
          .toList();
    }
  }

  static Evaluation evaluate(Gates g, Facts f, boolean version, Instant now) {
    List<GateResult> out = new ArrayList<>();
    Optional<Instant> passesAt = Optional.empty();
    String unknown = f.unknown().map(u -> "facts unknown: " + u).orElse(null);
    if (version) {
      if (f.candidateProblem().isPresent()) {
        out.add(
            fail(
                "candidateLoaded",
                f.candidateProblem().get(),
                ModelLoadState.Loaded.name(),
                f.candidateProblem()));
      } else {
        String loaded = ModelLoadState.Loaded.name();
        out.add(new GateResult("candidateLoaded", true, loaded, loaded, null));
      }
    }
    if (g.minSamples() != null) {
      String required = ">= " + g.minSamples();
      if (unknown != null || f.samples().isEmpty()) {
        out.add(fail("minSamples", null, required, unknown, "no sample count reported yet"));
      } else {
        long n = f.samples().get();
        out.add(
            n >= g.minSamples()
                ? pass("minSamples", Long.toString(n), required)
                : fail(
                    "minSamples",
                    Long.toString(n),
                    required,
                    (g.minSamples() - n) + " more " + (version ? "shadow " : "") + "evaluations"));
      }
    }
    if (g.minMinutes() != null) {
      Instant due = f.since().plus(Duration.ofMinutes(g.minMinutes()));
      String observed = "since " + f.since();
      String required = ">= " + g.minMinutes() + " min";
      if (now.isBefore(due)) {
        out.add(fail("minMinutes", observed, required, "passes at " + due));
        passesAt = Optional.of(due);
      } else if (unknown != null) {
        out.add(fail("minMinutes", observed, required, unknown));
      } else {
        out.add(pass("minMinutes", observed, required));
      }
    }
    if (g.maxMeanAbsDelta() != null) {
      out.add(
          bound(
              "maxMeanAbsDelta",
              f.meanAbsDelta(),
              g.maxMeanAbsDelta(),
              unknown,
              "no agreement figure: the candidate is not scored beside the active model yet"));
    }
    if (g.maxMeanAbsError() != null) {
      out.add(
          bound(
              "maxMeanAbsError",
              f.meanAbsError(),
              g.maxMeanAbsError(),
              unknown,
              "no error against the measured target yet (needs the output's measuredSignal)"));
    }
    DriftStatus worst = g.maxDriftStatus() == null ? DriftStatus.Warn : g.maxDriftStatus();
    String requiredDrift = "<= " + worst;
    if (unknown != null) {
      out.add(fail("maxDriftStatus", null, requiredDrift, unknown));
    } else if (f.driftStatus() == null || f.driftStatus() == DriftStatus.Unknown) {
      out.add(
          fail(
              "maxDriftStatus",
              "Unknown",
              requiredDrift,
              "drift is not known yet (too few samples)"));
    } else if (f.driftStatus().compareTo(worst) <= 0) {
      out.add(pass("maxDriftStatus", f.driftStatus().name(), requiredDrift));
    } else {
      out.add(
          fail(
              "maxDriftStatus",
              f.driftStatus().name(),
              requiredDrift,
              "input drift is " + f.driftStatus()));
    }
    if (g.maxKpiDegradationPercent() != null) {
      out.add(kpi(g.maxKpiDegradationPercent(), f, unknown));
    }
    if (g.condition() != null && !g.condition().isBlank()) {
      out.add(condition(g.condition(), f, unknown, now));
    }
    return new Evaluation(out, passesAt);
  }

  private static GateResult kpi(double bound, Facts f, String unknown) {
    String required = "<= " + fmt(bound) + " % worse than baseline";
    if (unknown != null) {
      return fail("maxKpiDegradationPercent", null, required, unknown);
    }
    if (f.kpiDegradationPercent().isEmpty()) {
      return fail("maxKpiDegradationPercent", null, required, "no KPI reported yet");
    }
    Map<String, Double> sorted = new TreeMap<>(f.kpiDegradationPercent());
    StringBuilder observed = new StringBuilder();
    String problem = null;
    for (var e : sorted.entrySet()) {
      if (observed.length() > 0) {
        observed.append(", ");
      }
      if (e.getValue() == null) {
        observed.append(e.getKey()).append("=?");
        problem = problem == null ? "KPI " + e.getKey() + " has no value yet" : problem;
        continue;
      }
      observed.append(e.getKey()).append('=').append(fmt(e.getValue())).append('%');
      if (e.getValue() > bound && problem == null) {
        problem =
            "KPI "
                + e.getKey()
                + " is "
                + fmt(e.getValue())
                + " % worse than baseline, more than "
                + fmt(bound)
                + " %";
      }
    }
    return problem == null
        ? pass("maxKpiDegradationPercent", observed.toString(), required)
        : fail("maxKpiDegradationPercent", observed.toString(), required, problem);
  }

  private static GateResult condition(String source, Facts f, String unknown, Instant now) {
    if (unknown != null) {
      return fail("condition", null, source, unknown);
    }
    Optional<GateCondition> compiled =
        COMPILED.computeIfAbsent(
            source,
            s -> {
              try {
                return Optional.of(GateCondition.compile(s));
              } catch (ExpressionException e) {
                return Optional.empty();
              }
            });
    if (compiled.isEmpty()) {
      return fail(
          "condition",
          null,
          source,
          "the condition does not compile: see the template's Valid condition");
    }
    if (f.samples().isEmpty()) {
      return fail("condition", null, source, "no sample count reported yet");
    }
    Map<String, Double> kpis = new TreeMap<>();
    f.kpiChangePercent()
        .forEach(
            (k, v) -> {
              if (v != null) {
                kpis.put(k, v);
              }
            });
    GateFacts facts =
        new GateFacts(
            f.samples().get(),
            Duration.between(f.since(), now).toSeconds() / 60.0,
            f.meanAbsDelta().orElse(null),
            f.meanAbsError().orElse(null),
            f.driftScore().orElse(null),
            f.driftStatus() == null ? "Unknown" : f.driftStatus().name(),
            kpis);
    try {
      boolean ok = compiled.get().test(facts);
      return ok
          ? pass("condition", "true", source)
          : fail("condition", "false", source, "the condition is false on the current facts");
    } catch (ExpressionException e) {
      return fail("condition", null, source, e.getMessage());
    }
  }

  private static GateResult bound(
      String name, Optional<Double> value, double max, String unknown, String missing) {
    String required = "<= " + fmt(max);
    if (unknown != null) {
      return fail(name, null, required, unknown);
    }
    if (value.isEmpty()) {
      return fail(name, null, required, missing);
    }
    String observed = fmt(value.get());
    return value.get() <= max
        ? pass(name, observed, required)
        : fail(name, observed, required, observed + " is above " + fmt(max));
  }

  private static GateResult pass(String name, String observed, String required) {
    return new GateResult(name, true, observed, required, null);
  }

  private static GateResult fail(String name, String observed, String required, String message) {
    return new GateResult(name, false, observed, required, message);
  }

  private static GateResult fail(
      String name, String observed, String required, String unknown, String missing) {
    return fail(name, observed, required, unknown != null ? unknown : missing);
  }

  private static GateResult fail(
      String name, String observed, String required, Optional<String> message) {
    return fail(name, observed, required, message.orElse(null));
  }

  static String fmt(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    return BigDecimal.valueOf(Math.round(v * 10_000.0) / 10_000.0)
        .stripTrailingZeros()
        .toPlainString();
  }
}
