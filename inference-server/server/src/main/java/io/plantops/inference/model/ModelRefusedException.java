package io.plantops.inference.model;

/** A model version refused before or while loading, with the reason and what to fix. */
public final class ModelRefusedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final RefusalReason reason;

  public ModelRefusedException(RefusalReason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public ModelRefusedException(RefusalReason reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  /** The reason, one of the values the status document reports. */
  public RefusalReason reason() {
    return reason;
  }

  /** {@code Reason: detail}, as written to status and logs. */
  public String describe() {
    return reason + ": " + getMessage();
  }
}
