package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantops.connector.delivery.Forwarder;
import io.plantops.connector.delivery.InferenceClient;
import io.plantops.connector.delivery.SegmentBuffer;
import io.plantops.contract.Quality;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SignalSample;
import io.plantops.contract.rules.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwarderBackoffIT {

  private static final long T = 1_700_000_000_000L;

  @TempDir Path dir;

  @Test
  void replaysTheBufferOnlyOnceTheInjectedBackoffHasPassedAndDoublesItAfterEachFailure()
      throws Exception {
    ManualClock clock = new ManualClock(T);
    // every jitter draw is half the allowed 20 %: delays of 1.1 s, 2.2 s, ...
    AtomicInteger draws = new AtomicInteger();
    RandomGenerator half =
        new RandomGenerator() {
          @Override
          public long nextLong() {
            throw new UnsupportedOperationException("the backoff draws doubles");
          }

          @Override
          public double nextDouble() {
            draws.incrementAndGet();
            return 0.5;
          }
        };
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, half);
    try (FakeInferenceServer server = new FakeInferenceServer();
        SegmentBuffer buffer = SegmentBuffer.open(dir, 1 << 20, false)) {
      server.stop();
      Forwarder forwarder =
          new Forwarder(
              new InferenceClient("http://" + server.authority(), Duration.ofSeconds(2)),
              buffer,
              clock,
              t -> {},
              backoff);
      try {
        forwarder.submit(batch("b1"));
        // the first failure buffers the batch and waits 1.1 s
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> draws.get() == 1 && buffer.depth() == 1 && !forwarder.up());

        clock.set(T + 1_099);
        await()
            .during(Duration.ofMillis(800))
            .atMost(Duration.ofSeconds(2))
            .until(() -> draws.get() == 1);
        clock.set(T + 1_100);
        // the second failure waits twice as long: 2.2 s from now
        await().atMost(Duration.ofSeconds(10)).until(() -> draws.get() == 2);

        server.start();
        clock.set(T + 3_299);
        await()
            .during(Duration.ofMillis(800))
            .atMost(Duration.ofSeconds(2))
            .until(() -> buffer.depth() == 1);
        clock.set(T + 3_300);
        await().atMost(Duration.ofSeconds(10)).until(() -> buffer.depth() == 0 && forwarder.up());
      } finally {
        forwarder.close();
      }
      assertThat(server.batches)
          .singleElement()
          .satisfies(
              b -> {
                assertThat(b.batchId()).isEqualTo("b1");
                assertThat(b.replayed()).isTrue();
              });
      assertThat(forwarder.replayed()).isEqualTo(1);
      assertThat(draws.get()).as("no attempt failed after the server was back").isEqualTo(2);
    }
  }

  private static SignalBatch batch(String id) {
    return new SignalBatch(
        "lyon", id, false, List.of(new SignalSample("kiln.feed.rate", T, 250.0, Quality.Good)));
  }
}
