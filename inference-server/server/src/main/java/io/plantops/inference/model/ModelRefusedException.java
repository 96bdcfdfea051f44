package io.plantops.inference.model;

import io.plantops.contract.ModelRefusal;
import io.plantops.contract.ModelRefusalReason;

/** A model version refused before or while loading, with the reason and what to fix. */
public final class ModelRefusedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final ModelRefusalReason reason;

  public ModelRefusedException(ModelRefusalReason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public ModelRefusedException(ModelRefusalReason reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  /** The reason, one of the values the status document reports. */
  public ModelRefusalReason reason() {
    return reason;
  }

  /** The refusal as the status document carries it. */
  public ModelRefusal refusal() {
    return ModelRefusal.of(reason, getMessage());
  }

  /** {@code Reason: detail}, as written to status and logs. */
  public String describe() {
    return refusal().toString();
  }
}
