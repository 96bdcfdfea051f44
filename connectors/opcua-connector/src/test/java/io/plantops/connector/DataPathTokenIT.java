package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.plantops.connector.delivery.Forwarder;
import io.plantops.connector.delivery.InferenceClient;
import io.plantops.connector.delivery.SegmentBuffer;
import io.plantops.contract.DataPathToken;
import io.plantops.contract.Quality;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SignalSample;
import io.plantops.contract.rules.Backoff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector's side of the authenticated data path (issue 16 item 7): it sends the token of the
 * mounted Secret, follows the Secret when it is replaced, and never drops a batch because the
 * inference server refused the token.
 */
class DataPathTokenIT {

  private static final long T = 1_700_000_000_000L;

  @TempDir Path dir;
  private final String first = DataPathToken.generate();
  private final String second = DataPathToken.generate();

  private Path tokenFile(String token) throws IOException {
    Path file = dir.resolve("token");
    Files.writeString(file, token + "\n");
    return file;
  }

  private static Backoff backoff() {
    return new Backoff(
        Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, RandomGenerator.getDefault());
  }

  private static InferenceClient client(FakeInferenceServer server, Path file) {
    return new InferenceClient(
        "http://" + server.authority(),
        Duration.ofSeconds(5),
        Optional.of(new DataPathToken(file)));
  }

  @Test
  void sendsTheFirstTokenOfTheMountedFileAsBearer() throws Exception {
    try (FakeInferenceServer server = new FakeInferenceServer()) {
      server.requireTokens(first);
      Path file = dir.resolve("token");
      Files.writeString(file, first + "\n" + second + "\n");

      InferenceClient.PostResult result =
          client(server, file).post(InferenceClient.json().writeValueAsBytes(batch("b1")));

      assertThat(result).isInstanceOf(InferenceClient.PostResult.Acked.class);
      assertThat(server.authorizations).containsExactly("Bearer " + first);
    }
  }

  @Test
  void keepsEveryBatchOnDiskWhileTheServerRefusesTheTokenAndDeliversThemOnceItAccepts()
      throws Exception {
    ManualClock clock = new ManualClock(T);
    try (FakeInferenceServer server = new FakeInferenceServer();
        SegmentBuffer buffer = SegmentBuffer.open(dir.resolve("buffer"), 1 << 20, false)) {
      // the connector's pod sees the replaced Secret before the inference server's does
      server.requireTokens(first);
      Forwarder forwarder =
          new Forwarder(client(server, tokenFile(second)), buffer, clock, t -> {}, backoff());
      try {
        for (String id : List.of("b1", "b2", "b3")) {
          forwarder.submit(batch(id));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> buffer.depth() == 3);
        assertThat(forwarder.refused()).isZero();
        assertThat(forwarder.up()).isFalse();
        assertThat(forwarder.lastError()).contains("HTTP 401").doesNotContain(second);
        assertThat(server.batches).isEmpty();

        server.requireTokens(second, first);
        clock.set(T + 60_000);
        await().atMost(Duration.ofSeconds(20)).until(() -> buffer.depth() == 0);
      } finally {
        forwarder.close();
      }
      assertThat(server.batches).extracting(SignalBatch::batchId).containsExactly("b1", "b2", "b3");
      assertThat(forwarder.refused()).isZero();
    }
  }

  @Test
  void retriesOnceWithTheNewTokenWhenTheFileChangedUnderItsFeet() throws Exception {
    try (FakeInferenceServer server = new FakeInferenceServer();
        SegmentBuffer buffer = SegmentBuffer.open(dir.resolve("buffer"), 1 << 20, false)) {
      server.requireTokens(first);
      Path file = tokenFile(first);
      Forwarder forwarder =
          new Forwarder(client(server, file), buffer, new ManualClock(T), t -> {}, backoff());
      try {
        forwarder.submit(batch("b1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> server.batches.size() == 1);

        // rewritten in place, same size and time: the client's cached token is stale until the
        // server refuses it
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, second + "\n");
        Files.setLastModifiedTime(file, before);
        server.requireTokens(second);
        forwarder.submit(batch("b2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> server.batches.size() == 2);
      } finally {
        forwarder.close();
      }
      assertThat(server.unauthorized).containsExactly("/v1/signals");
      assertThat(server.authorizations)
          .containsExactly("Bearer " + first, "Bearer " + first, "Bearer " + second);
      assertThat(forwarder.buffered()).isZero();
      assertThat(forwarder.refused()).isZero();
    }
  }

  @Test
  void followsATokenFileReplacedMidStreamWithoutLosingABatch() throws Exception {
    try (FakeInferenceServer server = new FakeInferenceServer();
        SegmentBuffer buffer = SegmentBuffer.open(dir.resolve("buffer"), 1 << 20, false)) {
      // the server accepts the previous token for its grace period, as the real one does
      server.requireTokens(first);
      Path file = tokenFile(first);
      Forwarder forwarder =
          new Forwarder(client(server, file), buffer, new ManualClock(T), t -> {}, backoff());
      try {
        for (int i = 0; i < 20; i++) {
          if (i == 10) {
            server.requireTokens(first, second);
            Path fresh = dir.resolve("token.new");
            Files.writeString(fresh, second + "\n");
            Files.move(
                fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          }
          forwarder.submit(batch("b" + i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> server.batches.size() == 20);
        server.requireTokens(second);
        forwarder.submit(batch("b20"));
        await().atMost(Duration.ofSeconds(20)).until(() -> server.batches.size() == 21);
      } finally {
        forwarder.close();
      }
      assertThat(server.unauthorized).isEmpty();
      assertThat(server.authorizations.get(server.authorizations.size() - 1))
          .isEqualTo("Bearer " + second);
      assertThat(forwarder.refused()).isZero();
    }
  }

  @Test
  void pollsRecommendationsWithTheTokenAndNamesARefusalWithoutTheToken() throws Exception {
    try (FakeInferenceServer server = new FakeInferenceServer()) {
      server.requireTokens(first);

      assertThat(client(server, tokenFile(first)).recommendations(0)).isEmpty();
      server.requireTokens(second);
      assertThatThrownBy(() -> client(server, dir.resolve("token")).recommendations(0))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("HTTP 401 (data-path token refused")
          .hasMessageNotContaining(first);
    }
  }

  private static SignalBatch batch(String id) {
    return new SignalBatch(
        "lyon", id, false, List.of(new SignalSample("kiln.feed.rate", T, 250.0, Quality.Good)));
  }
}
