package io.plantops.inference.http;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.plantops.contract.BatchAck;
import io.plantops.contract.HistorySeries;
import io.plantops.contract.SignalBatch;
import io.plantops.inference.engine.Engine;
import java.io.IOException;
import java.util.Optional;

/**
 * The endpoints of the plant's own parties: health for the kubelet, {@code /v1} for the connector
 * (signals in, recommendations out) and the operator (status), and {@code /metrics} for Prometheus.
 */
final class PlantEndpoints {

  private final Engine engine;
  private final ObjectMapper json;
  private final ObjectMapper batchReader =
      JsonMapper.builder()
          // a NaN from a failed sensor is refused per sample with a reason, not per batch
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  PlantEndpoints(Engine engine, ObjectMapper json) {
    this.engine = engine;
    this.json = json;
  }

  void live(ApiCall call) {
    call.json(200, "{\"live\":true}");
  }

  void ready(ApiCall call) {
    boolean ready = engine.ready();
    // OIP: 200 when ready, 4xx when not
    call.json(ready ? 200 : 400, "{\"ready\":" + ready + "}");
  }

  void signals(ApiCall call) throws ApiError, IOException {
    if (engine.snapshot().isEmpty()) {
      throw new ApiError(503, "NoConfig", "no plant config loaded yet; retry later");
    }
    SignalBatch batch = BatchParser.parse(batchReader, call.body());
    String plant = engine.snapshot().get().config().plant().name();
    if (batch.plant() == null || !batch.plant().equals(plant)) {
      throw ApiError.badRequest(
          "WrongPlant",
          "batch plant is '"
              + ApiError.quote(batch.plant())
              + "' but this server serves plant '"
              + plant
              + "'");
    }
    BatchAck ack = engine.ingest(batch);
    call.json(200, json.writeValueAsBytes(ack));
  }

  /**
   * {@code POST /v1/history}: the connector's history of the plant over the baseline window; every
   * KPI without a baseline gets one computed from it. Answers a {@code KpiBaseline} per KPI.
   */
  void history(ApiCall call) throws ApiError, IOException {
    if (engine.snapshot().isEmpty()) {
      throw new ApiError(503, "NoConfig", "no plant config loaded yet; retry later");
    }
    HistorySeries series;
    try {
      series = json.readValue(call.body(), HistorySeries.class);
    } catch (IOException | IllegalArgumentException e) {
      throw ApiError.badRequest(
          "MalformedHistory", "the history is not readable: " + e.getMessage());
    }
    String plant = engine.snapshot().get().config().plant().name();
    if (series.plant() == null || !series.plant().equals(plant)) {
      throw ApiError.badRequest(
          "WrongPlant",
          "history plant is '"
              + ApiError.quote(series.plant())
              + "' but this server serves plant '"
              + plant
              + "'");
    }
    call.json(200, json.writeValueAsBytes(engine.applyHistory(series)));
  }

  void recommendations(ApiCall call) throws ApiError, IOException {
    long after = longParam(call, "after", 0);
    long limit = longParam(call, "limit", 1000);
    if (limit < 1 || limit > 10_000) {
      throw ApiError.badRequest("InvalidParameter", "limit must be between 1 and 10000");
    }
    Optional<String> useCase = call.query("useCase");
    if (useCase.isPresent() && engine.runtime(useCase.get()).isEmpty()) {
      throw ApiError.notFound(
          "UnknownUseCase", "no use case '" + ApiError.quote(useCase.get()) + "' at this plant");
    }
    call.json(200, json.writeValueAsBytes(engine.recommendations(after, useCase, (int) limit)));
  }

  void status(ApiCall call) throws IOException {
    call.json(200, json.writeValueAsBytes(engine.status()));
  }

  void metrics(ApiCall call) throws IOException {
    call.send(200, engine.metrics().scrape(), engine.metrics().contentType());
  }

  private static long longParam(ApiCall call, String name, long fallback) throws ApiError {
    Optional<String> v = call.query(name).filter(s -> !s.isEmpty());
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(v.get());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(
          "InvalidParameter", name + "='" + ApiError.quote(v.get()) + "' is not an integer");
    }
  }
}
