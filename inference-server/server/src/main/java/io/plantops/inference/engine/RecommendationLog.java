package io.plantops.inference.engine;

import io.plantops.contract.Recommendation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recent recommendations of every use case, for {@code GET /v1/recommendations?after=seq}.
 *
 * <p>Sequence numbers start at the server's start time in microseconds since the epoch and grow by
 * one: monotonic within the server's lifetime as the contract asks, and, unlike a counter from 1,
 * still above anything a connector saw from the previous process after a restart, so its {@code
 * after} cursor never hides new recommendations.
 */
public final class RecommendationLog {

  /** Recommendations kept: at one per minute per use case, hours of history for a few use cases. */
  public static final int CAPACITY = 4096;

  private final Recommendation[] ring = new Recommendation[CAPACITY];
  private int next;
  private int size;
  private long seq;

  public RecommendationLog(long startMs) {
    this.seq = startMs * 1000L;
  }

  /** Assigns the next sequence number and keeps the recommendation. */
  public synchronized Recommendation append(Recommendation r) {
    Recommendation numbered =
        new Recommendation(
            ++seq,
            r.useCase(),
            r.modelVersion(),
            r.phase(),
            r.timestampMs(),
            r.snapshotId(),
            r.outputs(),
            r.explanation());
    ring[next] = numbered;
    next = (next + 1) % CAPACITY;
    size = Math.min(size + 1, CAPACITY);
    return numbered;
  }

  /** Up to {@code limit} recommendations with seq above {@code after}, oldest first. */
  public synchronized List<Recommendation> after(long after, Optional<String> useCase, int limit) {
    List<Recommendation> result = new ArrayList<>();
    int start = (next - size + CAPACITY) % CAPACITY;
    for (int i = 0; i < size && result.size() < limit; i++) {
      Recommendation r = ring[(start + i) % CAPACITY];
      if (r.seq() > after && (useCase.isEmpty() || useCase.get().equals(r.useCase()))) {
        result.add(r);
      }
    }
    return result;
  }
}
