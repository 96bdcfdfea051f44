package io.plantops.connector.write;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The write path's heartbeat. The loop is healthy only while all of these hold:
 *
 * <ul>
 *   <li>the OPC UA session is connected and no data gap is open;
 *   <li>the inference server acknowledged a signal batch within the watchdog period;
 *   <li>a poll of its recommendations succeeded within the watchdog period.
 * </ul>
 *
 * The age of each recommendation is checked separately (older than the period is never written). An
 * unhealthy loop writes nothing: the plant keeps its last setpoint, which is the control system's
 * own fallback, and every withheld recommendation is audited.
 */
public final class Watchdog {

  private final long periodMs;
  private final long startedMs;
  private volatile long lastAckMs;
  private volatile long lastPollMs;
  private final BooleanSupplier connected;
  private final BooleanSupplier gapOpen;

  /**
   * A watchdog.
   *
   * @param connected whether the OPC UA session is connected, asked at every verdict
   * @param gapOpen whether a data gap is open, asked at every verdict
   */
  public Watchdog(
      long periodMs, long startedMs, BooleanSupplier connected, BooleanSupplier gapOpen) {
    this.periodMs = periodMs;
    this.startedMs = startedMs;
    this.connected = connected;
    this.gapOpen = gapOpen;
  }

  /** The period. */
  public long periodMs() {
    return periodMs;
  }

  /** A batch was acknowledged. */
  public void batchAcknowledged(long nowMs) {
    lastAckMs = nowMs;
  }

  /** A recommendation poll succeeded. */
  public void recommendationsPolled(long nowMs) {
    lastPollMs = nowMs;
  }

  /**
   * The verdict now.
   *
   * @param healthy true when writes may happen
   * @param detail why not, or empty
   */
  public record Health(boolean healthy, String detail) {}

  /** Health at {@code nowMs}. */
  public Health health(long nowMs) {
    List<String> problems = new ArrayList<>();
    if (!connected.getAsBoolean()) {
      problems.add("OPC UA session not connected");
    }
    if (gapOpen.getAsBoolean()) {
      problems.add("a data gap is open");
    }
    if (nowMs - Math.max(lastAckMs, 0) > periodMs) {
      problems.add(
          lastAckMs == 0
              ? "no signal batch acknowledged yet"
              : "no signal batch acknowledged for " + (nowMs - lastAckMs) / 1000 + " s");
    }
    if (nowMs - Math.max(lastPollMs, 0) > periodMs) {
      problems.add(
          lastPollMs == 0
              ? "no recommendation poll answered yet"
              : "no recommendation poll answered for " + (nowMs - lastPollMs) / 1000 + " s");
    }
    return new Health(problems.isEmpty(), String.join("; ", problems));
  }

  /** Last acknowledged batch, 0 when none. */
  public long lastAckMs() {
    return lastAckMs;
  }

  /** Last answered poll, 0 when none. */
  public long lastPollMs() {
    return lastPollMs;
  }

  /** When the watchdog started. */
  public long startedMs() {
    return startedMs;
  }
}
