package io.plantops.inference.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.contract.Autonomy;
import io.plantops.contract.BatchAck;
import io.plantops.contract.DataPathToken;
import io.plantops.contract.HostAliases;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.inference.Fixtures;
import io.plantops.inference.InferenceServer;
import io.plantops.inference.PlantFeed;
import io.plantops.inference.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authenticated data path (issue 16 item 7): the connector's endpoints need the plant's token,
 * a refusal is a counted 401 that changes nothing, the OIP v2 endpoints follow their setting, and a
 * replaced token file takes effect with the previous token still good for the grace period.
 */
class DataPathAuthIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_800_000_000_000L;

  @TempDir Path dir;
  private final List<InferenceServer> servers = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String lyonToken = DataPathToken.generate();
  private final String parisToken = DataPathToken.generate();
  private Path tokenFile;
  private int port;

  private void start(boolean modelEndpoints, long graceMs) throws Exception {
    Path config = dir.resolve("plant-config.json");
    Files.writeString(config, PlantConfigCodec.toJson(Fixtures.lyon(Autonomy.Advisory)));
    tokenFile = dir.resolve("token");
    if (!Files.exists(tokenFile)) {
      Files.writeString(tokenFile, lyonToken + "\n");
    }
    InferenceServer server =
        InferenceServer.start(
            new Settings(
                0,
                "127.0.0.1",
                config,
                100,
                HttpLimits.withMaxBody(1 << 20),
                HostAliases.parse(null),
                new DataPathAuth(Optional.of(tokenFile), modelEndpoints, graceMs)),
            new Fixtures.TestClock(T0),
            dir.resolve("cache"),
            false);
    servers.add(server);
    port = server.port();
    await().atMost(Duration.ofSeconds(20)).until(() -> server.engine().ready());
  }

  @AfterEach
  void stop() {
    servers.forEach(InferenceServer::close);
  }

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String batch() throws Exception {
    return JSON.writeValueAsString(new PlantFeed(7, T0 - 900_000).next(300));
  }

  private String metrics() throws Exception {
    HttpResponse<String> r = send("GET", "/metrics", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private static void assertRefused(HttpResponse<String> r, String reason) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer realm=\"plantops\""));
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("reason").asText()).isEqualTo(reason);
    assertThat(body.path("error").asText()).isNotBlank();
  }

  @Test
  void refusesSignalsWithoutATokenWith401CountedAndChangesNothing() throws Exception {
    start(true, 600_000);
    String batch = batch();

    HttpResponse<String> refused = send("POST", "/v1/signals", batch, null);

    assertRefused(refused, "MissingCredential");
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"plantops\"");
    String scrape = metrics();
    assertThat(scrape)
        .contains(
            "plantops_inference_auth_refusals_total{endpoint=\"signals\",plant=\"lyon\","
                + "reason=\"missing\"} 1.0")
        .doesNotContain("plantops_inference_samples_total{");
    // the same batch, with the token, is new to the server: the refusal kept nothing
    HttpResponse<String> accepted = send("POST", "/v1/signals", batch, lyonToken);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    BatchAck ack = JSON.readValue(accepted.body(), BatchAck.class);
    assertThat(ack.duplicate()).isFalse();
    assertThat(ack.accepted()).isPositive();
  }

  @Test
  void refusesAnotherPlantsTokenWithoutEchoingIt() throws Exception {
    start(true, 600_000);

    HttpResponse<String> signals = send("POST", "/v1/signals", batch(), parisToken);
    HttpResponse<String> recommendations =
        send("GET", "/v1/recommendations?after=0", null, parisToken);

    assertRefused(signals, "InvalidCredential");
    assertRefused(recommendations, "InvalidCredential");
    assertThat(signals.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"plantops\", error=\"invalid_token\"");
    assertThat(signals.body()).doesNotContain(parisToken).doesNotContain(lyonToken);
    assertThat(metrics())
        .contains(
            "plantops_inference_auth_refusals_total{endpoint=\"signals\",plant=\"lyon\","
                + "reason=\"invalid\"} 1.0")
        .contains(
            "plantops_inference_auth_refusals_total{endpoint=\"recommendations\",plant=\"lyon\","
                + "reason=\"invalid\"} 1.0")
        .doesNotContain("plantops_inference_samples_total{");
    assertThat(send("GET", "/v1/recommendations?after=0", null, lyonToken).statusCode())
        .isEqualTo(200);
  }

  @Test
  void keepsHealthStatusAndMetricsOpenForTheKubeletTheOperatorAndPrometheus() throws Exception {
    start(true, 600_000);

    assertThat(send("GET", "/v2/health/live", null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v2/health/ready", null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v1/status", null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/metrics", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void requiresTheTokenOnModelEndpointsWhenConfigured() throws Exception {
    start(true, 600_000);

    assertRefused(send("GET", "/v2/models/kiln1-energy", null, null), "MissingCredential");
    assertRefused(send("GET", "/v2", null, null), "MissingCredential");
    assertThat(send("GET", "/v2/models/kiln1-energy", null, lyonToken).statusCode()).isEqualTo(200);
  }

  @Test
  void leavesModelEndpointsOpenWhenConfiguredSo() throws Exception {
    start(false, 600_000);

    assertThat(send("GET", "/v2/models/kiln1-energy", null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v2/models/kiln1-energy/ready", null, null).statusCode())
        .isEqualTo(200);
    assertRefused(send("POST", "/v1/signals", batch(), null), "MissingCredential");
  }

  @Test
  void acceptsTheNewTokenAndThePreviousOneForTheGracePeriodAfterTheFileIsReplaced()
      throws Exception {
    start(true, 600_000);
    assertThat(send("GET", "/v1/recommendations", null, lyonToken).statusCode()).isEqualTo(200);
    String next = DataPathToken.generate();

    replaceTokenFile(next);

    assertThat(send("GET", "/v1/recommendations", null, next).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v1/recommendations", null, lyonToken).statusCode()).isEqualTo(200);
    assertRefused(send("GET", "/v1/recommendations", null, parisToken), "InvalidCredential");
  }

  @Test
  void refusesThePreviousTokenOnceNoGraceIsGiven() throws Exception {
    start(true, 0);
    assertThat(send("GET", "/v1/recommendations", null, lyonToken).statusCode()).isEqualTo(200);
    String next = DataPathToken.generate();

    replaceTokenFile(next);

    assertThat(send("GET", "/v1/recommendations", null, next).statusCode()).isEqualTo(200);
    assertRefused(send("GET", "/v1/recommendations", null, lyonToken), "InvalidCredential");
  }

  @Test
  void acceptsEveryTokenOfAFileWithSeveralLines() throws Exception {
    String next = DataPathToken.generate();
    tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, next + "\n" + lyonToken + "\n");
    start(true, 0);

    assertThat(send("GET", "/v1/recommendations", null, next).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v1/recommendations", null, lyonToken).statusCode()).isEqualTo(200);
  }

  @Test
  void failsClosedWhenTheTokenFileIsMissing() throws Exception {
    start(true, 0);
    Files.delete(tokenFile);

    HttpResponse<String> r = send("POST", "/v1/signals", batch(), lyonToken);

    assertRefused(r, "CredentialUnconfigured");
    assertThat(metrics()).contains("reason=\"unconfigured\"} 1.0");
  }

  /**
   * As Kubernetes and the sandbox do: a new file moved over the old one, never written in place.
   */
  private void replaceTokenFile(String token) throws Exception {
    Path fresh = dir.resolve("token.new");
    Files.writeString(fresh, token + "\n");
    Files.move(
        fresh, tokenFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
