package io.plantops.connector.write;

import io.plantops.contract.WriteReason;
import java.util.OptionalDouble;

/**
 * The numeric safety envelope of one setpoint output: limits, rate of change and deadband. Pure and
 * clock-free: time comes in as arguments.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>the recommended value must be finite (NaN and ±Inf are refused, never clamped);
 *   <li>the plant's current setpoint (the base of the move) must be known and inside [min, max];
 *   <li>the value is clamped into [min, max];
 *   <li>a move smaller than the deadband is not written;
 *   <li>rate: the sum of |written - base| over this envelope's writes in any 60 s window never
 *       (both ends included) exceeds maxRatePerMinute; the move is cut to what the window has left,
 *       and withheld when that is below the deadband.
 * </ol>
 *
 * Hence every written value lies in [min, max], moves at least the deadband, and the movement per
 * minute never exceeds the rate.
 */
public final class WriteEnvelope {

  /** Rate window (the rate is per minute). */
  public static final long WINDOW_MS = 60_000;

  private static final int HISTORY = 256;

  /**
   * The output's limits.
   *
   * @param min lowest writable value
   * @param max highest writable value
   * @param maxRatePerMinute largest total movement within any 60 s
   * @param deadband smallest move worth writing
   */
  public record Limits(double min, double max, double maxRatePerMinute, double deadband) {

    /** True when the limits can be enforced. */
    public boolean valid() {
      return Double.isFinite(min)
          && Double.isFinite(max)
          && min <= max
          && Double.isFinite(maxRatePerMinute)
          && maxRatePerMinute > 0
          && Double.isFinite(deadband)
          && deadband >= 0;
    }
  }

  /**
   * The envelope's verdict on one value.
   *
   * @param reason why (written or withheld)
   * @param requested the recommended value
   * @param target the value after clamping (NaN when refused before clamping)
   * @param value the value to write (NaN when withheld)
   * @param base the plant's setpoint the move starts from (NaN when unknown)
   */
  public record Verdict(
      WriteReason reason, double requested, double target, double value, double base) {

    /** True when {@link #value()} is to be written. */
    public boolean write() {
      return reason.written();
    }
  }

  private final Limits limits;
  private final long[] times = new long[HISTORY];
  private final double[] moves = new double[HISTORY];
  private int start;
  private int count;

  public WriteEnvelope(Limits limits) {
    this.limits = limits;
  }

  /** The limits. */
  public Limits limits() {
    return limits;
  }

  /**
   * Judges a recommended value.
   *
   * @param requested recommended value (any double)
   * @param nowMs current time
   * @param plantSetpoint the plant's current setpoint when Good and fresh
   */
  public Verdict judge(double requested, long nowMs, OptionalDouble plantSetpoint) {
    if (!limits.valid()) {
      return withheld(WriteReason.ENVELOPE_INVALID, requested, Double.NaN, Double.NaN);
    }
    if (!Double.isFinite(requested)) {
      return withheld(WriteReason.NOT_FINITE, requested, Double.NaN, Double.NaN);
    }
    if (plantSetpoint.isEmpty() || !Double.isFinite(plantSetpoint.getAsDouble())) {
      return withheld(WriteReason.SETPOINT_UNKNOWN, requested, Double.NaN, Double.NaN);
    }
    double base = plantSetpoint.getAsDouble();
    if (base < limits.min() || base > limits.max()) {
      return withheld(WriteReason.SETPOINT_OUTSIDE_LIMITS, requested, Double.NaN, base);
    }
    double target = Math.max(limits.min(), Math.min(limits.max(), requested));
    boolean clamped = target != requested;
    double move = target - base;
    if (Math.abs(move) < limits.deadband() || move == 0.0) {
      return withheld(WriteReason.WITHIN_DEADBAND, requested, target, base);
    }
    double left = budget(nowMs);
    double step = Math.abs(move);
    if (step > left) {
      if (left < limits.deadband() || left <= 0.0) {
        return withheld(WriteReason.RATE_LIMITED, requested, target, base);
      }
      double value = base + Math.copySign(left, move);
      // floating-point rounding must not make the realised move exceed what the window has left
      while (Math.abs(value - base) > left) {
        value = Math.nextAfter(value, base);
      }
      if (Math.abs(value - base) < limits.deadband()) {
        return withheld(WriteReason.RATE_LIMITED, requested, target, base);
      }
      // base and target are inside [min, max] and value lies between them
      return new Verdict(WriteReason.RATE_LIMITED_STEP, requested, target, value, base);
    }
    return new Verdict(
        clamped ? WriteReason.CLAMPED : WriteReason.WRITTEN, requested, target, target, base);
  }

  /** Records a write that reached (or may have reached) the plant, for the rate window. */
  public void committed(long nowMs, double base, double written) {
    evict(nowMs);
    if (count == HISTORY) {
      // more writes in a minute than the history holds: keep the window conservative by merging
      // the two oldest moves into one at the newer time
      int a = start;
      int b = (start + 1) % HISTORY;
      moves[b] += moves[a];
      start = b;
      count--;
    }
    int slot = (start + count) % HISTORY;
    times[slot] = nowMs;
    moves[slot] = Math.abs(written - base);
    count++;
  }

  /** Movement still allowed in the window ending now. */
  public double budget(long nowMs) {
    evict(nowMs);
    double used = 0;
    for (int i = 0; i < count; i++) {
      used += moves[(start + i) % HISTORY];
    }
    return Math.max(0.0, limits.maxRatePerMinute() - used);
  }

  private void evict(long nowMs) {
    while (count > 0 && times[start] < nowMs - WINDOW_MS) {
      start = (start + 1) % HISTORY;
      count--;
    }
  }

  private static Verdict withheld(
      WriteReason reason, double requested, double target, double base) {
    return new Verdict(reason, requested, target, Double.NaN, base);
  }

  /** Takes over another envelope's recent writes (a config reload must not refill the budget). */
  public void inheritFrom(WriteEnvelope previous) {
    for (int i = 0; i < previous.count; i++) {
      int slot = (previous.start + i) % HISTORY;
      committed(previous.times[slot], 0.0, previous.moves[slot]);
    }
  }
}
