package io.plantops.connector;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand. */
public final class ManualClock extends Clock {

  private volatile long ms;

  public ManualClock(long ms) {
    this.ms = ms;
  }

  /** Sets the time. */
  public void set(long ms) {
    this.ms = ms;
  }

  /** Moves the time on by {@code ms}. */
  public void advance(long ms) {
    this.ms += ms;
  }

  @Override
  public long millis() {
    return ms;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(ms);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
