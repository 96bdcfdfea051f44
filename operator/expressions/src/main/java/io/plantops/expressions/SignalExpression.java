package io.plantops.expressions;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A KPI expression: CEL over canonical signal names, each a {@code double} in its canonical unit,
 * returning a {@code double}, e.g. {@code kiln.fuel.rate * 30000.0 / kiln.clinker.rate}.
 *
 * <p>Dotted signal names are CEL qualified identifiers declared as variables, so they read as
 * written. An expression may use only the signals it is compiled against; anything else is a
 * compile error naming the reference. Immutable and thread-safe.
 */
public final class SignalExpression {

  private final String source;
  private final CelRuntime.Program program;
  private final Set<String> signals;

  private SignalExpression(String source, CelRuntime.Program program, Set<String> signals) {
    this.source = source;
    this.program = program;
    this.signals = signals;
  }

  /**
   * Compiles {@code expression} against the signals a template declares.
   *
   * @throws ExpressionException with the position and cause, e.g. an undeclared signal
   */
  public static SignalExpression compile(String expression, Collection<String> declaredSignals)
      throws ExpressionException {
    Set<String> declared = new TreeSet<>(declaredSignals);
    CelCompilerBuilder builder =
        CelCompilerFactory.standardCelCompilerBuilder().setResultType(SimpleType.DOUBLE);
    declared.forEach(s -> builder.addVar(s, SimpleType.DOUBLE));
    CelCompiler compiler = builder.build();
    CelAbstractSyntaxTree ast = Cel.compile(compiler, expression, "expression");
    try {
      return new SignalExpression(
          expression, Cel.RUNTIME.createProgram(ast), Cel.references(ast, declared));
    } catch (CelEvaluationException e) {
      throw new ExpressionException("expression '" + expression + "' cannot be planned", e);
    }
  }

  /** The signals the expression reads. */
  public Set<String> signals() {
    return signals;
  }

  /** The expression as written. */
  public String source() {
    return source;
  }

  /**
   * Evaluates with one value per referenced signal.
   *
   * @throws ExpressionException when a value is missing or the result is not a finite number (e.g.
   *     a division by a zero production rate)
   */
  public double evaluate(Map<String, Double> values) throws ExpressionException {
    for (String s : signals) {
      Double v = values.get(s);
      if (v == null || !Double.isFinite(v)) {
        throw new ExpressionException("expression '" + source + "' has no finite value for " + s);
      }
    }
    Object result = Cel.evaluate(program, values, "expression '" + source + "'");
    if (!(result instanceof Number number)) {
      throw new ExpressionException("expression '" + source + "' gave no number: " + result);
    }
    double d = number.doubleValue();
    if (!Double.isFinite(d)) {
      throw new ExpressionException(
          "expression '" + source + "' gave " + d + " for " + values + " (division by zero?)");
    }
    return d;
  }

  @Override
  public String toString() {
    return source;
  }
}
