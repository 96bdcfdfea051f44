package io.plantops.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.contract.Autonomy;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.BatchAck;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.HostAliases;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.ModelRefusalReason;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SkipReason;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.inference.http.HttpLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server in-process on a random port, the committed ONNX models, real HTTP. */
class InferenceServerIT {

  private static final ObjectMapper JSON = PlantConfigCodec.mapper();
  private static final long T0 = 1_800_000_000_000L;

  @TempDir Path dir;
  private Path configFile;
  private Fixtures.TestClock clock;
  private InferenceServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private PlantFeed feed;

  @BeforeEach
  void start() throws IOException {
    configFile = dir.resolve("plant-config.json");
    write(Fixtures.lyon(Autonomy.Advisory));
    clock = new Fixtures.TestClock(T0);
    server =
        InferenceServer.start(
            new Settings(
                0,
                "127.0.0.1",
                configFile,
                100,
                HttpLimits.withMaxBody(256 * 1024),
                HostAliases.parse(null)),
            clock,
            dir.resolve("cache"),
            false);
    await().atMost(Duration.ofSeconds(20)).until(() -> server.engine().ready());
    feed = new PlantFeed(7, T0 - 900_000);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void write(ResolvedPlantConfig config) throws IOException {
    Path tmp = dir.resolve("next.json");
    Files.writeString(tmp, PlantConfigCodec.toJson(config));
    Files.move(tmp, configFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** Sends 15 minutes of plant data ending at the clock's time. */
  private BatchAck feedFifteenMinutes() throws Exception {
    SignalBatch batch = feed.next(900);
    HttpResponse<String> r = post("/v1/signals", JSON.writeValueAsString(batch));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readValue(r.body(), BatchAck.class);
  }

  /** The use case's drift block as the server writes it, before any Java type reads it. */
  private JsonNode rawDrift(String useCase) throws Exception {
    HttpResponse<String> r = get("/v1/status");
    assertThat(r.statusCode()).isEqualTo(200);
    for (JsonNode u : JSON.readTree(r.body()).path("useCases")) {
      if (u.path("name").asText().equals(useCase)) {
        return u.path("drift");
      }
    }
    throw new AssertionError("no use case " + useCase + " in " + r.body());
  }

  private UseCaseStatus status(String useCase) throws Exception {
    HttpResponse<String> r = get("/v1/status");
    assertThat(r.statusCode()).isEqualTo(200);
    InferenceStatus s = JSON.readValue(r.body(), InferenceStatus.class);
    return s.useCases().stream().filter(u -> u.name().equals(useCase)).findFirst().orElseThrow();
  }

  @Test
  void recommendsCalibratedFuelSetpointWithExplanationFromIngestedSignals() throws Exception {
    BatchAck ack = feedFifteenMinutes();
    assertThat(ack.accepted()).isGreaterThanOrEqualTo(180 * 8); // 8 process signals + lab changes
    assertThat(ack.rejected()).isEmpty();

    Optional<Recommendation> rec = server.engine().evaluateNow("kiln1-energy");

    assertThat(rec).isPresent();
    Recommendation r = rec.get();
    assertThat(r.modelVersion()).isEqualTo("1.2.0");
    assertThat(r.phase()).isEqualTo(Autonomy.Advisory);
    assertThat(r.timestampMs()).isEqualTo(T0);
    assertThat(r.snapshotId()).startsWith("kiln1-energy-" + T0 + "-");
    Recommendation.OutputValue fuel = r.outputs().get(0);
    // bias -0.1, then clamp to the calibrated 6..18 t/h
    assertThat(fuel.value()).isEqualTo(Math.max(6.0, Math.min(18.0, fuel.raw() - 0.1)), offset());
    // the model learnt the process' optimal setpoint: within 0.3 t/h of the truth
    assertThat(fuel.raw()).isCloseTo(feed.process().optimalFuelSetpoint(), within(0.3));
    assertThat(r.explanation()).hasSize(5);
    assertThat(r.explanation().get(0).contribution())
        .isNotZero()
        .satisfies(
            c ->
                assertThat(Math.abs(c))
                    .isGreaterThanOrEqualTo(Math.abs(r.explanation().get(4).contribution())));

    HttpResponse<String> list = get("/v1/recommendations?after=0&useCase=kiln1-energy");
    assertThat(list.statusCode()).isEqualTo(200);
    List<Recommendation> all = JSON.readValue(list.body(), new TypeReference<>() {});
    assertThat(all).extracting(Recommendation::seq).containsExactly(r.seq());
    assertThat(JSON.readValue(get("/v1/recommendations?after=" + r.seq()).body(), List.class))
        .isEmpty();
    UseCaseStatus st = status("kiln1-energy");
    assertThat(st.evaluations()).isEqualTo(1);
    assertThat(st.firstValidInferenceAtMs()).isEqualTo(T0);
    assertThat(st.lastRecommendation().seq()).isEqualTo(r.seq());
    assertThat(st.kpis().get(0).baselineSource()).isEqualTo(BaselineSource.Calibration);
    assertThat(st.kpis().get(0).current()).isNotNull();
  }

  private static org.assertj.core.data.Offset<Double> offset() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  @Test
  void skipsWithReasonWhenAnInputIsMissingAndNeverImputes() throws Exception {
    SignalBatch batch = feed.next(900);
    SignalBatch withoutO2 =
        new SignalBatch(
            batch.plant(),
            batch.batchId(),
            false,
            batch.samples().stream().filter(s -> !s.signal().equals("kiln.inlet.o2")).toList());
    post("/v1/signals", JSON.writeValueAsString(withoutO2));

    assertThat(server.engine().evaluateNow("kiln1-energy")).isEmpty();

    UseCaseStatus st = status("kiln1-energy");
    assertThat(st.skipped()).containsEntry(SkipReason.MissingInput, 1L);
    assertThat(st.evaluations()).isZero();
    assertThat(server.engine().runtime("kiln1-energy").orElseThrow().lastSkip())
        .contains("kiln.inlet.o2");
  }

  @Test
  void dropsReplayedBatchById() throws Exception {
    SignalBatch batch = feed.next(60);
    String body = JSON.writeValueAsString(batch);
    BatchAck first = JSON.readValue(post("/v1/signals", body).body(), BatchAck.class);
    BatchAck again = JSON.readValue(post("/v1/signals", body).body(), BatchAck.class);
    assertThat(first.duplicate()).isFalse();
    assertThat(first.accepted()).isPositive();
    assertThat(again.duplicate()).isTrue();
    assertThat(again.accepted()).isZero();
  }

  @Test
  void rejectsNanAndUnknownSignalsPerSampleNamingTheReason() throws Exception {
    String body =
        "{\"plant\":\"lyon\",\"batchId\":\"b1\",\"samples\":["
            + "{\"signal\":\"kiln.speed\",\"timestampMs\":"
            + T0
            + ",\"value\":NaN,\"quality\":\"Good\"},"
            + "{\"signal\":\"kiln.unknown\",\"timestampMs\":"
            + T0
            + ",\"value\":1.0,\"quality\":\"Good\"},"
            + "{\"signal\":\"kiln.speed\",\"timestampMs\":"
            + T0
            + ",\"value\":3.5,\"quality\":\"Good\"}]}";
    HttpResponse<String> r = post("/v1/signals", body);
    assertThat(r.statusCode()).isEqualTo(200);
    BatchAck ack = JSON.readValue(r.body(), BatchAck.class);
    assertThat(ack.accepted()).isEqualTo(1);
    assertThat(ack.rejected())
        .extracting(BatchAck.Rejection::signal, x -> x.reason().split(" ")[0])
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("kiln.speed", "value"),
            org.assertj.core.groups.Tuple.tuple("kiln.unknown", "unknown"));
  }

  @Test
  void answersBadInputWith4xxJsonNamingTheProblem() throws Exception {
    assertError(post("/v1/signals", "{not json"), 400, "malformed JSON");
    assertError(
        post("/v1/signals", "{\"plant\":\"paris\",\"batchId\":\"x\",\"samples\":[]}"),
        400,
        "this server serves plant 'lyon'");
    assertError(
        post(
            "/v1/signals",
            "{\"plant\":\"lyon\",\"batchId\":\"x\",\"samples\":[{\"signal\":\"kiln.speed\","
                + "\"timestampMs\":1,\"value\":1,\"quality\":\"Excellent\"}]}"),
        400,
        "samples[0].quality");
    assertError(post("/v2/models/kiln1-energy/infer", "[]"), 400, "JSON object");
    assertError(
        post("/v2/models/kiln1-energy/infer", infer(new float[] {1, 2, 3}, 1, 3)),
        400,
        "expected [N, 7]");
    assertError(
        post(
            "/v2/models/kiln1-energy/infer",
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,7],\"datatype\":\"FP32\","
                + "\"data\":[1,2,3,4,5,6,1e39]}]}"),
        400,
        "not finite");
    assertError(
        post(
            "/v2/models/kiln1-energy/infer",
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,7],\"datatype\":\"FP32\","
                + "\"data\":[1,2,3,4,5,6,NaN]}]}"),
        400,
        "malformed JSON");
    assertError(
        post(
            "/v2/models/kiln1-energy/infer",
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[2,7],\"datatype\":\"FP32\","
                + "\"data\":[1,2,3,4,5,6,7]}]}"),
        400,
        "holds 7 values");
    assertError(
        post(
            "/v2/models/kiln1-energy/infer",
            "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,7],\"datatype\":\"FP32\","
                + "\"data\":[1,2,3,4,5,6,7]}]}"),
        400,
        "model's input is 'input'");
    assertError(
        post(
            "/v2/models/kiln1-energy/infer",
            "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,7],\"datatype\":\"INT64\","
                + "\"data\":[1,2,3,4,5,6,7]}]}"),
        400,
        "takes FP32");
    assertError(post("/v2/models/no-such-model/infer", infer(new float[7], 1, 7)), 404, "no-such");
    assertError(
        post("/v2/models/kiln1-energy/versions/9.9.9/infer", infer(new float[7], 1, 7)),
        404,
        "9.9.9");
    assertError(get("/v2/models/kiln1-energy/infer"), 405, "use POST");
    assertError(get("/v1/recommendations?after=abc"), 400, "after='abc'");
    assertError(get("/v1/recommendations?useCase=nope"), 404, "nope");
    assertError(get("/nowhere"), 404, "no endpoint");
    String huge =
        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,7],\"datatype\":\"FP32\",\"data\":["
            + "1,".repeat(200_000)
            + "1]}]}";
    assertError(post("/v2/models/kiln1-energy/infer", huge), 413, "exceeds the limit");
    // nothing was lost: the model still answers
    assertThat(post("/v2/models/kiln1-energy/infer", infer(new float[7], 1, 7)).statusCode())
        .isEqualTo(200);
  }

  private static void assertError(HttpResponse<String> r, int code, String text) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(code);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("error").asText()).contains(text);
  }

  private static String infer(float[] data, int rows, int cols) {
    StringBuilder b =
        new StringBuilder("{\"id\":\"r1\",\"inputs\":[{\"name\":\"input\",\"shape\":[")
            .append(rows)
            .append(',')
            .append(cols)
            .append("],\"datatype\":\"FP32\",\"data\":[");
    for (int i = 0; i < data.length; i++) {
      b.append(i == 0 ? "" : ",").append(data[i]);
    }
    return b.append("]}]}").toString();
  }

  @Test
  void servesOpenInferenceProtocolV2() throws Exception {
    assertThat(get("/v2/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/v2/health/ready").body()).isEqualTo("{\"ready\":true}");
    JsonNode meta = JSON.readTree(get("/v2/models/kiln1-energy").body());
    assertThat(meta.path("name").asText()).isEqualTo("kiln1-energy");
    assertThat(meta.path("versions").toString()).isEqualTo("[\"1.2.0\"]");
    assertThat(meta.path("inputs").get(0).path("shape").toString()).isEqualTo("[-1,7]");
    assertThat(meta.path("outputs").get(0).path("datatype").asText()).isEqualTo("FP32");
    assertThat(get("/v2/models/kiln1-energy/ready").statusCode()).isEqualTo(200);
    assertThat(get("/v2/models/kiln1-energy/versions/1.2.0/ready").statusCode()).isEqualTo(200);

    float[] row = {160f, 3.5f, 1478f, 2.05f, 11.65f, 336f, 620f};
    float[] two = new float[14];
    System.arraycopy(row, 0, two, 0, 7);
    System.arraycopy(row, 0, two, 7, 7);
    HttpResponse<String> r = post("/v2/models/kiln1-energy/infer", infer(two, 2, 7));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode out = JSON.readTree(r.body());
    assertThat(out.path("model_name").asText()).isEqualTo("kiln1-energy");
    assertThat(out.path("model_version").asText()).isEqualTo("1.2.0");
    assertThat(out.path("id").asText()).isEqualTo("r1");
    JsonNode o = out.path("outputs").get(0);
    assertThat(o.path("name").asText()).isEqualTo("output");
    assertThat(o.path("shape").toString()).isEqualTo("[2,1]");
    double y = o.path("data").get(0).asDouble();
    assertThat(y).isBetween(9.0, 14.0);
    assertThat(o.path("data").get(1).asDouble()).isEqualTo(y);

    // nested data is the same tensor
    String nested =
        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,7],\"datatype\":\"FP32\",\"data\":[[160,3.5,1478,2.05,11.65,336,620]]}]}";
    JsonNode n = JSON.readTree(post("/v2/models/kiln1-energy/versions/1.2.0/infer", nested).body());
    assertThat(n.path("outputs").get(0).path("data").get(0).asDouble()).isEqualTo(y);
  }

  @Test
  void scoresCandidateInShadowOnTheSameRowsWithoutRecommendingIt() throws Exception {
    write(
        Fixtures.lyon(
            Autonomy.Advisory,
            Fixtures.model(Fixtures.KILN, "1.2.0"),
            Fixtures.model(Fixtures.KILN, "1.3.0")));
    await().until(() -> state(status("kiln1-energy").candidate()) == ModelLoadState.Loaded);
    for (int i = 0; i < 3; i++) {
      feedFifteenMinutes();
      assertThat(server.engine().evaluateNow("kiln1-energy")).isPresent();
      clock.advance(900_000);
    }
    UseCaseStatus st = status("kiln1-energy");
    assertThat(st.shadow().candidateVersion()).isEqualTo("1.3.0");
    assertThat(st.shadow().samples()).isEqualTo(3);
    assertThat(st.shadow().meanAbsDelta()).isPositive().isLessThan(0.5);
    assertThat(st.shadow().maxAbsDelta()).isGreaterThanOrEqualTo(st.shadow().meanAbsDelta());
    List<Recommendation> all =
        JSON.readValue(get("/v1/recommendations?after=0").body(), new TypeReference<>() {});
    assertThat(all).extracting(Recommendation::modelVersion).containsOnly("1.2.0");
    // OIP reaches the candidate by version
    assertThat(get("/v2/models/kiln1-energy/versions/1.3.0/ready").statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(get("/v2/models/kiln1-energy").body()).path("versions").toString())
        .isEqualTo("[\"1.2.0\",\"1.3.0\"]");

    // promotion: the candidate becomes active without a reload; drift restarts on its reference
    long candidateLoadedAt = st.candidate().loadedAtMs();
    write(Fixtures.lyon(Autonomy.Advisory, Fixtures.model(Fixtures.KILN, "1.3.0"), null));
    await().until(() -> "1.3.0".equals(status("kiln1-energy").active().servingVersion()));
    UseCaseStatus promoted = status("kiln1-energy");
    assertThat(promoted.active().loadedAtMs()).isEqualTo(candidateLoadedAt);
    assertThat(promoted.candidate()).isNull();
    assertThat(promoted.drift().signals()).allSatisfy(d -> assertThat(d.samples()).isZero());
  }

  private static ModelLoadState state(InferenceStatus.ModelState s) {
    return s == null ? null : s.state();
  }

  @Test
  void hotReloadKeepsModelAndStatisticsWhenVersionUnchanged() throws Exception {
    feedFifteenMinutes();
    server.engine().evaluateNow("kiln1-energy");
    UseCaseStatus before = status("kiln1-energy");

    write(Fixtures.lyon(Autonomy.ClosedLoop));
    await()
        .until(
            () ->
                server
                        .engine()
                        .snapshot()
                        .orElseThrow()
                        .config()
                        .useCase("kiln1-energy")
                        .orElseThrow()
                        .phase()
                    == Autonomy.ClosedLoop);

    UseCaseStatus after = status("kiln1-energy");
    assertThat(after.active().loadedAtMs()).isEqualTo(before.active().loadedAtMs());
    assertThat(after.evaluations()).isEqualTo(1);
    assertThat(after.drift().signals().get(0).samples()).isEqualTo(1);
    assertThat(server.engine().evaluateNow("kiln1-energy").orElseThrow().phase())
        .isEqualTo(Autonomy.ClosedLoop);
  }

  @Test
  void keepsServingLastGoodConfigWhenFileIsBroken() throws Exception {
    String version = server.engine().snapshot().orElseThrow().config().configVersion();
    Files.writeString(configFile, "{\"schemaVersion\": \"nope\"");
    await().until(() -> server.engine().configError() != null);

    InferenceStatus s = JSON.readValue(get("/v1/status").body(), InferenceStatus.class);
    assertThat(s.configError()).contains("not valid JSON");
    assertThat(s.configVersion()).isEqualTo(version);
    assertThat(post("/v2/models/kiln1-energy/infer", infer(new float[7], 1, 7)).statusCode())
        .isEqualTo(200);
    assertThat(get("/metrics").body())
        .contains("plantops_inference_config_reloads_total{plant=\"lyon\",result=\"refused\"} 1")
        .contains("plantops_inference_config_error{plant=\"lyon\"} 1");

    write(Fixtures.lyon(Autonomy.Advisory));
    await().until(() -> server.engine().configError() == null);
  }

  @Test
  void keepsPreviousModelWhenDigestMismatches() throws Exception {
    Model good = Fixtures.model(Fixtures.KILN, "1.3.0");
    Model tampered =
        new Model(
            good.version(),
            good.uri(),
            "1".repeat(64),
            good.inputTensor(),
            good.outputTensor(),
            good.reference());
    write(Fixtures.lyon(Autonomy.Advisory, tampered, null));
    await().until(() -> status("kiln1-energy").active().state() == ModelLoadState.Failed);

    InferenceStatus.ModelState active = status("kiln1-energy").active();
    assertThat(active.version()).isEqualTo("1.3.0");
    assertThat(active.reason().reason()).contains(ModelRefusalReason.DigestMismatch);
    assertThat(active.servingVersion()).isEqualTo("1.2.0");
    // OIP says what serves, not what the config wanted
    JsonNode meta = JSON.readTree(get("/v2/models/kiln1-energy").body());
    assertThat(meta.path("versions").toString()).isEqualTo("[\"1.2.0\"]");
    assertThat(get("/v2/models/kiln1-energy/ready").statusCode()).isEqualTo(200);
    assertThat(get("/v2/models/kiln1-energy/versions/1.2.0/ready").statusCode()).isEqualTo(200);
    assertThat(get("/v2/models/kiln1-energy/versions/1.2.0").statusCode()).isEqualTo(200);
    HttpResponse<String> refused = get("/v2/models/kiln1-energy/versions/1.3.0/ready");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("\"ready\":false");
    assertError(get("/v2/models/kiln1-energy/versions/1.3.0"), 503, "serving: [1.2.0]");
    assertError(
        post("/v2/models/kiln1-energy/versions/1.3.0/infer", infer(new float[7], 1, 7)),
        503,
        "serving: [1.2.0]");
    HttpResponse<String> served = post("/v2/models/kiln1-energy/infer", infer(new float[7], 1, 7));
    assertThat(JSON.readTree(served.body()).path("model_version").asText()).isEqualTo("1.2.0");
    feedFifteenMinutes();
    assertThat(server.engine().evaluateNow("kiln1-energy").orElseThrow().modelVersion())
        .isEqualTo("1.2.0");
    assertThat(get("/metrics").body())
        .contains(
            "plantops_inference_model_load_failures_total{model_version=\"1.3.0\",plant=\"lyon\",reason=\"DigestMismatch\",use_case=\"kiln1-energy\"} 1");
  }

  @Test
  void metricsPassPromtoolCheck() throws Exception {
    write(
        Fixtures.lyon(
            Autonomy.Advisory,
            Fixtures.model(Fixtures.KILN, "1.2.0"),
            Fixtures.model(Fixtures.KILN, "1.3.0")));
    await().until(() -> state(status("kiln1-energy").candidate()) == ModelLoadState.Loaded);
    feedFifteenMinutes();
    server.engine().evaluateNow("kiln1-energy");
    server.engine().evaluateNow("kiln1-free-lime");
    post("/v2/models/kiln1-energy/infer", "{bad");
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("plantops_inference_requests_total")
        .contains("plantops_inference_request_duration_seconds_bucket")
        .contains("plantops_inference_evaluations_total")
        .contains("plantops_inference_recommendations_total")
        .contains("plantops_inference_drift_psi")
        .contains("plantops_inference_drift_status")
        .contains("plantops_inference_kpi_current")
        .contains("plantops_inference_kpi_baseline")
        .contains("plantops_inference_kpi_degradation_percent")
        .contains("plantops_inference_shadow_mean_abs_delta")
        .contains("plantops_inference_request_errors_total");
    Promtool.assertCheckMetricsPasses(r.body(), dir);
  }

  @Test
  void pairsLabResultsWithThePredictionMadeWhenTheClinkerWasSampled() throws Exception {
    // candidate = the active version: same session, so both errors must be equal
    Model lime = Fixtures.model(Fixtures.LIME, "1.0.0");
    ResolvedPlantConfig base = Fixtures.lyon(Autonomy.Advisory);
    ResolvedPlantConfig withCandidate =
        PlantConfigCodec.seal(
            new ResolvedPlantConfig(
                base.schemaVersion(),
                null,
                base.plant(),
                base.opcua(),
                base.connector(),
                base.signals(),
                List.of(base.useCases().get(0), withCandidate(base.useCases().get(1), lime))));
    write(withCandidate);
    await().until(() -> state(status("kiln1-free-lime").candidate()) == ModelLoadState.Loaded);
    // 3 h of plant time, an evaluation every minute, lab results hourly
    feed = new PlantFeed(7, clock.millis() - 600_000);
    post("/v1/signals", JSON.writeValueAsString(feed.next(600)));
    for (int i = 0; i < 180; i++) {
      server.engine().evaluateNow("kiln1-free-lime");
      clock.advance(60_000);
      SignalBatch b = feed.next(60);
      assertThat(post("/v1/signals", JSON.writeValueAsString(b)).statusCode()).isEqualTo(200);
    }
    UseCaseStatus st = status("kiln1-free-lime");
    assertThat(st.evaluations()).isGreaterThan(20);
    assertThat(st.shadow().targetSamples()).isBetween(2L, 4L);
    assertThat(st.shadow().meanAbsErrorActive())
        .isEqualTo(st.shadow().meanAbsErrorCandidate())
        .isLessThan(0.3);
    assertThat(get("/metrics").body()).contains("plantops_inference_target_mean_abs_error{");
  }

  private static io.plantops.contract.UseCaseConfig withCandidate(
      io.plantops.contract.UseCaseConfig u, Model candidate) {
    return new io.plantops.contract.UseCaseConfig(
        u.name(),
        u.template(),
        u.phase(),
        u.cadenceSeconds(),
        u.inputs(),
        u.observed(),
        u.outputs(),
        u.activeModel(),
        candidate,
        u.kpis(),
        u.drift());
  }

  @Test
  void reloadsUnderLoadWithoutDroppingARequest() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
    java.util.List<String> failures =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    String body = infer(new float[] {160, 3.5f, 1478, 2.05f, 11.65f, 336, 620}, 1, 7);
    Thread load =
        new Thread(
            () -> {
              while (!stop.get()) {
                try {
                  HttpResponse<String> r = post("/v2/models/kiln1-energy/infer", body);
                  if (r.statusCode() == 200) {
                    ok.incrementAndGet();
                  } else {
                    failures.add(r.statusCode() + " " + r.body());
                  }
                } catch (Exception e) {
                  failures.add(causes(e));
                }
              }
            });
    load.start();
    // alternate between two active versions: each switch retires a session in use
    for (int i = 0; i < 6; i++) {
      String v = i % 2 == 0 ? "1.3.0" : "1.2.0";
      write(Fixtures.lyon(Autonomy.Advisory, Fixtures.model(Fixtures.KILN, v), null));
      await().until(() -> v.equals(status("kiln1-energy").active().servingVersion()));
    }
    stop.set(true);
    load.join();
    assertThat(failures).as("requests failed during %s answered ones", ok.get()).isEmpty();
    assertThat(ok.get()).isPositive();
  }

  /** The exception with its causes, each with its message: what failed, down to the socket. */
  private static String causes(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(b.length() == 0 ? "" : " <- ").append(t);
    }
    return b.toString();
  }

  @Test
  void exportsNoDriftFigureBeforeTheMinimumSamples() throws Exception {
    feedFifteenMinutes();
    assertThat(server.engine().evaluateNow("kiln1-energy")).isPresent();

    InferenceStatus.DriftReport drift = status("kiln1-energy").drift();
    assertThat(drift.status()).isEqualTo(DriftStatus.Unknown);
    assertThat(drift.signals()).allSatisfy(d -> assertThat(d.samples()).isEqualTo(1));
    assertThat(drift.score()).as("no score from inputs without their minimum samples").isNull();
    JsonNode raw = rawDrift("kiln1-energy");
    assertThat(raw.has("score")).as(raw.toString()).isFalse();
    assertThat(raw.path("signals"))
        .hasSize(7)
        .allSatisfy(
            d -> {
              assertThat(d.has("psi")).as(d.toString()).isFalse();
              assertThat(d.has("meanShift")).as(d.toString()).isFalse();
              assertThat(d.path("status").asText()).isEqualTo("Unknown");
            });
    String metrics = get("/metrics").body();
    List<String> figures =
        metrics
            .lines()
            .filter(
                l ->
                    l.startsWith("plantops_inference_drift_psi{")
                        || l.startsWith("plantops_inference_drift_mean_shift{"))
            .filter(l -> l.contains("use_case=\"kiln1-energy\""))
            .toList();
    assertThat(figures).hasSize(14).allSatisfy(l -> assertThat(l).endsWith(" NaN"));
    assertThat(metrics)
        .contains(
            "plantops_inference_drift_status{model_version=\"1.2.0\",plant=\"lyon\","
                + "signal=\"kiln.feed.rate\",use_case=\"kiln1-energy\"} 0.0");
  }

  @Test
  void raisesDriftAlertOnTheInputWhoseSensorIsBiased() throws Exception {
    ResolvedPlantConfig base = Fixtures.lyon(Autonomy.Advisory);
    io.plantops.contract.UseCaseConfig k = base.useCases().get(0);
    io.plantops.contract.UseCaseConfig quick =
        new io.plantops.contract.UseCaseConfig(
            k.name(),
            k.template(),
            k.phase(),
            k.cadenceSeconds(),
            k.inputs(),
            k.observed(),
            k.outputs(),
            k.activeModel(),
            null,
            k.kpis(),
            new io.plantops.contract.UseCaseConfig.Drift(0.1, 0.25, 20, 50, 0.5, 5));
    write(
        PlantConfigCodec.seal(
            new ResolvedPlantConfig(
                base.schemaVersion(),
                null,
                base.plant(),
                base.opcua(),
                base.connector(),
                base.signals(),
                List.of(quick, base.useCases().get(1)))));
    await()
        .until(
            () ->
                server
                        .engine()
                        .snapshot()
                        .orElseThrow()
                        .config()
                        .useCase("kiln1-energy")
                        .orElseThrow()
                        .drift()
                        .minSamples()
                    == 5);
    feed.process().injectSensorBias(io.plantops.process.KilnSignal.BURNING_ZONE_TEMPERATURE, 60.0);
    feedFifteenMinutes();
    for (int i = 0; i < 8; i++) {
      assertThat(server.engine().evaluateNow("kiln1-energy")).isPresent();
      clock.advance(60_000);
      post("/v1/signals", JSON.writeValueAsString(feed.next(60)));
    }
    InferenceStatus.DriftReport drift = status("kiln1-energy").drift();
    assertThat(drift.status()).isEqualTo(DriftStatus.Alert);
    assertThat(drift.worstSignal()).isEqualTo("kiln.burning_zone.temperature");
    JsonNode raw = rawDrift("kiln1-energy");
    assertThat(raw.path("score").isNumber()).as(raw.toString()).isTrue();
    assertThat(raw.path("signals"))
        .isNotEmpty()
        .allSatisfy(
            d -> {
              assertThat(d.path("psi").isNumber()).as(d.toString()).isTrue();
              assertThat(d.path("meanShift").isNumber()).as(d.toString()).isTrue();
            });
    assertThat(drift.signals())
        .filteredOn(d -> d.signal().equals("kiln.feed.rate"))
        .allSatisfy(d -> assertThat(d.meanShift()).isLessThan(20));
    assertThat(get("/metrics").body())
        .contains(
            "plantops_inference_drift_status{model_version=\"1.2.0\",plant=\"lyon\",signal=\"kiln.burning_zone.temperature\",use_case=\"kiln1-energy\"} 3.0");
  }

  @Test
  void evaluatesEachUseCaseAtItsCadenceOnTheScheduler() throws Exception {
    ResolvedPlantConfig base = Fixtures.lyon(Autonomy.Advisory);
    io.plantops.contract.UseCaseConfig k = base.useCases().get(0);
    io.plantops.contract.UseCaseConfig everySecond =
        new io.plantops.contract.UseCaseConfig(
            k.name(),
            k.template(),
            k.phase(),
            1,
            k.inputs(),
            k.observed(),
            k.outputs(),
            k.activeModel(),
            null,
            k.kpis(),
            k.drift());
    Path file = dir.resolve("scheduled.json");
    Files.writeString(
        file,
        PlantConfigCodec.toJson(
            PlantConfigCodec.seal(
                new ResolvedPlantConfig(
                    base.schemaVersion(),
                    null,
                    base.plant(),
                    base.opcua(),
                    base.connector(),
                    base.signals(),
                    List.of(everySecond)))));
    try (InferenceServer live =
        InferenceServer.start(
            new Settings(
                0,
                "127.0.0.1",
                file,
                100,
                HttpLimits.withMaxBody(1 << 20),
                HostAliases.parse(null)),
            java.time.Clock.systemUTC(),
            dir.resolve("cache2"),
            true)) {
      await().until(() -> live.engine().ready());
      PlantFeed now = new PlantFeed(3, System.currentTimeMillis() - 300_000);
      live.engine().ingest(now.next(300));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !live.engine().recommendations(0, Optional.empty(), 10).isEmpty());
      Recommendation r = live.engine().recommendations(0, Optional.empty(), 10).get(0);
      assertThat(r.useCase()).isEqualTo("kiln1-energy");
      assertThat(r.explanation()).isNotEmpty();
    }
  }
}
