package io.plantops.contract.rules;

import io.plantops.contract.ResolvedPlantConfig.ConnectorSettings;
import java.time.Duration;

/**
 * When a signal is stale: the project's one staleness rule, applied by the connector (which reads
 * the plant) and by the inference server (which receives the connector's batches).
 *
 * <p>OPC UA reports by exception (Part 4 §5.12.1, §7.22): a monitored value that does not change
 * produces no notification, however long it holds. The absence of notifications therefore says
 * nothing; the health of the subscription does. A value is valid while the subscription that
 * monitors it is alive, and stale when:
 *
 * <ul>
 *   <li>its subscription has sent no publish response, neither data nor keep-alive, for {@code
 *       intervals} of its keep-alive periods (the server-revised publishing interval times the
 *       server-revised max keep-alive count, Part 4 §5.13.1), or was never answered at all ({@link
 *       #subscriptionSilent});
 *   <li>its mapping sets a maximum age and the source timestamp of its newest value is older than
 *       that ({@link #tooOld}): for tags that must move, such as a lab value.
 * </ul>
 *
 * <p>The inference server cannot see subscriptions; it sees the connector's batches, each of which
 * carries the connector's liveness report. There a signal is stale when the connector reported it
 * stale, or when neither a sample nor a liveness report vouched for it within {@code intervals} of
 * its sampling intervals plus one batch transit ({@link #isStale}).
 *
 * @param intervals keep-alive periods (connector) or sampling intervals (inference server) a signal
 *     may go without evidence of life, at least 1
 * @param deliveryAllowance time a report may spend between the connector and the side applying the
 *     rule
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

  /** The same rule, applied where reports arrive {@code allowance} after they were made. */
  public Staleness withDeliveryAllowance(Duration allowance) {
    return new Staleness(intervals, allowance);
  }

  /**
   * True when a subscription whose last publish response (data or keep-alive) arrived at {@code
   * lastPublishMs} (0: none yet) is silent at {@code nowMs}: every signal it monitors is stale.
   *
   * @param keepAlivePeriodMs revised publishing interval × revised max keep-alive count
   */
  public boolean subscriptionSilent(long lastPublishMs, long nowMs, long keepAlivePeriodMs) {
    return lastPublishMs == 0 || nowMs - lastPublishMs > intervals * Math.max(0, keepAlivePeriodMs);
  }

  /**
   * True when a value with source timestamp {@code sourceMs} is older than the mapping's maximum
   * age at {@code nowMs}; never when the mapping sets none ({@code maxAgeMs} null or not positive).
   */
  public static boolean tooOld(long sourceMs, long nowMs, Long maxAgeMs) {
    return maxAgeMs != null && maxAgeMs > 0 && nowMs - sourceMs > maxAgeMs;
  }

  /**
   * Age in milliseconds beyond which the newest evidence of a signal sampled every {@code
   * samplingIntervalMs} is too old (inference server side).
   */
  public long staleAfterMs(long samplingIntervalMs) {
    return intervals * Math.max(0, samplingIntervalMs) + deliveryAllowance.toMillis();
  }

  /**
   * True when the newest evidence of a signal (a sample, or a liveness report that vouched for it)
   * dates from {@code lastMs} and is too old at {@code nowMs}.
   */
  public boolean isStale(long lastMs, long nowMs, long samplingIntervalMs) {
    return nowMs - lastMs > staleAfterMs(samplingIntervalMs);
  }
}
