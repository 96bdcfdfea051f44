package io.plantops.inference.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantops.contract.Autonomy;
import io.plantops.contract.HostAliases;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.inference.Fixtures;
import io.plantops.inference.InferenceServer;
import io.plantops.inference.Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API's observable contract, request by request: status code, content type and body of
 * every endpoint, of the refusals around them (unknown paths and models, wrong methods, trailing
 * slashes, empty path segments, bodies over the limit), and the request metrics' series they leave.
 *
 * <p>The expected transcript, {@code http-contract.txt}, was recorded from the server before its
 * routing moved onto Undertow's RoutingHandler; the server must still answer it byte for byte (JSON
 * bodies compared with their members sorted: the order of a JSON object's members carries no
 * meaning, and the old error bodies came from {@code Map.of}, whose order varies between JVM runs).
 * When the contract changes on purpose, review {@code target/http-contract.actual.txt} and copy it
 * over the resource.
 */
class HttpContractIT {

  private static final long T0 = 1_800_000_000_000L;
  private static final ObjectMapper SORTED =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
  private static final String ROW =
      "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,7],\"datatype\":\"FP32\","
          + "\"data\":[160,3.5,1478,2.05,11.65,336,620]}]}";

  @TempDir Path dir;
  private InferenceServer server;
  private String configVersion;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws IOException {
    Path config = dir.resolve("plant-config.json");
    ResolvedPlantConfig lyon =
        Fixtures.lyon(
            Autonomy.Advisory,
            Fixtures.model(Fixtures.KILN, "1.2.0"),
            Fixtures.model(Fixtures.KILN, "1.3.0"));
    configVersion = lyon.configVersion();
    Files.writeString(config, PlantConfigCodec.toJson(lyon));
    server =
        InferenceServer.start(
            new Settings(
                0,
                "127.0.0.1",
                config,
                100,
                HttpLimits.withMaxBody(64 * 1024),
                HostAliases.parse(null)),
            new Fixtures.TestClock(T0),
            dir.resolve("cache"),
            false);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                server.engine().ready()
                    && server.engine().status().useCases().get(0).candidate().state()
                        == ModelLoadState.Loaded);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** One request of the transcript. */
  private record Call(String method, String path, String body, boolean chunked) {
    static Call get(String path) {
      return new Call("GET", path, null, false);
    }

    static Call of(String method, String path) {
      return new Call(method, path, null, false);
    }

    static Call post(String path, String body) {
      return new Call("POST", path, body, false);
    }

    static Call chunked(String path, String body) {
      return new Call("POST", path, body, true);
    }
  }

