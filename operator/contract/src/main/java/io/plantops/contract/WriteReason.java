package io.plantops.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Why the connector wrote a recommended setpoint as it did, or withheld it. On the wire (the
 * connector's status) and as a metric label it is {@link #label()}.
 */
public enum WriteReason {
  // written
  /** Written as recommended. */
  WRITTEN(true),
  /** Written after clamping into the calibrated limits. */
  CLAMPED(true),
  /** Written as a partial step: the rate limit allowed only part of the move. */
  RATE_LIMITED_STEP(true),

  // withheld: the use case or the output may not be written
  /** The use case's live phase is not ClosedLoop (or the recommendation was made in another). */
  NOT_CLOSED_LOOP(false),
  /** The output is not written (write flag off: not a setpoint, not ReadWrite, writes disabled). */
  NOT_WRITABLE(false),
  /** The recommendation came from another model version than the active one. */
  UNKNOWN_MODEL_VERSION(false),
  /** The recommendation has no value for this output. */
  OUTPUT_MISSING(false),
  /** The limits, rate or deadband of the output are missing or invalid. */
  ENVELOPE_INVALID(false),

  // withheld: the message itself
  /** Same sequence number (or timestamp) as one already processed. */
  DUPLICATE(false),
  /** Older than one already processed. */
  OUT_OF_ORDER(false),
  /** Older than the watchdog allows. */
  TOO_OLD(false),
  /** Timestamped in the future beyond the allowed clock skew. */
  FROM_THE_FUTURE(false),
  /** NaN or infinite. */
  NOT_FINITE(false),

  // withheld: the loop or the plant
  /** The watchdog says the loop is unhealthy. */
  LOOP_UNHEALTHY(false),
  /** An input of the use case is stale. */
  INPUT_STALE(false),
  /** An input of the use case is not Good. */
  INPUT_NOT_GOOD(false),
  /** The plant's current setpoint is unknown, stale or not Good. */
  SETPOINT_UNKNOWN(false),
  /** The plant's current setpoint lies outside the calibrated limits: an operator must act. */
  SETPOINT_OUTSIDE_LIMITS(false),
  /** The change is smaller than the deadband. */
  WITHIN_DEADBAND(false),
  /** The rate budget of the last minute is spent (what is left is below the deadband). */
  RATE_LIMITED(false),
  /** The plant refused the write (the OPC UA status is in the detail). */
  WRITE_FAILED(false),
  /** The session to the plant is not connected. */
  NOT_CONNECTED(false),
  /** The audit log cannot be written: no write happens without its audit line. */
  AUDIT_UNAVAILABLE(false);

  private final boolean written;

  WriteReason(boolean written) {
    this.written = written;
  }

  /** True for the reasons of a write. */
  public boolean written() {
    return written;
  }

  /** Lower-case wire name and metric label: {@code input_stale}. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
