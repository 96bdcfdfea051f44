package io.plantops.contract.rules;

import io.plantops.contract.ResolvedPlantConfig.ConnectorSettings;
import java.time.Duration;

/**
 * When a signal is stale: the project's one staleness rule, applied by the connector (which reads
 * the plant) and by the inference server (which receives the connector's batches).
 *
 * <p>A signal is stale when its newest sample is older than {@code intervals} of its sampling
 * intervals, plus the delivery allowance of the side that applies the rule: zero where samples are
 * read from the plant, one batch transit where they arrive from the connector.
 *
 * @param intervals sampling intervals a signal may go without an update, at least 1
 * @param deliveryAllowance time a sample may spend between the plant and the side applying the rule
 */
public record Staleness(int intervals, Duration deliveryAllowance) {

  /** {@code Plant.spec.connector.staleAfterIntervals} when the Plant does not say. */
  public static final int DEFAULT_INTERVALS = 3;

  public Staleness {
    if (intervals < 1) {
      throw new IllegalArgumentException("staleness needs at least one interval, not " + intervals);
    }
    if (deliveryAllowance.isNegative()) {
      throw new IllegalArgumentException("a delivery allowance cannot be negative");
    }
  }

  /**
   * The rule of a plant's config, with no delivery allowance. A config without connector settings,
   * or with a count below one, gets {@link #DEFAULT_INTERVALS}.
   */
  public static Staleness of(ConnectorSettings settings) {
    int n = settings == null ? 0 : settings.staleAfterIntervals();
    return new Staleness(n < 1 ? DEFAULT_INTERVALS : n, Duration.ZERO);
  }

  /** The same rule, applied where samples arrive {@code allowance} after they were read. */
  public Staleness withDeliveryAllowance(Duration allowance) {
    return new Staleness(intervals, allowance);
  }

  /**
   * Age in milliseconds beyond which a signal sampled every {@code samplingIntervalMs} is stale.
   */
  public long staleAfterMs(long samplingIntervalMs) {
    return intervals * Math.max(0, samplingIntervalMs) + deliveryAllowance.toMillis();
  }

  /** True when a sample taken (or received) at {@code lastMs} is stale at {@code nowMs}. */
  public boolean isStale(long lastMs, long nowMs, long samplingIntervalMs) {
    return nowMs - lastMs > staleAfterMs(samplingIntervalMs);
  }
}
