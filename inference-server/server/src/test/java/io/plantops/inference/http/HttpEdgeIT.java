package io.plantops.inference.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.contract.Autonomy;
import io.plantops.contract.HostAliases;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.inference.Fixtures;
import io.plantops.inference.InferenceServer;
import io.plantops.inference.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP edges below the routes, over raw sockets: what a client gets when its request is too
 * large, too slow or not HTTP at all, and how many connections the server holds.
 */
class HttpEdgeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_800_000_000_000L;
  private static final int LIMIT = 64 * 1024;

  @TempDir Path dir;
  private final List<InferenceServer> servers = new ArrayList<>();

  private int start(HttpLimits limits) throws IOException {
    Path config = dir.resolve("plant-config-" + servers.size() + ".json");
    Files.writeString(config, PlantConfigCodec.toJson(Fixtures.lyon(Autonomy.Advisory)));
    InferenceServer server =
        InferenceServer.start(
            new Settings(0, "127.0.0.1", config, 100, limits, HostAliases.parse(null)),
            new Fixtures.TestClock(T0),
            dir.resolve("cache"),
            false);
    servers.add(server);
    await().atMost(Duration.ofSeconds(20)).until(() -> server.engine().ready());
    return server.port();
  }

  private int start() throws IOException {
    return start(HttpLimits.withMaxBody(LIMIT));
  }

  @AfterEach
  void stop() {
    servers.forEach(InferenceServer::close);
  }

  private static String row() {
    return "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,7],\"datatype\":\"FP32\","
        + "\"data\":[160,3.5,1478,2.05,11.65,336,620]}]}";
  }

  private static String post(String path, String body) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  private static JsonNode assertJsonError(RawHttp.Response r, int status, String reason)
      throws IOException {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).hasValue("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("reason").asText()).as(r.body()).isEqualTo(reason);
    assertThat(body.path("error").asText()).isNotBlank();
    return body;
  }

  @Test
  void answersAChunkedBodyOverTheLimitWith413AndKeepsTheConnection() throws Exception {
    int port = start();
    try (RawHttp c = new RawHttp(port)) {
      c.send(
          "POST /v2/models/kiln1-energy/infer HTTP/1.1\r\nHost: x\r\n"
              + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
      byte[] chunk = "1,".repeat(4096).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 3 * LIMIT / chunk.length; i++) {
        c.send(Integer.toHexString(chunk.length) + "\r\n").send(chunk).send("\r\n");
      }
      c.send("0\r\n\r\n");

      JsonNode error = assertJsonError(c.response(), 413, "BodyTooLarge");
      assertThat(error.path("error").asText()).contains("exceeds the limit of " + LIMIT);

      // the body was read to its end: the same connection serves the next request
      RawHttp.Response next = c.send(post("/v2/models/kiln1-energy/infer", row())).response();
      assertThat(next.status()).as(next.body()).isEqualTo(200);
    }
  }

  @Test
  void readsAFixedLengthBodyOverTheLimitAwayBeforeAnswering413() throws Exception {
    int port = start();
    String huge = "{\"inputs\":[" + "1,".repeat(3 * LIMIT / 2) + "1]}";
    try (RawHttp c = new RawHttp(port)) {
      // all of it, as a client that does not look for an early answer sends it: a server that
      // closed after answering would reset this write or the read below
      c.send(post("/v2/models/kiln1-energy/infer", huge));

      JsonNode error = assertJsonError(c.response(), 413, "BodyTooLarge");
      assertThat(error.path("error").asText()).contains("of " + (huge.length()) + " bytes");
      RawHttp.Response next = c.send(post("/v2/models/kiln1-energy/infer", row())).response();
      assertThat(next.status()).as(next.body()).isEqualTo(200);
    }
  }

  @Test
  void cutsOffABodyTrickledByteByByteWith408() throws Exception {
    int port = start(new HttpLimits(LIMIT, 10_000, 5_000, 60_000, 64));
    try (RawHttp c = new RawHttp(port)) {
      String body = row();
      c.send(
          "POST /v1/signals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + body.length()
              + "\r\n\r\n");
      long start = System.nanoTime();
      int sent = 0;
      // one byte every 2 s, each within any idle timeout: only a bound on the whole body stops it
      do {
        c.send(body.substring(sent, sent + 1));
        sent++;
        assertThat(sent).as("bytes trickled without being cut off").isLessThan(8);
      } while (!c.answersWithin(2_000));

      JsonNode error = assertJsonError(c.response(), 408, "BodyTimeout");
      assertThat(error.path("error").asText()).contains("PLANTOPS_HTTP_BODY_TIMEOUT_MS");
      assertThat(sent).isGreaterThanOrEqualTo(2);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(4_900))
          .isLessThan(Duration.ofSeconds(10));
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void answersEveryRequestItCannotParseWithAJsonError() throws Exception {
    int port = start();
    StringBuilder manyHeaders = new StringBuilder("GET /v2/health/live HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i <= HttpLimits.MAX_HEADERS; i++) {
      manyHeaders.append("X-H").append(i).append(": v\r\n");
    }
    List<byte[]> requests =
        List.of(
            "HELLO THERE\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            "\u0016\u0003\u0001\u0000\u00a5\u0001\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
            ("POST /v1/signals HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            ("POST /v1/signals HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            "GET /v2/\u0001models HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1),
            "GET /v2/mod\u00ffels HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1),
            manyHeaders.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII),
            ("GET /v2/health/live HTTP/1.1\r\nHost: x\r\nX-Big: "
                    + "a".repeat(HttpLimits.MAX_HEADER_BYTES)
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    for (byte[] request : requests) {
      try (RawHttp c = new RawHttp(port)) {
        RawHttp.Response r = c.send(request).response();
        assertThat(r.status())
            .as(
                "%s -> %s",
                new String(request, 0, Math.min(60, request.length), StandardCharsets.ISO_8859_1),
                r.body())
            .isBetween(400, 499);
        assertThat(r.header("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("reason").asText()).isNotBlank();
        assertThat(body.path("error").asText()).isNotBlank();
      }
    }
  }

  @Test
  void keepsUndertowsOwnRefusalAsTheBytesItRewrites() throws Exception {
    int port = start();
    try (RawHttp c = new RawHttp(port)) {
      RawHttp.Response r = c.send("HELLO THERE\r\n\r\n").response();
      assertJsonError(r, 400, "MalformedRequest");
      assertThat(r.header("Connection")).hasValue("close");
      assertThat(JSON.readTree(r.body()).path("error").asText())
          .isEqualTo(MalformedRequestAnswer.MESSAGE);
    }
    try (RawHttp c = new RawHttp(port)) {
      assertThat(c.send(get("/metrics")).response().body())
          .contains(
              "plantops_inference_request_errors_total{endpoint=\"unknown\",plant=\"lyon\","
                  + "reason=\"MalformedRequest\",use_case=\"\"} 1.0");
    }
  }

  @Test
  void closesAConnectionWhoseHeadersDoNotArriveInTime() throws Exception {
    int port = start(new HttpLimits(LIMIT, 1_000, 30_000, 60_000, 64));
    try (RawHttp c = new RawHttp(port)) {
      c.send("GET /v2/health/live HTTP/1.1\r\nHost: x\r\n");
      long start = System.nanoTime();

      assertThat(c.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void holdsNoMoreConnectionsThanItsCap() throws Exception {
    int port = start(new HttpLimits(LIMIT, 10_000, 30_000, 60_000, 2));
    List<RawHttp> held = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        RawHttp c = new RawHttp(port);
        assertThat(c.send(get("/v2/health/live")).response().status()).isEqualTo(200);
        held.add(c);
      }
      try (RawHttp third = new RawHttp(port)) {
        third.send(get("/v2/health/live"));
        assertThat(third.answersWithin(1_000)).as("a connection over the cap is served").isFalse();

        held.remove(0).close();

        assertThat(third.response().status()).isEqualTo(200);
      }
    } finally {
      for (RawHttp c : held) {
        c.close();
      }
    }
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }

  @Test
  void namesNoLibraryInternalsAndEchoesLittleOfTheInput() throws Exception {
    int port = start();
    List<String> bodies =
        List.of(
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,7],\"datatype\":\"FP32\","
                + "\"data\":[1,2,3,4,5,6,NaN]}]}",
            "{\"parameters\":" + "[".repeat(40) + "]".repeat(40) + ",\"inputs\":[]}",
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,7],\"datatype\":\"FP32\",\"data\":["
                + "1".repeat(5000)
                + "]}]}",
            "{\"inputs\":[{\"name\":\""
                + "x".repeat(5000)
                + "\",\"shape\":[1,7],"
                + "\"datatype\":\"FP32\",\"data\":[1,2,3,4,5,6,7]}]}",
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,7],\"datatype\":\""
                + "y".repeat(5000)
                + "\",\"data\":[1,2,3,4,5,6,7]}]}",
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,7],\"datatype\":\"FP32\",\"data\":[tru"
                + "e".repeat(5000)
                + "]}]}");
    List<String> messages = new ArrayList<>();
    try (RawHttp c = new RawHttp(port)) {
      for (String body : bodies) {
        RawHttp.Response r = c.send(post("/v2/models/kiln1-energy/infer", body)).response();
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        messages.add(JSON.readTree(r.body()).path("error").asText());
      }
      RawHttp.Response batch =
          c.send(post("/v1/signals", "{\"plant\":\"lyon\",\"samples\":[1,NaN")).response();
      messages.add(JSON.readTree(batch.body()).path("error").asText());
      RawHttp.Response path = c.send(get("/" + "p".repeat(5000))).response();
      assertThat(path.status()).isEqualTo(404);
      messages.add(JSON.readTree(path.body()).path("error").asText());
    }
    assertThat(messages)
        .allSatisfy(
            m ->
                assertThat(m)
                    .doesNotContain("JsonReadFeature", "StreamReadConstraints", "enable", "`")
                    .hasSizeLessThan(400));
    assertThat(messages.get(0)).contains("malformed JSON").contains("NaN");
    assertThat(messages.get(1)).contains("nested");
  }
}
