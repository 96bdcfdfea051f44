package io.plantops.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantops.contract.PlantConfigCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connector's HTTP edges on a real Undertow server: probes that never wait behind the plant, a
 * bounded pool for browse and suggest, bounded bodies, and a JSON {@code {error, reason}} for every
 * refusal.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConnectorHttpIT {

  private final FakeView view = new FakeView();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
  private ConnectorHttp http;

  private ConnectorHttp start(HttpLimits limits) {
    http = new ConnectorHttp(view, FakeView.metrics(), limits, "127.0.0.1", 0);
    return http;
  }

  @AfterEach
  void stop() {
    view.hold.countDown();
    pending.forEach(f -> f.cancel(true));
    if (http != null) {
      http.close();
    }
  }

  @Test
  void answersTheProbesWhileEveryPlantWorkerIsStuckInABrowse() throws Exception {
    start(new HttpLimits(1 << 20, 1, 1));
    view.hold = new CountDownLatch(1);
    CompletableFuture<HttpResponse<String>> first = async(get("/v1/browse"));
    CompletableFuture<HttpResponse<String>> queued = async(get("/v1/browse"));
    await().atMost(Duration.ofSeconds(10)).until(() -> view.plantCalls.get() == 1);

    HttpResponse<String> live = send(get("/v2/health/live"));
    HttpResponse<String> ready = send(get("/v2/health/ready"));
    HttpResponse<String> status = send(get("/v1/status"));
    HttpResponse<String> metrics = send(get("/metrics"));
    // answered while the browse still hangs: nothing the probes need waits behind the plant
    assertThat(first).isNotDone();
    assertThat(queued).isNotDone();
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(json(live).path("live").asBoolean()).isTrue();
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(json(status).path("plant").asText()).isEqualTo("lyon");
    assertThat(metrics.statusCode()).isEqualTo(200);

    view.hold.countDown();
    // the held browses then run, one after the other, and get their own answer
    for (HttpResponse<String> done : List.of(first.get(), queued.get())) {
      assertRefusal(done, 503, "NotConnected");
      assertThat(json(done).path("error").asText()).contains("not connected to the plant");
    }
    assertThat(view.plantCalls).hasValue(2);
  }

  @Test
  void refusesBrowseAndSuggestWithPlantBusyOnceTheTwoWorkersAndEightPlacesAreTaken()
      throws Exception {
    start(HttpLimits.defaults());
    view.hold = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> taken = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      taken.add(async(i % 2 == 0 ? get("/v1/browse") : post("/v1/suggest", template())));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> view.plantCalls.get() == 2 && http.plantWork() == 10);

    HttpResponse<String> busyBrowse = send(get("/v1/browse"));
    HttpResponse<String> busySuggest = send(post("/v1/suggest", template()));
    assertRefusal(busyBrowse, 503, "PlantBusy");
    assertRefusal(busySuggest, 503, "PlantBusy");
    assertThat(json(busyBrowse).path("error").asText())
        .contains("PLANTOPS_HTTP_PLANT_WORKERS=2")
        .contains("PLANTOPS_HTTP_PLANT_QUEUE=8");
    assertThat(send(get("/v2/health/live")).statusCode()).isEqualTo(200);
    assertThat(send(get("/metrics")).body())
        .contains("plantops_connector_http_refusals_total{reason=\"PlantBusy\"} 2.0");

    view.hold.countDown();
    for (CompletableFuture<HttpResponse<String>> f : taken) {
      assertRefusal(f.get(), 503, "NotConnected");
    }
    // places free again once the work is done
    assertRefusal(send(get("/v1/browse")), 503, "NotConnected");
  }

  @Test
  void refusesABodyOverTheLimitWith413WhetherItsLengthIsDeclaredOrChunked() throws Exception {
    start(new HttpLimits(4096, 2, 8));
    byte[] big = new byte[64 * 1024];
    Arrays.fill(big, (byte) 'a');

    HttpResponse<String> declared =
        send(request("/v1/suggest").POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
    assertRefusal(declared, 413, "BodyTooLarge");
    assertThat(json(declared).path("error").asText())
        .contains("65536 bytes")
        .contains("4096")
        .contains("PLANTOPS_MAX_BODY_BYTES");

    // no length given: Java's client sends the stream chunked
    HttpResponse<String> chunked =
        send(
            request("/v1/suggest")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build());
    assertRefusal(chunked, 413, "BodyTooLarge");

    // a client that asks first is refused before it sends the body (over a raw socket: Java 17's
    // client waits forever for a 100 that is not coming)
    String asked =
        raw(
            "POST /v1/suggest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/yaml\r\n"
                + "Content-Length: 65536\r\nExpect: 100-continue\r\n\r\n");
    assertThat(asked).startsWith("HTTP/1.1 413 ").doesNotContain("100 Continue");
    JsonNode askedBody =
        PlantConfigCodec.mapper().readTree(asked.substring(asked.indexOf("\r\n\r\n") + 4));
    assertThat(askedBody.path("reason").asText()).as(asked).isEqualTo("BodyTooLarge");

    // within the limit the body is read and judged: not a template
    HttpResponse<String> small = send(post("/v1/suggest", "kind: [not, a, template"));
    assertRefusal(small, 400, "MalformedTemplate");
    assertThat(view.plantCalls).as("a refused body never reaches the plant").hasValue(0);
  }

  @Test
  void answersEveryRefusalWithJsonNamingTheErrorAndItsReason() throws Exception {
    start(HttpLimits.defaults());
    assertRefusal(send(get("/v1/nothing")), 404, "UnknownPath");
    HttpResponse<String> wrongMethod =
        send(request("/v1/status").POST(HttpRequest.BodyPublishers.noBody()).build());
    assertRefusal(wrongMethod, 405, "MethodNotAllowed");
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> badMax = send(get("/v1/browse?max=lots"));
    assertRefusal(badMax, 400, "InvalidParameter");
    assertThat(json(badMax).path("error").asText()).contains("max='lots'");
    assertRefusal(send(get("/v1/browse?root=ns%3Dx")), 400, "InvalidParameter");
    assertRefusal(send(get("/v1/browse")), 503, "NotConnected");

    view.ready = false;
    HttpResponse<String> notReady = send(get("/v2/health/ready"));
    assertRefusal(notReady, 503, "NoConfig");
    assertThat(json(notReady).path("error").asText()).contains("schemaVersion 9");
    assertThat(send(get("/v2/health/live")).statusCode()).isEqualTo(200);
  }

  private static void assertRefusal(HttpResponse<String> response, int status, String reason)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = json(response);
    assertThat(body.path("reason").asText()).as(response.body()).isEqualTo(reason);
    assertThat(body.path("error").asText()).as(response.body()).isNotBlank();
  }

  /** Sends {@code request} as is and reads the answer until the server closes the connection. */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", http.port())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return PlantConfigCodec.mapper().readTree(response.body());
  }

  private static String template() {
    return """
        apiVersion: plantops.io/v1alpha1
        kind: UseCaseTemplate
        metadata: {name: kiln}
        spec:
          inputs: []
          outputs: []
        """;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
        .timeout(Duration.ofSeconds(30));
  }

  private HttpRequest get(String path) {
    return request(path).GET().build();
  }

  private HttpRequest post(String path, String body) {
    return request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> async(HttpRequest request) {
    CompletableFuture<HttpResponse<String>> f =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    pending.add(f);
    return f;
  }
}
