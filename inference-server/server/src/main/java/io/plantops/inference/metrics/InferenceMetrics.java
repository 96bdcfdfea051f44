package io.plantops.inference.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The server's Prometheus metrics (client 1.x), all named {@code plantops_inference_*} and labelled
 * with {@code plant}, and {@code use_case}, {@code model_version} where they concern a model.
 *
 * <p>Events are counters and histograms updated where they happen; the state of each use case
 * (drift, KPIs, shadow deltas, model slots) is read at scrape time by a {@link MultiCollector}, so
 * series of a removed use case or a replaced version disappear with it instead of going stale.
 */
public final class InferenceMetrics {

  /** Request latency buckets, seconds: 50 µs to 1 s. */
  private static final double[] LATENCY_BUCKETS = {
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private volatile String plant = "";

  private final Counter requests =
      Counter.builder()
          .name("plantops_inference_requests_total")
          .help("HTTP requests by endpoint, use case, model version and status code.")
          .labelNames("plant", "endpoint", "use_case", "model_version", "code")
          .register(registry);
  private final Counter requestErrors =
      Counter.builder()
          .name("plantops_inference_request_errors_total")
          .help("HTTP requests refused or failed, by endpoint, use case (model) and reason.")
          .labelNames("plant", "endpoint", "use_case", "reason")
          .register(registry);
  private final Counter authRefusals =
      Counter.builder()
          .name("plantops_inference_auth_refusals_total")
          .help(
              "Requests refused 401 for the plant's data-path token, by endpoint and reason"
                  + " (missing, invalid, unconfigured).")
          .labelNames("plant", "endpoint", "reason")
          .register(registry);
  private final Histogram requestDuration =
      Histogram.builder()
          .name("plantops_inference_request_duration_seconds")
          .help("HTTP request latency, from the request read to the response handed to the socket.")
          .labelNames("plant", "endpoint", "use_case", "model_version")
          .classicOnly()
          .classicUpperBounds(LATENCY_BUCKETS)
          .register(registry);
  private final Counter evaluations =
      Counter.builder()
          .name("plantops_inference_evaluations_total")
          .help("Successful evaluations of the active model.")
          .labelNames("plant", "use_case", "model_version")
          .register(registry);
  private final Histogram evaluationDuration =
      Histogram.builder()
          .name("plantops_inference_evaluation_duration_seconds")
          .help("Time of one evaluation: features, active and candidate runs, drift, explanation.")
          .labelNames("plant", "use_case", "model_version")
          .classicOnly()
          .classicUpperBounds(LATENCY_BUCKETS)
          .register(registry);
  private final Counter skipped =
      Counter.builder()
          .name("plantops_inference_skipped_total")
          .help("Evaluation cycles skipped, by reason (missing, stale, bad, uncertain inputs...).")
          .labelNames("plant", "use_case", "model_version", "reason")
          .register(registry);
  private final Counter recommendations =
      Counter.builder()
          .name("plantops_inference_recommendations_total")
          .help("Recommendations produced by the active model, by live phase.")
          .labelNames("plant", "use_case", "model_version", "phase")
          .register(registry);
  private final Counter modelLoadFailures =
      Counter.builder()
          .name("plantops_inference_model_load_failures_total")
          .help("Model versions refused, by reason (DigestMismatch, Unreadable, ...).")
          .labelNames("plant", "use_case", "model_version", "reason")
          .register(registry);
  private final Counter configReloads =
      Counter.builder()
          .name("plantops_inference_config_reloads_total")
          .help("Config file changes seen, by result (applied or refused).")
          .labelNames("plant", "result")
          .register(registry);
  private final Counter samples =
      Counter.builder()
          .name("plantops_inference_samples_total")
          .help("Signal samples received, by result (accepted, rejected, duplicate).")
          .labelNames("plant", "result")
          .register(registry);

  /** Registers the collector of per-use-case state. */
  public void register(MultiCollector state) {
    registry.register(state);
  }

  public void plant(String name) {
    plant = name == null ? "" : name;
  }

  public String plant() {
    return plant;
  }

  public void request(String endpoint, String useCase, String version, int code, long nanos) {
    requests.labelValues(plant, endpoint, useCase, version, Integer.toString(code)).inc();
    requestDuration.labelValues(plant, endpoint, useCase, version).observe(nanos / 1e9);
  }

  /** A request the HTTP parser refused before any route: counted as endpoint "unknown", 400. */
  public void refusedBeforeRouting(String reason) {
    requests.labelValues(plant, "unknown", "", "", "400").inc();
    requestErrors.labelValues(plant, "unknown", "", reason).inc();
  }

  public void requestError(String endpoint, String useCase, String reason) {
    requestErrors.labelValues(plant, endpoint, useCase, reason).inc();
  }

  /** A request refused for its data-path credential; {@code reason} is one of a fixed few. */
  public void authRefused(String endpoint, String reason) {
    authRefusals.labelValues(plant, endpoint, reason).inc();
  }

  /** Data points of one active model version, looked up once when it is activated. */
  public record ModelPoints(CounterDataPoint evaluations, DistributionDataPoint duration) {}

  public ModelPoints modelPoints(String useCase, String version) {
    return new ModelPoints(
        evaluations.labelValues(plant, useCase, version),
        evaluationDuration.labelValues(plant, useCase, version));
  }

  public void skipped(String useCase, String version, String reason) {
    skipped.labelValues(plant, useCase, version, reason).inc();
  }

  public void recommendation(String useCase, String version, String phase) {
    recommendations.labelValues(plant, useCase, version, phase).inc();
  }

  public void modelLoadFailure(String useCase, String version, String reason) {
    modelLoadFailures.labelValues(plant, useCase, version, reason).inc();
  }

  public void configReload(boolean applied) {
    configReloads.labelValues(plant, applied ? "applied" : "refused").inc();
  }

  public void samples(String result, long n) {
    if (n > 0) {
      samples.labelValues(plant, result).inc(n);
    }
  }

  /** The Prometheus text exposition of everything. */
  public byte[] scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    writer.write(out, registry.scrape());
    return out.toByteArray();
  }

  public String contentType() {
    return writer.getContentType();
  }
}
