package io.plantops.expressions;

/** A CEL expression that does not compile, or an evaluation that cannot give a value. */
public final class ExpressionException extends Exception {
  private static final long serialVersionUID = 1L;

  public ExpressionException(String message) {
    super(message);
  }

  public ExpressionException(String message, Throwable cause) {
    super(message, cause);
  }
}