  private static List<Call> calls() {
    String huge =
        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,7],\"datatype\":\"FP32\",\"data\":["
            + "1,".repeat(40_000)
            + "1]}]}";
    return List.of(
        Call.get("/v2/health/live"),
        Call.get("/v2/health/live?probe=1"),
        Call.of("HEAD", "/v2/health/live"),
        Call.post("/v2/health/live", "{}"),
        Call.of("PUT", "/v2/health/live"),
        Call.of("PATCH", "/v2/health/ready"),
        Call.get("/v2/health/live/"),
        Call.get("/v2/health/ready"),
        Call.get("/v2"),
        Call.post("/v2", "{}"),
        Call.get("/v2/"),
        Call.get("/v2/models"),
        Call.get("/v2/models/"),
        Call.get("/v2/models/kiln1-energy"),
        Call.get("/v2/models/kiln1-energy/"),
        Call.get("/v2/models/kiln1-energy/versions"),
        Call.get("/v2/models/kiln1-energy/versions/"),
        Call.get("/v2/models/kiln1-energy/versions/1.2.0"),
        Call.get("/v2/models/kiln1-energy/versions/1.3.0"),
        Call.get("/v2/models/kiln1-energy/versions/9.9.9"),
        Call.get("/v2/models/kiln1-energy/versions/ready"),
        Call.get("/v2/models/kiln1-energy/versions//ready"),
        Call.get("/v2/models/kiln1-energy/ready"),
        Call.of("HEAD", "/v2/models/kiln1-energy/ready"),
        Call.get("/v2/models/kiln1-energy/ready/"),
        Call.get("/v2/models/kiln1-energy/versions/1.3.0/ready"),
        Call.get("/v2/models/kiln1-free-lime/ready"),
        Call.get("/v2/models/nope"),
        Call.get("/v2/models/nope/ready"),
        Call.get("/v2/models//ready"),
        Call.get("/v2/models/ready"),
        Call.get("/v2/models/kiln1-energy/foo"),
        Call.get("/v2/models/kiln1-energy/versions/1.2.0/foo"),
        Call.get("/v2/models/kiln1-energy/infer"),
        Call.of("DELETE", "/v2/models/kiln1-energy/infer"),
        Call.post("/v2/models/kiln1-energy", "{}"),
        Call.post("/v2/models/kiln1-energy/ready", "{}"),
        Call.post("/v2/models/kiln1-energy/infer", ROW),
        Call.post("/v2/models/kiln1-energy/versions/1.2.0/infer", ROW),
        Call.post("/v2/models/kiln1-energy/versions/1.3.0/infer", ROW),
        Call.post("/v2/models/kiln1-energy/versions/9.9.9/infer", ROW),
        Call.post("/v2/models/kiln1-energy/infer/", ROW),
        Call.post("/v2/models//infer", ROW),
        Call.post("/v2/models/nope/infer", ROW),
        Call.post("/v2/models/nope/infer", "{bad"),
        Call.post("/v2/models/kiln1-energy/infer", "{bad"),
        Call.post("/v2/models/kiln1-energy/infer", ""),
        Call.post("/v2/models/kiln1-energy/infer", huge),
        Call.chunked("/v2/models/kiln1-energy/infer", ROW),
        Call.post("/v2/models/kiln1-energy/foo", ROW),
        Call.post("/v1/signals", "{not json"),
        Call.post("/v1/signals", "{\"plant\":\"paris\",\"batchId\":\"x\",\"samples\":[]}"),
        Call.post("/v1/signals", "{\"plant\":\"lyon\",\"batchId\":\"b1\",\"samples\":[]}"),
        Call.post("/v1/signals", huge),
        Call.get("/v1/signals"),
        Call.get("/v1/signals/"),
        Call.get("/v1/recommendations"),
        Call.get("/v1/recommendations?after=0&limit=10&useCase=kiln1-energy"),
        Call.get("/v1/recommendations?after=abc"),
        Call.get("/v1/recommendations?limit=0"),
        Call.get("/v1/recommendations?limit=10001"),
        Call.get("/v1/recommendations?useCase=nope"),
        Call.post("/v1/recommendations", "{}"),
        Call.get("/v1/status"),
        Call.of("HEAD", "/v1/status"),
        Call.get("/v1/status/"),
        Call.post("/v1/status", "{}"),
        Call.post("/metrics", "{}"),
        Call.get("/"),
        Call.get("/nowhere"),
        Call.post("/nowhere", "{}"),
        Call.of("OPTIONS", "/nowhere"));
  }

  @Test
  void answersEveryRequestAsRecorded() throws Exception {
    StringBuilder transcript = new StringBuilder();
    for (Call c : calls()) {
      transcript
          .append(c.method())
          .append(' ')
          .append(c.path())
          .append(c.body() == null ? "" : c.chunked() ? " (chunked body)" : " (body)")
          .append("\n  -> ");
      try {
        HttpResponse<String> r = http.send(request(c), HttpResponse.BodyHandlers.ofString());
        transcript
            .append(r.statusCode())
            .append(' ')
            .append(r.headers().firstValue("Content-Type").orElse("-"))
            .append("\n  ")
            .append(normalized(r.body()))
            .append('\n');
      } catch (IOException e) {
        transcript.append("no answer: ").append(e.getMessage()).append('\n');
      }
    }
    // the per-route request metrics the calls left, in exposition order (labels are sorted)
    String metrics =
        http.send(request(Call.get("/metrics")), HttpResponse.BodyHandlers.ofString()).body();
    transcript.append("metrics\n");
    transcript.append(
        metrics
            .lines()
            .filter(
                l ->
                    l.startsWith("plantops_inference_requests_total{")
                        || l.startsWith("plantops_inference_request_errors_total{")
                        || l.startsWith("plantops_inference_request_duration_seconds_count{"))
            .sorted()
            .map(l -> "  " + l)
            .collect(Collectors.joining("\n", "", "\n")));

    Path actual = Path.of("target", "http-contract.actual.txt");
    Files.createDirectories(actual.getParent());
    Files.writeString(actual, transcript.toString());
    try (InputStream expected = HttpContractIT.class.getResourceAsStream("http-contract.txt")) {
      assertThat(expected).as("src/test/resources/.../http-contract.txt").isNotNull();
      assertThat(transcript.toString())
          .as("transcript (written to %s)", actual.toAbsolutePath())
          .isEqualTo(
              new String(Objects.requireNonNull(expected).readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private HttpRequest request(Call c) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + c.path()));
    if (c.body() == null) {
      return b.method(c.method(), HttpRequest.BodyPublishers.noBody()).build();
    }
    byte[] bytes = c.body().getBytes(StandardCharsets.UTF_8);
    HttpRequest.BodyPublisher body =
        c.chunked()
            // no length known: the client sends Transfer-Encoding: chunked
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
            : HttpRequest.BodyPublishers.ofByteArray(bytes);
    return b.header("Content-Type", "application/json").method(c.method(), body).build();
  }

  /**
   * A JSON body with its object members sorted, model outputs ({@code data} of an infer answer) to
   * three decimals, which another CPU's float arithmetic does not move, and the served config's
   * version (a digest over model URIs, which name this checkout's directory) by name; any other
   * body as it is.
   */
  private String normalized(String body) {
    if (body.isEmpty()) {
      return "(empty)";
    }
    try {
      JsonNode tree = SORTED.readTree(body);
      tree.findParents("data").forEach(HttpContractIT::roundData);
      if (tree instanceof ObjectNode o && configVersion.equals(o.path("configVersion").asText())) {
        o.put("configVersion", "(the served config's version)");
      }
      return SORTED.writeValueAsString(SORTED.treeToValue(tree, Object.class));
    } catch (IOException e) {
      return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
  }

  private static void roundData(JsonNode parent) {
    JsonNode data = parent.get("data");
    if (parent instanceof ObjectNode o && data.isArray()) {
      ArrayNode rounded = o.putArray("data");
      data.forEach(v -> rounded.add(Math.round(v.asDouble() * 1000) / 1000.0));
    }
  }

  @Test
  void labelsRequestsByRouteNotByPath() throws Exception {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      paths.add("/v2/models/model-" + i + "/ready");
      paths.add("/random/" + i);
    }
    for (String p : paths) {
      assertThat(http.send(request(Call.get(p)), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(404);
    }
    String metrics =
        http.send(request(Call.get("/metrics")), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).doesNotContain("model-1").doesNotContain("/random");
    assertThat(
            metrics
                .lines()
                .filter(l -> l.startsWith("plantops_inference_request_errors_total{"))
                .toList())
        .containsExactlyInAnyOrder(
            "plantops_inference_request_errors_total{endpoint=\"model_ready\",plant=\"lyon\","
                + "reason=\"UnknownModel\",use_case=\"\"} 20.0",
            "plantops_inference_request_errors_total{endpoint=\"unknown\",plant=\"lyon\","
                + "reason=\"UnknownPath\",use_case=\"\"} 20.0");
  }
}
