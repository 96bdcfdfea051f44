package io.plantops.inference.engine;

import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.SubstituteSignal;
import io.plantops.contract.SkipReason;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.units.LinearConversion;
import io.plantops.contract.units.UnitCatalog;
import io.plantops.contract.units.UnitException;
import io.plantops.expressions.ExpressionException;
import io.plantops.expressions.SignalExpression;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plant's declared substitutes: canonical signals the plant does not measure, computed here
 * from a constant or from a CEL expression over signals the connector does deliver.
 *
 * <p>They are computed in the inference server, not in the connector, because this is where every
 * canonical signal of the plant meets, already converted, and where windows are aggregated: an
 * expression's inputs get the same quality, staleness and range rules as a model input, without a
 * second copy of those rules in the connector. A substitute is evaluated per cycle over its inputs
 * aggregated like the substituted feature (its aggregation and window), so {@code f(mean(a),
 * mean(b))}: exact for the linear estimates substitutes usually are, an approximation otherwise.
 *
 * <p>An expression compiles when the config is applied (a failure refuses the config, naming the
 * signal); one that fails at run time skips the cycle with {@link SkipReason#SubstituteFailed}. An
 * input that is missing, stale or bad skips the cycle with that input's own reason. Immutable.
 */
final class Substitutes {

  /** No substitutes. */
  static final Substitutes NONE = new Substitutes(Map.of());

  /**
   * One substitute.
   *
   * @param signal the substituted canonical signal
   * @param toCanonical from the declared unit to the canonical unit
   * @param constant the constant in the declared unit, or null
   * @param expression the compiled expression, or null
   */
  record Substitute(
      String signal, LinearConversion toCanonical, Double constant, SignalExpression expression) {

    /** The signals the expression reads (none for a constant). */
    Set<String> reads() {
      return expression == null ? Set.of() : expression.signals();
    }
  }

  /** Reads one measured signal's aggregate into {@code out[col]}: the store's own rule. */
  interface Measured {
    SkipReason aggregate(Feature f, long nowMs, double[] out, int col);
  }

  private final Map<String, Substitute> bySignal;
  private final Set<String> constants;
  private volatile String lastFailure;

  private Substitutes(Map<String, Substitute> bySignal) {
    this.bySignal = Map.copyOf(bySignal);
    Set<String> c = new TreeSet<>();
    bySignal.values().stream().filter(s -> s.constant() != null).forEach(s -> c.add(s.signal()));
    this.constants = Set.copyOf(c);
  }

  /** The signals given as constants. */
  Set<String> constants() {
    return constants;
  }

  /**
   * Compiles the substitutes of {@code config}.
   *
   * @throws ExpressionException naming the signal, when an expression does not compile over the
   *     signals the plant maps, or a unit does not convert
   */
  static Substitutes of(ResolvedPlantConfig config) throws ExpressionException {
    if (config.substitutes().isEmpty()) {
      return NONE;
    }
    Set<String> measured = new TreeSet<>();
    config.signals().forEach(m -> measured.add(m.signal()));
    Map<String, Substitute> subs = new HashMap<>();
    for (SubstituteSignal s : config.substitutes()) {
      LinearConversion conversion;
      try {
        conversion = UnitCatalog.conversion(s.siteUnit(), s.canonicalUnit());
      } catch (UnitException e) {
        throw new ExpressionException("substitute of " + s.signal() + ": " + e.getMessage());
      }
      SignalExpression expression = null;
      if (s.expression() != null) {
        try {
          expression = SignalExpression.compile(s.expression(), measured);
        } catch (ExpressionException e) {
          throw new ExpressionException(
              "substitute of "
                  + s.signal()
                  + ": "
                  + e.getMessage()
                  + " (it may read only signals mapped from plant tags: "
                  + measured
                  + ")",
              e);
        }
      }
      subs.put(s.signal(), new Substitute(s.signal(), conversion, s.constant(), expression));
    }
    return new Substitutes(subs);
  }

  /** The substitute of {@code signal}, if it is substituted. */
  Optional<Substitute> of(String signal) {
    return Optional.ofNullable(bySignal.get(signal));
  }

  /** Every substitute. */
  List<Substitute> all() {
    return List.copyOf(bySignal.values());
  }

  /** Why the newest failed evaluation failed, or null. */
  String lastFailure() {
    return lastFailure;
  }

  /**
   * Computes the substituted feature {@code f} into {@code out[col]}.
   *
   * @return null when usable, else why not
   */
  SkipReason aggregate(Substitute s, Feature f, long nowMs, double[] out, int col, Measured m) {
    double value;
    if (s.constant() != null) {
      value = s.toCanonical().apply(s.constant());
    } else {
      Map<String, Double> inputs = new HashMap<>();
      double[] one = new double[1];
      for (String input : s.reads()) {
        Feature like = new Feature(input, null, f.aggregation(), f.windowSeconds(), null, null);
        SkipReason why = m.aggregate(like, nowMs, one, 0);
        if (why != null) {
          return why;
        }
        inputs.put(input, one[0]);
      }
      try {
        value = s.toCanonical().apply(s.expression().evaluate(inputs));
      } catch (ExpressionException e) {
        lastFailure = s.signal() + ": " + e.getMessage();
        return SkipReason.SubstituteFailed;
      }
    }
    if ((f.validMin() != null && value < f.validMin())
        || (f.validMax() != null && value > f.validMax())) {
      return SkipReason.OutOfRange;
    }
    out[col] = value;
    return null;
  }
}
