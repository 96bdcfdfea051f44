package io.plantops.connector.delivery;

import io.plantops.connector.mapping.Qualities;
import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalStore.SampleChunk;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SignalSample;
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
 */
public final class Batcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

  private final SignalStore store;
  private final String plant;
  private final Consumer<SignalBatch> sink;
  private final long flushIntervalMs;
  private final SampleChunk chunk;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong counter = new AtomicLong();
  private final Object signal = new Object();
  private final Thread thread;
  private volatile boolean running = true;
  private boolean woken;

  public Batcher(
      SignalStore store,
      String plant,
      Consumer<SignalBatch> sink,
      long flushIntervalMs,
      int maxSamples) {
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
          if (!woken) {
            signal.wait(flushIntervalMs);
          }
          woken = false;
        }
        flush();
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
              plant, plant + "-" + run + "-" + counter.incrementAndGet(), false, samples));
    }
  }

  /** Batches cut so far. */
  public long batches() {
    return counter.get();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
