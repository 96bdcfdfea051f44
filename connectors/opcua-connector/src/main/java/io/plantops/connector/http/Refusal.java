package io.plantops.connector.http;

/**
 * A request the connector refuses: a status code, a reason (an enum, written by name in the body
 * {@code {"error", "reason"}} and as the {@code reason} label of {@code
 * plantops_connector_http_refusals_total}) and a message naming what is wrong and what to do.
 */
final class Refusal extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a request was refused. */
  enum Reason {
    UnknownPath(404),
    MethodNotAllowed(405),
    InvalidParameter(400),
    MalformedTemplate(400),
    BodyTooLarge(413),
    NoConfig(503),
    NotConnected(503),
    PlantBusy(503),
    BrowseFailed(502),
    Internal(500);

    final int status;

    Reason(int status) {
      this.status = status;
    }
  }

  private final Reason reason;

  Refusal(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }

  int status() {
    return reason.status;
  }
}
