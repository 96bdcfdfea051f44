package io.plantops.connector.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.plantops.contract.BatchAck;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Recommendation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The inference server's {@code /v1} API as the connector uses it: {@code POST /v1/signals} and
 * {@code GET /v1/recommendations?after=seq}.
 */
public final class InferenceClient {

  /** Outcome of a batch post. */
  public sealed interface PostResult {
    /** Accepted (possibly as a duplicate). */
    record Acked(BatchAck ack) implements PostResult {}

    /** Not reachable or a server error: retry later, keep the batch. */
    record Unavailable(String why) implements PostResult {}

    /** The server refused the batch as malformed (4xx): retrying cannot help. */
    record Refused(int status, String body) implements PostResult {}
  }

  private static final ObjectMapper JSON =
      PlantConfigCodec.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  public InferenceClient(String baseUrl, Duration timeout) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** The mapper for batches (compact JSON). */
  public static ObjectMapper json() {
    return JSON;
  }

  /** The base URL. */
  public URI base() {
    return base;
  }

  /** How long one request may take before it counts as failed. */
  public Duration timeout() {
    return timeout;
  }

  /** Posts a serialised {@code SignalBatch}. */
  public PostResult post(byte[] batchJson) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("v1/signals"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(batchJson))
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if (status / 100 == 2) {
        return new PostResult.Acked(JSON.readValue(response.body(), BatchAck.class));
      }
      String body = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
      if (status / 100 == 4 && status != 408 && status != 429) {
        return new PostResult.Refused(status, body);
      }
      return new PostResult.Unavailable("HTTP " + status + " " + abbreviate(body));
    } catch (IOException e) {
      return new PostResult.Unavailable(e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new PostResult.Unavailable("interrupted");
    }
  }

  /** Recommendations with a sequence number above {@code after}. */
  public List<Recommendation> recommendations(long after) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("v1/recommendations?after=" + after))
            .timeout(timeout)
            .GET()
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException(
            "GET "
                + request.uri()
                + " answered HTTP "
                + response.statusCode()
                + " "
                + abbreviate(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)));
      }
      return JSON.readValue(response.body(), new TypeReference<List<Recommendation>>() {});
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
