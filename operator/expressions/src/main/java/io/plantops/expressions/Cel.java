package io.plantops.expressions;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.compiler.CelCompiler;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Shared plumbing: one runtime, compile with readable errors, evaluate with readable errors. */
final class Cel {

  static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private Cel() {}

  static CelAbstractSyntaxTree compile(CelCompiler compiler, String expression, String what)
      throws ExpressionException {
    if (expression == null || expression.isBlank()) {
      throw new ExpressionException(what + " is empty");
    }
    try {
      return compiler.compile(expression).getAst();
    } catch (CelValidationException e) {
      String message = e.getMessage();
      String hint =
          message.contains("no matching overload") && message.contains("int")
              ? " (CEL does not mix int and double: write numbers as 2.0, not 2)"
              : "";
      throw new ExpressionException(
          what + " '" + expression + "' does not compile: " + oneLine(message) + hint, e);
    }
  }

  static Object evaluate(CelRuntime.Program program, Map<String, ?> variables, String what)
      throws ExpressionException {
    try {
      return program.eval(variables);
    } catch (CelEvaluationException e) {
      throw new ExpressionException(what + " cannot be evaluated: " + oneLine(e.getMessage()), e);
    }
  }

  /** Names of the variables the checked expression refers to. */
  static Set<String> references(CelAbstractSyntaxTree ast, Set<String> declared) {
    Set<String> names = new TreeSet<>();
    ast.getReferenceMap()
        .values()
        .forEach(
            r -> {
              if (declared.contains(r.name())) {
                names.add(r.name());
              }
            });
    return names;
  }

  private static String oneLine(String message) {
    String first = message == null ? "" : message.strip();
    int newline = first.indexOf('\n');
    String head = newline < 0 ? first : first.substring(0, newline);
    return head.replaceFirst("^ERROR: <input>:", "at ");
  }
}
