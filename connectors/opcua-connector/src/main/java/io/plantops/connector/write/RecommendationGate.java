package io.plantops.connector.write;

import io.plantops.contract.WriteReason;
import java.util.Optional;

/**
 * Admits each recommendation of one use case at most once and in order, and only while fresh.
 *
 * <p>Order is by (epoch, seq): the poller starts a new epoch when the inference server restarted
 * and its sequence numbers began again. Within and across epochs the evaluation timestamps must
 * strictly increase, so a replayed or reordered message is refused even when its seq looks new.
 */
public final class RecommendationGate {

  private long epoch = Long.MIN_VALUE;
  private long seq = Long.MIN_VALUE;
  private long timestampMs = Long.MIN_VALUE;

  /**
   * Checks a recommendation; when admitted it becomes the newest.
   *
   * @param maxAgeMs older than this (by its timestamp) is too old
   * @param maxSkewMs newer than now plus this is from the future
   * @return empty when admitted, or why not
   */
  public Optional<WriteReason> admit(
      long recEpoch, long recSeq, long recTimestampMs, long nowMs, long maxAgeMs, long maxSkewMs) {
    if (recEpoch < epoch || (recEpoch == epoch && recSeq < seq)) {
      return Optional.of(WriteReason.OUT_OF_ORDER);
    }
    if (recEpoch == epoch && recSeq == seq) {
      return Optional.of(WriteReason.DUPLICATE);
    }
    if (recTimestampMs == timestampMs) {
      return Optional.of(WriteReason.DUPLICATE);
    }
    if (recTimestampMs < timestampMs) {
      return Optional.of(WriteReason.OUT_OF_ORDER);
    }
    if (recTimestampMs > nowMs + maxSkewMs) {
      return Optional.of(WriteReason.FROM_THE_FUTURE);
    }
    // admitted in order: later messages are judged against this one even if it turns out too old
    epoch = recEpoch;
    seq = recSeq;
    timestampMs = recTimestampMs;
    if (recTimestampMs < nowMs - maxAgeMs) {
      return Optional.of(WriteReason.TOO_OLD);
    }
    return Optional.empty();
  }

  /** Takes over another gate's position (a config reload must not re-admit old messages). */
  public void inheritFrom(RecommendationGate previous) {
    epoch = previous.epoch;
    seq = previous.seq;
    timestampMs = previous.timestampMs;
  }
}
