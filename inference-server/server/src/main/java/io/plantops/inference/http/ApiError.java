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

  static ApiError badRequest(String reason, String message) {
    return new ApiError(400, reason, message);
  }

  static ApiError notFound(String reason, String message) {
    return new ApiError(404, reason, message);
  }
}
