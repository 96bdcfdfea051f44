package io.plantops.connector.delivery;

import io.plantops.contract.SignalBatch;
import io.plantops.contract.rules.Backoff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers signal batches to the inference server in order, with store-and-forward.
 *
 * <p>While the server answers and the disk buffer is empty, batches go straight out. When a post
 * fails, that batch and every later one go to the {@link SegmentBuffer} (marked {@code replayed})
 * so order is kept; the buffer is replayed oldest first, with backoff, until it is empty, and only
 * then do batches go straight out again. A batch the server refuses as malformed (HTTP 4xx) is
 * logged and counted, never retried forever. A refused data-path token (401, 403) is not the
 * batch's fault: the client reports it as unavailable, so the batch is kept and replayed like one
 * the server did not answer (during a token rotation, until both workloads see the new Secret).
 *
 * <p>Closing never cuts a post short: the delivery thread finishes the post in flight (bounded by
 * the client's timeout), stops replaying, and itself moves what is still queued in memory to the
 * disk buffer, behind what is there, so the next forwarder on that buffer delivers every batch once
 * and in order. Interrupting a post would leave its outcome unknown and the batch sent twice.
 */
public final class Forwarder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

  private final InferenceClient client;
  private final SegmentBuffer buffer;
  private final Clock clock;
  private final LongConsumer onAck;
  private final Backoff backoff;
  private final BlockingQueue<SignalBatch> queue = new ArrayBlockingQueue<>(64);
  private final Thread thread;
  private volatile boolean running = true;
  private final AtomicBoolean closed = new AtomicBoolean();

  private volatile boolean up = true;
  private long nextAttemptMs;
  private volatile String lastError = "";

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong buffered = new AtomicLong();
  private final AtomicLong replayed = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong samplesRejected = new AtomicLong();
  private final java.util.Set<String> loggedRejections =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong droppedInMemory = new AtomicLong();

  /**
   * A forwarder.
   *
   * @param onAck called with the time of each acknowledged batch (the watchdog's heartbeat)
   * @param backoff the delays between replay attempts while the server does not answer (used on the
   *     delivery thread only)
   */
  public Forwarder(
      InferenceClient client,
      SegmentBuffer buffer,
      Clock clock,
      LongConsumer onAck,
      Backoff backoff) {
    this.client = client;
    this.buffer = buffer;
    this.clock = clock;
    this.onAck = onAck;
    this.backoff = backoff;
    this.thread = new Thread(this::run, "plantops-delivery");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Queues a batch for delivery, waiting up to 10 s while the delivery thread is busy (only this
   * thread touches the buffer, which keeps the order). A batch that still finds no room is dropped
   * and counted: the disk itself is then not keeping up.
   */
  public void submit(SignalBatch batch) {
    if (!running) {
      // the delivery thread is gone or going: nobody would take this batch off the queue
      throw new IllegalStateException(
          "batch " + batch.batchId() + " submitted to a closed forwarder; close the batcher first");
    }
    try {
      if (!queue.offer(batch, 10, TimeUnit.SECONDS)) {
        droppedInMemory.incrementAndGet();
        LOG.error(
            "delivery queue full for 10 s: batch {} with {} samples dropped",
            batch.batchId(),
            batch.samples().size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      droppedInMemory.incrementAndGet();
    }
  }

  private void run() {
    try {
      while (running) {
        try {
          SignalBatch batch = queue.poll(200, TimeUnit.MILLISECONDS);
          if (batch != null) {
            deliver(batch);
          }
          replay();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException e) {
          // keep delivering; the failure is logged with its cause, not swallowed
          LOG.error("delivery loop failed, continuing", e);
        }
      }
    } finally {
      keepQueuedOnDisk();
    }
  }

  /** Moves what is queued in memory to the disk buffer; only the delivery thread touches it. */
  private void keepQueuedOnDisk() {
    SignalBatch batch;
    while ((batch = queue.poll()) != null) {
      try {
        store(batch);
      } catch (UncheckedIOException e) {
        droppedInMemory.incrementAndGet();
        LOG.error("batch {} could not be kept on disk at shutdown and is lost", batch.batchId(), e);
      }
    }
  }

  private void deliver(SignalBatch batch) {
    if (!up || buffer.depth() > 0) {
      store(batch);
      return;
    }
    byte[] json = serialise(batch);
    InferenceClient.PostResult result = client.post(json);
    if (result instanceof InferenceClient.PostResult.Acked acked) {
      acknowledged(acked);
      sent.incrementAndGet();
    } else if (result instanceof InferenceClient.PostResult.Unavailable u) {
      down(u.why());
      store(batch);
    } else if (result instanceof InferenceClient.PostResult.Refused r) {
      refused(batch.batchId(), r);
    }
  }

  private void replay() {
    if (buffer.depth() == 0) {
      return;
    }
    long now = clock.millis();
    if (!up && now < nextAttemptMs) {
      return;
    }
    try {
      // a bounded burst per loop, so new batches keep flowing into the buffer behind
      for (int i = 0; i < 100 && running; i++) {
        Optional<byte[]> head = buffer.peek();
        if (head.isEmpty()) {
          if (!up) {
            LOG.info("store-and-forward buffer replayed; delivering directly again");
          }
          up = true;
          backoff.reset();
          return;
        }
        InferenceClient.PostResult result = client.post(head.get());
        if (result instanceof InferenceClient.PostResult.Acked acked) {
          buffer.remove();
          replayed.incrementAndGet();
          acknowledged(acked);
          if (!up) {
            LOG.info(
                "inference server {} answers again: replaying {} buffered batches",
                client.base(),
                buffer.depth() + 1);
            up = true;
          }
        } else if (result instanceof InferenceClient.PostResult.Unavailable u) {
          down(u.why());
          return;
        } else if (result instanceof InferenceClient.PostResult.Refused r) {
          buffer.remove();
          refused("(buffered)", r);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("store-and-forward buffer failed", e);
    }
  }

  private void acknowledged(InferenceClient.PostResult.Acked acked) {
    onAck.accept(clock.millis());
    if (acked.ack().duplicate()) {
      duplicates.incrementAndGet();
    }
    samplesRejected.addAndGet(acked.ack().rejected().size());
    for (var r : acked.ack().rejected()) {
      // each distinct refusal is logged once; the counter keeps the volume
      if (loggedRejections.size() < 1000 && loggedRejections.add(r.signal() + "\n" + r.reason())) {
        LOG.warn(
            "inference server {} rejects samples of {}: {} (counted in"
                + " plantops_connector_samples_rejected_total; logged once)",
            client.base(),
            r.signal(),
            r.reason());
      }
    }
  }

  private void refused(String batchId, InferenceClient.PostResult.Refused r) {
    refused.incrementAndGet();
    LOG.error(
        "inference server {} refused batch {} with HTTP {}: {}; the batch is dropped (check the"
            + " plant name and the signal names against its config)",
        client.base(),
        batchId,
        r.status(),
        r.body());
  }

  private void down(String why) {
    long now = clock.millis();
    if (up) {
      LOG.warn(
          "inference server {} unreachable ({}): buffering batches on disk", client.base(), why);
      backoff.reset();
    }
    Duration delay = backoff.next();
    up = false;
    lastError = why;
    nextAttemptMs = now + delay.toMillis();
  }

  private void store(SignalBatch batch) {
    if (batch.samples().isEmpty()) {
      // a liveness report alone says how the signals were when it was cut; late, it says nothing
      return;
    }
    // the liveness report is dropped too: a replayed batch is late, its report out of date
    SignalBatch replay = new SignalBatch(batch.plant(), batch.batchId(), true, batch.samples());
    try {
      buffer.append(serialise(replay));
      buffered.incrementAndGet();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the store-and-forward buffer", e);
    }
  }

  private static byte[] serialise(SignalBatch batch) {
    try {
      return InferenceClient.json().writeValueAsBytes(batch);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a signal batch", e);
    }
  }

  /** True while batches go straight out. */
  public boolean up() {
    return up;
  }

  /** Last delivery error, or empty. */
  public String lastError() {
    return lastError;
  }

  public long sent() {
    return sent.get();
  }

  public long buffered() {
    return buffered.get();
  }

  public long replayed() {
    return replayed.get();
  }

  public long refused() {
    return refused.get();
  }

  public long samplesRejected() {
    return samplesRejected.get();
  }

  public long duplicates() {
    return duplicates.get();
  }

  /** Batches dropped because the delivery queue stayed full. */
  public long droppedInMemory() {
    return droppedInMemory.get();
  }

  /** The disk buffer. */
  public SegmentBuffer buffer() {
    return buffer;
  }

  /** Batches waiting in memory. */
  public int queued() {
    return queue.size();
  }

  /**
   * Stops delivering: waits for the post in flight, then keeps what is queued on disk. Returns once
   * the delivery thread has ended, so the caller may close the buffer after it; interrupts the
   * thread only if it outlives its post's timeout. An interrupt of the calling thread does not cut
   * the wait short (the buffer would be closed under the delivery thread's feet): it is kept and
   * set again on return. A second close does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    running = false;
    long patienceMs = 2 * client.timeout().toMillis() + 1000;
    boolean interrupted = joinUninterruptibly(thread, patienceMs);
    if (thread.isAlive()) {
      LOG.error(
          "the delivery thread did not stop within {} ms; interrupting it (its batch in flight"
              + " stays on disk and may reach the inference server twice)",
          patienceMs);
      thread.interrupt();
      interrupted |= joinUninterruptibly(thread, patienceMs);
    }
    try {
      if (!thread.isAlive()) {
        // a submit that raced with the thread's last look at the queue
        keepQueuedOnDisk();
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits up to {@code ms} for {@code t} to end; true if the caller was interrupted meanwhile. */
  private static boolean joinUninterruptibly(Thread t, long ms) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !t.isAlive()) {
        return interrupted;
      }
      try {
        TimeUnit.NANOSECONDS.timedJoin(t, left);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }
}
