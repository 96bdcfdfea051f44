package io.plantops.contract.rules;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for every retry loop of the project: the connector's session and
 * its store-and-forward replay, and the sandbox's restarts of crashed processes.
 *
 * <p>The delay doubles from {@code initial} up to {@code max}; each delay is then stretched by a
 * random fraction of up to {@code jitter}, as client-go's {@code wait.Backoff} does, so that the
 * connectors of many plants that lost the same server do not all come back in the same second. A
 * success resets it. One instance per retry loop; not thread-safe.
 */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final double jitter;
  private final RandomGenerator random;
  private Duration base;
  private int failures;

  /**
   * @param initial first delay, more than zero
   * @param max largest delay before jitter, at least {@code initial}
   * @param jitter largest random stretch, as a fraction of the delay (0 for none, at most 1)
   * @param random the source of the jitter (seeded in tests)
   */
  public Backoff(Duration initial, Duration max, double jitter, RandomGenerator random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max, got initial " + initial + " and max " + max);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("backoff jitter is a fraction from 0 to 1, not " + jitter);
    }
    this.initial = initial;
    this.max = max;
    this.jitter = jitter;
    this.random = random;
    this.base = initial;
  }

  /** 1 s doubling to 30 s, stretched by up to 20 %: the project's default for every retry loop. */
  public static Backoff standard() {
    return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, new Random());
  }

  /** Counts a failure and returns how long to wait before the next attempt. */
  public Duration next() {
    Duration delay = base;
    failures++;
    base = base.compareTo(max.dividedBy(2)) > 0 ? max : base.multipliedBy(2);
    if (jitter == 0) {
      return delay;
    }
    long stretch = (long) (delay.toNanos() * jitter * random.nextDouble());
    return delay.plusNanos(stretch);
  }

  /** After a success: the next failure waits {@code initial} again. */
  public void reset() {
    base = initial;
    failures = 0;
  }

  /** Failures since the last success. */
  public int failures() {
    return failures;
  }

  /** The delay before jitter that the next failure will get. */
  public Duration upcoming() {
    return base;
  }
}
