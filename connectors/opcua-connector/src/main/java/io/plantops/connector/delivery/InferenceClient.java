package io.plantops.connector.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.plantops.contract.BatchAck;
import io.plantops.contract.DataPathToken;
import io.plantops.contract.HistorySeries;
import io.plantops.contract.KpiBaseline;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Recommendation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The inference server's {@code /v1} API as the connector uses it: {@code POST /v1/signals} and
 * {@code GET /v1/recommendations?after=seq}.
 *
 * <p>Each request carries the plant's data-path token ({@code Authorization: Bearer}, the first
 * line of the mounted Secret's file, read again whenever the file changes) when there is one. A 401
 * or 403 reads the file again and retries once with its token, if that is another one: a Secret
 * replaced while a request was on its way. A refusal that stands is {@link PostResult.Unavailable},
 * never {@link PostResult.Refused}: the batch is kept on disk and replayed once the two workloads
 * agree on the token again. The token is never logged.
 */
public final class InferenceClient {

  /** Outcome of a batch post. */
  public sealed interface PostResult {
    /** Accepted (possibly as a duplicate). */
    record Acked(BatchAck ack) implements PostResult {}

    /** Not reachable or a server error: retry later, keep the batch. */
    record Unavailable(String why) implements PostResult {}

    /**
     * The server refused the batch as malformed (4xx other than 401, 403, 408, 429): retrying
     * cannot help.
     */
    record Refused(int status, String body) implements PostResult {}
  }

  private static final ObjectMapper JSON =
      PlantConfigCodec.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final Optional<DataPathToken> token;

  /** A client that sends no credential (a server whose data path is open). */
  public InferenceClient(String baseUrl, Duration timeout) {
    this(baseUrl, timeout, Optional.empty());
  }

  /**
   * @param token the plant's data-path token file; no header is sent while it is missing or empty
   */
  public InferenceClient(String baseUrl, Duration timeout, Optional<DataPathToken> token) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.timeout = timeout;
    this.token = token;
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
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("v1/signals"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(batchJson));
    try {
      HttpResponse<byte[]> response = send(request);
      int status = response.statusCode();
      if (status / 100 == 2) {
        return new PostResult.Acked(JSON.readValue(response.body(), BatchAck.class));
      }
      String body = new String(response.body(), StandardCharsets.UTF_8);
      if (refusedCredential(status)) {
        return new PostResult.Unavailable(
            "HTTP "
                + status
                + ": the inference server refuses this plant's data-path token ("
                + tokenState()
                + "); keeping the batch until the two agree: "
                + abbreviate(body));
      }
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

  /**
   * Posts the plant's history over a KPI baseline window ({@code POST /v1/history}); answers what
   * the server did with it per KPI.
   *
   * @throws IOException when the server cannot be reached or refuses the history
   */
  public List<KpiBaseline> postHistory(HistorySeries series) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("v1/history"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(series)));
    try {
      HttpResponse<byte[]> response = send(request);
      if (response.statusCode() / 100 != 2) {
        throw refused("POST", response);
      }
      return JSON.readValue(response.body(), new TypeReference<List<KpiBaseline>>() {});
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Recommendations with a sequence number above {@code after}. */
  public List<Recommendation> recommendations(long after) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("v1/recommendations?after=" + after))
            .timeout(timeout)
            .GET();
    try {
      HttpResponse<byte[]> response = send(request);
      if (response.statusCode() != 200) {
        throw refused("GET", response);
      }
      return JSON.readValue(response.body(), new TypeReference<List<Recommendation>>() {});
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * Sends with the current token; on 401 or 403, once more if the file now holds another token (a
   * rotation that reached this pod between two reads).
   */
  private HttpResponse<byte[]> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    Optional<String> sent = currentToken();
    HttpResponse<byte[]> response = http.send(with(request, sent), BodyHandlers.ofByteArray());
    if (!refusedCredential(response.statusCode()) || token.isEmpty()) {
      return response;
    }
    token.get().reload();
    Optional<String> now = currentToken();
    if (now.equals(sent)) {
      return response;
    }
    return http.send(with(request, now), BodyHandlers.ofByteArray());
  }

  private static HttpRequest with(HttpRequest.Builder request, Optional<String> bearer) {
    HttpRequest.Builder b = request.copy();
    bearer.ifPresent(t -> b.setHeader("Authorization", "Bearer " + t));
    return b.build();
  }

  private Optional<String> currentToken() throws IOException {
    return token.isEmpty() ? Optional.empty() : token.get().first();
  }

  /** What the client has to send, for messages: never the token itself. */
  private String tokenState() {
    if (token.isEmpty()) {
      return "this connector has no token file configured";
    }
    try {
      return token.get().first().isPresent()
          ? "sent the first token of " + token.get().file()
          : "no token in " + token.get().file() + ": is the data-path Secret mounted?";
    } catch (IOException e) {
      return token.get().file() + " cannot be read: " + e.getMessage();
    }
  }

  /** The error of an answer that is not a success, naming a refused data-path token as such. */
  private IOException refused(String method, HttpResponse<byte[]> response) {
    return new IOException(
        method
            + " "
            + response.uri()
            + " answered HTTP "
            + response.statusCode()
            + (refusedCredential(response.statusCode())
                ? " (data-path token refused; " + tokenState() + ")"
                : "")
            + " "
            + abbreviate(new String(response.body(), StandardCharsets.UTF_8)));
  }

  private static boolean refusedCredential(int status) {
    return status == 401 || status == 403;
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
