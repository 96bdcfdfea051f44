package io.plantops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import io.plantops.connector.opcua.GapRecorder;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * What the sandbox's workloads report over HTTP, read as the contract's typed documents: the
 * inference server's status, the connector's gaps, and Prometheus metrics.
 */
final class Workloads {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Workloads() {}

  /**
   * A data gap the connector recorded ({@code GET /v1/gaps}).
   *
   * @param cause what interrupted the data
   * @param recovered whether the server's queues delivered the missed samples
   * @param seconds its length
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Gap(GapRecorder.Cause cause, boolean recovered, double seconds) {}

  /** The inference server's status document. */
  static InferenceStatus inferenceStatus(String baseUrl) throws IOException, InterruptedException {
    return PlantConfigCodec.mapper()
        .readValue(get(baseUrl + Ports.STATUS_PATH), InferenceStatus.class);
  }

  /** One use case of the inference server's status. */
  static UseCaseStatus useCase(String baseUrl, String name)
      throws IOException, InterruptedException {
    return inferenceStatus(baseUrl).useCases().stream()
        .filter(u -> name.equals(u.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(baseUrl + " does not run use case " + name));
  }

  /** The connector's recent gaps. */
  static List<Gap> gaps(String connectorUrl) throws IOException, InterruptedException {
    return PlantConfigCodec.mapper()
        .readValue(get(connectorUrl + "/v1/gaps"), new TypeReference<List<Gap>>() {});
  }

  /** The connector's operator console page (HTML). */
  static String console(String connectorUrl) throws IOException, InterruptedException {
    return get(connectorUrl + "/console");
  }

  /** The sum of a metric's samples in an endpoint's exposition; 0 when absent. */
  static double metric(String baseUrl, String name) throws IOException, InterruptedException {
    return metricAt(baseUrl + Ports.METRICS_PATH, name);
  }

  /** The sum of a metric's samples in the exposition at {@code url}; 0 when absent. */
  static double metricAt(String url, String name) throws IOException, InterruptedException {
    double sum = 0;
    for (String line : get(url).split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
    return r.body();
  }
}
