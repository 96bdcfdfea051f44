package io.plantops.connector.delivery;

import io.plantops.contract.Recommendation;
import java.io.IOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls {@code GET /v1/recommendations?after=seq} and hands each new recommendation, in sequence
 * order, to a handler with its epoch.
 *
 * <p>Sequence numbers are monotonic only within the inference server's lifetime. When nothing new
 * came for a while, the poller asks from 0: if the newest sequence it gets is below the one it
 * knows, the server restarted, a new epoch starts and the poller follows the new numbering (the
 * write path still refuses anything not newer, by timestamp, than what it processed).
 */
public final class RecommendationPoller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecommendationPoller.class);

  /** Receives recommendations. */
  public interface Handler {
    void onRecommendation(Recommendation rec, long epoch);
  }

  private final InferenceClient client;
  private final Handler handler;
  private final LongConsumer onPolled;
  private final Clock clock;
  private final long intervalMs;
  private final long restartProbeMs;
  private final Thread thread;
  private final Object wake = new Object();
  private volatile boolean running = true;
  private volatile long lastSeq;
  private volatile long epoch;
  private long lastNewMs;
  private boolean failing;

  public RecommendationPoller(
      InferenceClient client,
      Handler handler,
      LongConsumer onPolled,
      Clock clock,
      long intervalMs,
      long restartProbeMs,
      long startAfter,
      long startEpoch) {
    this.client = client;
    this.handler = handler;
    this.onPolled = onPolled;
    this.clock = clock;
    this.intervalMs = intervalMs;
    this.restartProbeMs = restartProbeMs;
    this.lastSeq = startAfter;
    this.epoch = startEpoch;
    this.lastNewMs = clock.millis();
    this.thread = new Thread(this::loop, "plantops-recommendations");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop() {
    while (running) {
      try {
        pollOnce();
        synchronized (wake) {
          if (running) {
            wake.wait(intervalMs);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("handling recommendations failed, continuing", e);
      }
    }
  }

  /** One poll (public for tests). */
  void pollOnce() {
    long now = clock.millis();
    List<Recommendation> recs;
    try {
      recs = client.recommendations(lastSeq);
      if (recs.isEmpty() && now - lastNewMs > restartProbeMs && lastSeq > 0) {
        List<Recommendation> all = client.recommendations(0);
        long newest = all.stream().mapToLong(Recommendation::seq).max().orElse(0);
        if (!all.isEmpty() && newest < lastSeq) {
          epoch++;
          LOG.warn(
              "inference server {} restarted (its newest seq {} is below {}): epoch {}",
              client.base(),
              newest,
              lastSeq,
              epoch);
          lastSeq = 0;
          recs = all;
        }
        lastNewMs = now;
      }
    } catch (IOException e) {
      if (!failing) {
        LOG.warn("cannot poll recommendations from {}: {}", client.base(), e.getMessage());
      }
      failing = true;
      return;
    }
    if (failing) {
      LOG.info("recommendations from {} answer again", client.base());
    }
    failing = false;
    onPolled.accept(clock.millis());
    recs.stream()
        .filter(r -> r.seq() > lastSeq)
        .sorted(Comparator.comparingLong(Recommendation::seq))
        .forEach(
            r -> {
              lastSeq = r.seq();
              lastNewMs = clock.millis();
              handler.onRecommendation(r, epoch);
            });
  }

  /** Newest sequence number handled. */
  public long lastSeq() {
    return lastSeq;
  }

  /** Current epoch. */
  public long epoch() {
    return epoch;
  }

  /**
   * Stops polling once the recommendations in hand are handled: the thread is woken from its wait,
   * not interrupted, because an interrupt would cut short a write to the plant (its outcome then
   * unknown) and its audit line. Only a thread that outlives the patience is interrupted.
   */
  @Override
  public void close() {
    running = false;
    synchronized (wake) {
      wake.notifyAll();
    }
    long patienceMs = 2 * client.timeout().toMillis() + 1000;
    try {
      thread.join(patienceMs);
      if (thread.isAlive()) {
        LOG.warn(
            "the recommendation poller did not stop within {} ms; interrupting it", patienceMs);
        thread.interrupt();
        thread.join(5000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
