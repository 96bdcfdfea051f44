package io.plantops.expressions;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * A promotion gate condition from a template's policy: CEL over {@link GateFacts}, returning a
 * boolean, e.g. {@code samples >= 7200 && kpiChangePercent.specific_heat_consumption < -0.5}.
 *
 * <p>Variables: {@code samples} (int), {@code minutes}, {@code meanAbsDelta}, {@code meanAbsError},
 * {@code driftScore} (double), {@code driftStatus} (string) and {@code kpiChangePercent} (map from
 * KPI name to double). A fact that is not known yet makes the evaluation fail, and the gate does
 * not pass. Immutable and thread-safe.
 */
public final class GateCondition {

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .addVar("samples", SimpleType.INT)
          .addVar("minutes", SimpleType.DOUBLE)
          .addVar("meanAbsDelta", SimpleType.DOUBLE)
          .addVar("meanAbsError", SimpleType.DOUBLE)
          .addVar("driftScore", SimpleType.DOUBLE)
          .addVar("driftStatus", SimpleType.STRING)
          .addVar("kpiChangePercent", MapType.create(SimpleType.STRING, SimpleType.DOUBLE))
          .setResultType(SimpleType.BOOL)
          .build();

  private final String source;
  private final CelRuntime.Program program;

  private GateCondition(String source, CelRuntime.Program program) {
    this.source = source;
    this.program = program;
  }

  /**
   * Compiles a gate condition.
   *
   * @throws ExpressionException with the position and cause
   */
  public static GateCondition compile(String expression) throws ExpressionException {
    CelAbstractSyntaxTree ast = Cel.compile(COMPILER, expression, "gate condition");
    try {
      return new GateCondition(expression, Cel.RUNTIME.createProgram(ast));
    } catch (CelEvaluationException e) {
      throw new ExpressionException("gate condition '" + expression + "' cannot be planned", e);
    }
  }

  /**
   * Evaluates the condition.
   *
   * @throws ExpressionException when a fact it uses is not known yet (e.g. no KPI value)
   */
  public boolean test(GateFacts facts) throws ExpressionException {
    Object result = Cel.evaluate(program, facts.variables(), "gate condition '" + source + "'");
    if (result instanceof Boolean b) {
      return b;
    }
    // CEL gives an "unknown" instead of a value when the expression reads an absent variable
    throw new ExpressionException(
        "gate condition '" + source + "' cannot be evaluated: it uses a fact not known yet");
  }

  /** The condition as written. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return source;
  }
}
