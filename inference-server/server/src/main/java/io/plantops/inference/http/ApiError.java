package io.plantops.inference.http;

/** A request refused with a status code, a metric reason and a message naming what is wrong. */
final class ApiError extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String reason;

  ApiError(int status, String reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  int status() {
    return status;
  }

  /** Low-cardinality reason for the errors metric, e.g. MalformedJson. */
  String reason() {
    return reason;
  }

  /** Longest piece of a request echoed in a message. */
  static final int ECHO_LIMIT = 64;

  /**
   * A piece of the request (a name, a token, a path) fit to echo in a message: control characters
   * replaced, at most {@link #ECHO_LIMIT} characters, the rest counted rather than repeated.
   */
  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), ECHO_LIMIT) + 24);
    for (int i = 0; i < s.length() && i < ECHO_LIMIT; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    if (s.length() > ECHO_LIMIT) {
      b.append("... (").append(s.length()).append(" characters)");
    }
    return b.toString();
  }

  static ApiError badRequest(String reason, String message) {
    return new ApiError(400, reason, message);
  }

  static ApiError notFound(String reason, String message) {
    return new ApiError(404, reason, message);
  }
}
