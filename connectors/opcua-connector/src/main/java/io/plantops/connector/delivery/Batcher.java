package io.plantops.connector.delivery;

import io.plantops.connector.mapping.Qualities;
import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalStore.SampleChunk;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SignalSample;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the mapped samples into {@link SignalBatch}es: every flush interval, or sooner when the
 * store's ring is half full, at most {@code maxSamples} per batch. Batch ids are {@code
 * <plant>-<run>-<n>}: unique across restarts, kept when a batch is replayed.
 *
 * <p>Every flush sends the connector's liveness report ({@link SignalBatch#stale}), the signals
 * stale at that moment, with the samples or alone when none changed: under report by exception the
 * report is what tells the inference server that a value that has not changed is still valid.
 *
 * <p>Closing stops the thread without interrupting it (an interrupt in the middle of handing a
 * batch to the sink would drop it), then cuts a last batch of what the store still holds. A flush
 * runs on one thread at a time, so that last one never overlaps the thread's.
 */
public final class Batcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

  private final SignalStore store;
  private final String plant;
  private final Consumer<SignalBatch> sink;
  private final long flushIntervalMs;
  private final Clock clock;
  private final SampleChunk chunk;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong counter = new AtomicLong();
  private final Object signal = new Object();
  private final Object flushing = new Object();
  private final Thread thread;
  private volatile boolean running = true;
  private boolean woken;

  public Batcher(
      SignalStore store,
      String plant,
      Consumer<SignalBatch> sink,
      long flushIntervalMs,
      int maxSamples) {
    this(store, plant, sink, flushIntervalMs, maxSamples, Clock.systemUTC());
  }

  /** A batcher that judges staleness by {@code clock}, as the rest of the connector does. */
  public Batcher(
      SignalStore store,
      String plant,
      Consumer<SignalBatch> sink,
      long flushIntervalMs,
      int maxSamples,
      Clock clock) {
    this.clock = clock;
    this.store = store;
    this.plant = plant;
    this.sink = sink;
    this.flushIntervalMs = flushIntervalMs;
    this.chunk = new SampleChunk(maxSamples);
    this.thread = new Thread(this::loop, "plantops-batcher");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Wakes the batcher early (the ring is filling up). Never blocks. */
  public void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  private void loop() {
    while (running) {
      try {
        synchronized (signal) {
          if (!woken && running) {
            signal.wait(flushIntervalMs);
          }
          woken = false;
        }
        if (running) {
          flush();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("batching failed, continuing", e);
      }
    }
  }

  /** Drains everything mapped so far into batches. */
  public void flush() {
    synchronized (flushing) {
      drainAll();
    }
  }

  private void drainAll() {
    List<String> stale = store.staleSignals(clock.millis());
    boolean sent = false;
    while (store.drain(chunk) > 0) {
      List<SignalSample> samples = new ArrayList<>(chunk.size());
      for (int i = 0; i < chunk.size(); i++) {
        samples.add(
            new SignalSample(
                store.table().name(chunk.index(i)),
                chunk.time(i),
                chunk.value(i),
                Qualities.quality(chunk.quality(i))));
      }
      sink.accept(
          new SignalBatch(
              plant, plant + "-" + run + "-" + counter.incrementAndGet(), false, samples, stale));
      sent = true;
    }
    if (!sent) {
      sink.accept(
          new SignalBatch(
              plant, plant + "-" + run + "-" + counter.incrementAndGet(), false, List.of(), stale));
    }
  }

  /** Batches cut so far. */
  public long batches() {
    return counter.get();
  }

  /**
   * Stops the thread once its flush in progress is done, then flushes what is left. The sink may
   * block (a full delivery queue waits up to 10 s per batch), so the wait is long; the thread is
   * interrupted only if it outlives it.
   */
  @Override
  public void close() {
    running = false;
    wake();
    try {
      thread.join(30_000);
      if (thread.isAlive()) {
        LOG.error("the batcher thread did not stop within 30 s; interrupting it");
        thread.interrupt();
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
