package io.plantops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus (Debian's package, which {@code .ci/run} installs) scraping the sandbox's
 * metrics endpoints. Outside CI a machine without it skips the test that needs it; in CI its
 * absence is a failure.
 */
final class PrometheusProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final Process process;
  private final String base;

  private PrometheusProcess(Process process, int port) {
    this.process = process;
    this.base = "http://127.0.0.1:" + port;
  }

  static PrometheusProcess start(Path dir, Map<String, String> endpoints) throws IOException {
    Path binary = binary();
    Files.createDirectories(dir);
    StringBuilder config =
        new StringBuilder(
            "global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\nscrape_configs:\n");
    for (Map.Entry<String, String> e : endpoints.entrySet()) {
      URI uri = URI.create(e.getValue());
      config
          .append("- job_name: '")
          .append(e.getKey().replace('/', '_'))
          .append("'\n  metrics_path: '")
          .append(uri.getPath())
          .append("'\n  static_configs:\n  - targets: ['")
          .append(uri.getAuthority())
          .append("']\n    labels: {workload: '")
          .append(e.getKey())
          .append("'}\n");
    }
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config.toString());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    PrometheusProcess prometheus = new PrometheusProcess(p, port);
    await("prometheus ready (log " + dir.resolve("prometheus.log") + ")")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> prometheus.get("/-/ready").statusCode() == 200);
    return prometheus;
  }

  private static Path binary() {
    for (String candidate : List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      Path p = Path.of(dir, "prometheus");
      if (!dir.isEmpty() && Files.isExecutable(p)) {
        return p;
      }
    }
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    assertThat(ci)
        .as("prometheus is missing; .ci/run installs Debian's package 'prometheus'")
        .isFalse();
    Assumptions.abort(
        "prometheus is not installed (apt-get install prometheus); .ci/run installs it in CI");
    throw new IllegalStateException("unreachable");
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A scrape target as Prometheus reports it ({@code /api/v1/targets}).
   *
   * @param scrapeUrl where it scrapes
   * @param health up, down or unknown
   * @param lastError the last scrape's error, or empty
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Target(String scrapeUrl, String health, String lastError) {}

  /**
   * One series of an instant query's result vector.
   *
   * @param metric its labels
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Series(Map<String, String> metric) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Response<T>(String status, T data) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Targets(List<Target> activeTargets) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Vector(List<Series> result) {}

  /** The active scrape targets. */
  List<Target> targets() throws IOException, InterruptedException {
    return api("/api/v1/targets", new TypeReference<Response<Targets>>() {}).activeTargets();
  }

  /** The result vector of an instant PromQL query. */
  List<Series> query(String promql) throws IOException, InterruptedException {
    return api(
            "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8),
            new TypeReference<Response<Vector>>() {})
        .result();
  }

  private <T> T api(String path, TypeReference<Response<T>> type)
      throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return Serialization.jsonMapper().readValue(r.body(), type).data();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
