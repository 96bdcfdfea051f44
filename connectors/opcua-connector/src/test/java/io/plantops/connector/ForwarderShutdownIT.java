package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.plantops.connector.delivery.Batcher;
import io.plantops.connector.delivery.Forwarder;
import io.plantops.connector.delivery.InferenceClient;
import io.plantops.connector.delivery.SegmentBuffer;
import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.contract.Quality;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SignalSample;
import io.plantops.contract.rules.Backoff;
import io.plantops.contract.rules.Staleness;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the delivery (a reload that restarts it, or the process stopping) loses no batch, sends
 * none twice, and leaves no thread behind.
 */
class ForwarderShutdownIT {

  private static final long T = 1_700_000_000_000L;

  @TempDir Path dir;

  @Test
  void finishesThePostInFlightAndKeepsQueuedBatchesOnDiskForTheNextForwarder() throws Exception {
    Set<Thread> before = deliveryThreads();
    try (FakeInferenceServer server = new FakeInferenceServer();
        SegmentBuffer buffer = SegmentBuffer.open(dir, 1 << 20, false)) {
      CountDownLatch release = server.holdPosts();
      Forwarder forwarder = forwarder(server, buffer);
      forwarder.submit(batch("b1"));
      await().atMost(Duration.ofSeconds(10)).until(() -> server.posted.contains("b1"));
      forwarder.submit(batch("b2"));
      forwarder.submit(batch("b3"));

      CompletableFuture<Void> closing = CompletableFuture.runAsync(forwarder::close);
      // close waits for the answer to the post in flight rather than cutting it short
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> !closing.isDone());
      release.countDown();
      closing.get();

      assertThat(newThreads(before)).as("delivery threads left running").isEmpty();
      assertThat(server.posted).containsExactly("b1");
      assertThat(forwarder.sent()).isEqualTo(1);
      assertThat(buffer.depth()).as("queued batches kept on disk").isEqualTo(2);

      Forwarder next = forwarder(server, buffer);
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> buffer.depth() == 0);
      } finally {
        next.close();
      }
      assertThat(server.posted).containsExactly("b1", "b2", "b3");
      assertThat(server.batches)
          .extracting(SignalBatch::batchId, SignalBatch::replayed)
          .containsExactly(tuple("b1", false), tuple("b2", true), tuple("b3", true));
      assertThat(newThreads(before)).isEmpty();
    }
  }

  @Test
  void closingFromAnInterruptedThreadStillWaitsAndKeepsTheQueueOnDiskThenClosingAgainIsQuiet()
      throws Exception {
    // a reload or a shutdown may run on a thread whose interrupt flag is set (an executor's
    // shutdownNow); close used to return at once then, and the caller closed the buffer under the
    // delivery thread, which found its channel closed when it kept the queue on disk
    Set<Thread> before = deliveryThreads();
    try (FakeInferenceServer server = new FakeInferenceServer();
        SegmentBuffer buffer = SegmentBuffer.open(dir, 1 << 20, false)) {
      CountDownLatch release = server.holdPosts();
      Forwarder forwarder = forwarder(server, buffer);
      forwarder.submit(batch("b1"));
      await().atMost(Duration.ofSeconds(10)).until(() -> server.posted.contains("b1"));
      forwarder.submit(batch("b2"));

      AtomicBoolean interruptedAfterClose = new AtomicBoolean();
      CompletableFuture<Void> closing =
          CompletableFuture.runAsync(
              () -> {
                Thread.currentThread().interrupt();
                forwarder.close();
                interruptedAfterClose.set(Thread.interrupted());
              });
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> !closing.isDone());
      release.countDown();
      closing.get();

      assertThat(interruptedAfterClose).as("the caller's interrupt is kept").isTrue();
      assertThat(newThreads(before)).as("delivery threads left running").isEmpty();
      assertThat(buffer.depth()).as("the queued batch kept on disk").isEqualTo(1);
      forwarder.close();
      assertThat(buffer.depth()).isEqualTo(1);
    }
  }

  @Test
  void aBatchSubmittedAfterCloseIsRefusedRatherThanLeftInAQueueNobodyReads() throws Exception {
    try (FakeInferenceServer server = new FakeInferenceServer();
        SegmentBuffer buffer = SegmentBuffer.open(dir, 1 << 20, false)) {
      Forwarder forwarder = forwarder(server, buffer);
      forwarder.close();
      assertThatThrownBy(() -> forwarder.submit(batch("late")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("late")
          .hasMessageContaining("closed forwarder");
    }
  }

  @Test
  void closingTheBatcherThenTheForwarderWhileSamplesFlowLosesAndRepeatsNothing() throws Exception {
    Set<Thread> before = deliveryThreads();
    SignalTable table =
        SignalTable.of(
            List.of(new SignalMapping("kiln.inlet.o2", "ns=2;i=1", "%", "%", 1, 0, 1, false)));
    SignalStore store = new SignalStore(table, new Staleness(3, Duration.ZERO), 1 << 16, () -> {});
    AtomicLong produced = new AtomicLong();
    AtomicBoolean producing = new AtomicBoolean(true);
    Thread producer =
        new Thread(
            () -> {
              while (producing.get()) {
                long n = produced.get();
                store.accept(0, (double) n, StatusCodes.Good, T + n, T + n);
                produced.incrementAndGet();
                if (n % 50 == 0) {
                  // about 10 000 samples a second: the ring never overflows
                  LockSupport.parkNanos(5_000_000);
                }
              }
            },
            "test-producer");
    try (FakeInferenceServer server = new FakeInferenceServer();
        SegmentBuffer buffer = SegmentBuffer.open(dir, 64 << 20, false)) {
      Forwarder forwarder = forwarder(server, buffer);
      Batcher batcher = new Batcher(store, "lyon", forwarder::submit, 20, 500);
      producer.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> server.posted.size() >= 5);
      // the order of PlantRuntime.stopFor: the batcher hands its last samples to the forwarder
      batcher.close();
      forwarder.close();
      producing.set(false);
      producer.join();
      assertThat(newThreads(before)).as("delivery threads left running").isEmpty();

      // the next run delivers what was kept on disk, and what the store still holds
      Forwarder next = forwarder(server, buffer);
      Batcher nextBatcher = new Batcher(store, "lyon", next::submit, 20, 500);
      try {
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () -> {
                  assertThat(buffer.depth()).isZero();
                  assertThat(store.pending()).isZero();
                  assertThat(server.samples() + store.dropped()).isEqualTo(produced.get());
                });
      } finally {
        nextBatcher.close();
        next.close();
      }
      assertThat(store.dropped()).as("the ring was large enough").isZero();
      assertThat(new HashSet<>(server.posted))
          .as("each batch posted once")
          .hasSameSizeAs(server.posted);
      List<Double> values = new ArrayList<>();
      server.batches.forEach(b -> b.samples().forEach(s -> values.add(s.value())));
      for (int i = 0; i < values.size(); i++) {
        assertThat(values.get(i)).as("sample %d in order, none missing", i).isEqualTo((double) i);
      }
      assertThat(newThreads(before)).isEmpty();
    }
  }

  private static Forwarder forwarder(FakeInferenceServer server, SegmentBuffer buffer) {
    return new Forwarder(
        new InferenceClient("http://" + server.authority(), Duration.ofSeconds(5)),
        buffer,
        Clock.systemUTC(),
        t -> {},
        Backoff.standard());
  }

  private static SignalBatch batch(String id) {
    return new SignalBatch(
        "lyon", id, false, List.of(new SignalSample("kiln.feed.rate", T, 250.0, Quality.Good)));
  }

  private static Set<Thread> deliveryThreads() {
    Set<Thread> threads = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive()
          && (t.getName().equals("plantops-delivery") || t.getName().equals("plantops-batcher"))) {
        threads.add(t);
      }
    }
    return threads;
  }

  private static Set<Thread> newThreads(Set<Thread> before) {
    Set<Thread> now = deliveryThreads();
    now.removeAll(before);
    return now;
  }
}
