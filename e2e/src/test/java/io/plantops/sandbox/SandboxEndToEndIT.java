package io.plantops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole chain through real processes: manifests applied to the embedded API server, the
 * operator (its own JVM) creating workloads, the local runtime running the inference servers and
 * connectors as processes, the connectors reading simulated plants over OPC UA with security on,
 * recommendations, closed-loop writes into the simulator, status and metrics.
 *
 * <p>The plants, mappings and site deployments are the example files as they are; the templates are
 * the examples with the clocks of {@link FastClocks} ({@code ./sandbox --fast}): seconds instead of
 * days, the safety envelope untouched. What each gate and approval decides is covered transition by
 * transition in the operator's tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxEndToEndIT {

  static final Path ROOT =
      Path.of(System.getProperty("plantops.root", "..")).toAbsolutePath().normalize();
  static final String API = "plantops.io/v1alpha1";
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Sandbox sandbox;
  KubernetesClient client;

  @BeforeAll
  void start() throws IOException {
    sandbox =
        Sandbox.start(
            new Sandbox.Options(
                ROOT,
                ROOT.resolve("e2e/target/e2e-sandbox"),
                0,
                1.0,
                List.of("lyon", "joliet"),
                true,
                true,
                Duration.ofSeconds(1)));
    client = sandbox.client();
  }

  @AfterAll
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  // --- the journey -----------------------------------------------------------------------------

  @Test
  @Order(1)
  void bothExamplePlantsOnboardFromYamlAloneAndReachFirstValidInference() {
    await("both plants Ready with every onboarding milestone")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              for (String plant : List.of("lyon", "joliet")) {
                JsonNode status = status("Plant", "plant-" + plant, plant);
                assertThat(status.path("phase").asText()).as(plant).isEqualTo("Ready");
                JsonNode onboarding = status.path("onboarding");
                for (String milestone :
                    List.of(
                        "registeredAt",
                        "mappingCompleteAt",
                        "workloadsReadyAt",
                        "firstDataAt",
                        "firstValidInferenceAt")) {
                  assertThat(onboarding.path(milestone).asText())
                      .as(plant + " " + milestone)
                      .isNotEmpty();
                }
              }
            });
    JsonNode lyon = status("Plant", "plant-lyon", "lyon").path("onboarding");
    assertThat(Instant.parse(lyon.path("firstValidInferenceAt").asText()))
        .isAfterOrEqualTo(Instant.parse(lyon.path("firstDataAt").asText()).minusSeconds(1));
  }

  @Test
  @Order(2)
  void advisoryRecommendationsCarryModelVersionAndExplanation() throws Exception {
    await("kiln1-energy promoted from Shadow to Advisory (gates passed, approval in the example)")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(
                        status("SiteDeployment", "plant-lyon", "kiln1-energy")
                            .path("phase")
                            .asText())
                    .isEqualTo("Advisory"));
    await("an advisory recommendation of kiln1-energy in status")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(
                        status("SiteDeployment", "plant-lyon", "kiln1-energy")
                            .path("lastRecommendation")
                            .path("modelVersion")
                            .asText())
                    .isEqualTo("1.2.0"));
    List<JsonNode> advisory = new ArrayList<>();
    await("an Advisory recommendation from the inference server")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              advisory.clear();
              JsonNode recs =
                  getJson(workloadUrl("plant-lyon/lyon-inference") + "/v1/recommendations");
              for (JsonNode r : recs.isArray() ? recs : recs.path("recommendations")) {
                if (r.path("useCase").asText().equals("kiln1-energy")
                    && r.path("phase").asText().equals("Advisory")) {
                  advisory.add(r);
                }
              }
              assertThat(advisory).isNotEmpty();
            });
    JsonNode last = advisory.get(advisory.size() - 1);
    assertThat(last.path("modelVersion").asText()).isEqualTo("1.2.0");
    assertThat(last.path("phase").asText()).isEqualTo("Advisory");
    assertThat(last.path("snapshotId").asText()).isNotEmpty();
    assertThat(last.path("explanation")).isNotEmpty();
    List<String> inputs =
        List.of(
            "kiln.feed.rate",
            "kiln.speed",
            "kiln.burning_zone.temperature",
            "kiln.inlet.o2",
            "kiln.fuel.rate",
            "preheater.outlet.temperature",
            "kiln.main_drive.power");
    for (JsonNode e : last.path("explanation")) {
      assertThat(inputs).contains(e.path("signal").asText());
    }
    // joliet's free-lime soft sensor too: the same template, another vendor's tags and units
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () ->
                assertThat(
                        status("SiteDeployment", "plant-joliet", "free-lime")
                            .path("lastRecommendation")
                            .path("topContributors"))
                    .isNotEmpty());
  }

  @Test
  @Order(3)
  void approvedClosedLoopWritesSetpointsInsideCalibratedLimitsAndMovesTheKpi() throws Exception {
    SimulatorProcess lyon = sandbox.plants().get("lyon").simulator();
    JsonNode before = lyon.state();
    double fuelBefore = before.path("values").path("kiln.fuel.setpoint").asDouble();
    double heatBefore = before.path("specificHeatConsumption").asDouble();
    int writesBefore = before.path("writes").asInt();

    List<String> roles = requiredRoles("kiln-energy-optimization", "ClosedLoop");
    assertThat(roles).as("the template names who approves closed loop").isNotEmpty();
    editSiteDeployment(
        "plant-lyon",
        "kiln1-energy",
        sd -> {
          ObjectNode spec = (ObjectNode) sd.get("spec");
          spec.put("stage", "ClosedLoop");
          ArrayNode approvals = (ArrayNode) spec.withArray("approvals");
          for (String role : roles) {
            approvals
                .addObject()
                .put("stage", "ClosedLoop")
                .put("approvedBy", "e2e-" + role)
                .put("role", role)
                .put("at", Instant.now().minusSeconds(60).toString())
                .put("comment", "end-to-end test");
          }
          return sd;
        });

    await("kiln1-energy live in ClosedLoop")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(status("SiteDeployment", "plant-lyon", "kiln1-energy").path("phase"))
                    .hasToString("\"ClosedLoop\""));
    await("setpoint writes in the simulator")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> lyon.state().path("writes").asInt() > writesBefore);

    // the KPI follows the written fuel: less fuel for the same clinker, lower heat consumption
    List<JsonNode> writes = fuelWrites(lyon);
    double lastWritten = writes.get(writes.size() - 1).path("canonical").asDouble();
    double direction = Math.signum(lastWritten - fuelBefore);
    assertThat(direction).as("the model moves the fuel setpoint").isNotZero();
    await("specific heat consumption moves with the written fuel")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              double heat = lyon.state().path("specificHeatConsumption").asDouble();
              assertThat((heat - heatBefore) * direction)
                  .as("heat %s before %s, fuel %s -> %s", heat, heatBefore, fuelBefore, lastWritten)
                  .isGreaterThan(heatBefore * 0.002);
            });

    // no write ever left the calibrated limits (6..18 t/h in examples/plants/lyon)
    for (JsonNode w : fuelWrites(lyon)) {
      assertThat(w.path("canonical").asDouble()).isBetween(6.0, 18.0);
      assertThat(w.path("user").asText()).isEqualTo("plantops-connector");
    }
  }

  @Test
  @Order(4)
  void aNewModelVersionRunsInShadowAndIsPromotedAfterApproval() {
    editSiteDeployment(
        "plant-lyon",
        "kiln1-energy",
        sd -> {
          ((ObjectNode) sd.get("spec").get("templateRef")).put("version", "1.3.0");
          return sd;
        });
    await("1.3.0 scored in shadow beside 1.2.0, waiting for its approval")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonNode status = status("SiteDeployment", "plant-lyon", "kiln1-energy");
              assertThat(status.path("activeModel").path("version").asText()).isEqualTo("1.2.0");
              assertThat(status.path("candidateModel").path("version").asText()).isEqualTo("1.3.0");
              assertThat(status.path("pendingApprovals").toString()).contains("corporate-ai-lead");
              assertThat(shadowSamples("kiln1-energy")).isGreaterThan(0);
            });
    // without the approval nothing is promoted, however long the gates have passed
    assertThat(
            status("SiteDeployment", "plant-lyon", "kiln1-energy")
                .path("activeModel")
                .path("version")
                .asText())
        .isEqualTo("1.2.0");

    editSiteDeployment(
        "plant-lyon",
        "kiln1-energy",
        sd -> {
          ((ArrayNode) ((ObjectNode) sd.get("spec")).withArray("approvals"))
              .addObject()
              .put("version", "1.3.0")
              .put("approvedBy", "e2e-ai-lead")
              .put("role", "corporate-ai-lead")
              .put("at", Instant.now().minusSeconds(30).toString())
              .put("comment", "shadow comparison reviewed");
          return sd;
        });
    await("1.3.0 active")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              JsonNode status = status("SiteDeployment", "plant-lyon", "kiln1-energy");
              assertThat(status.path("activeModel").path("version").asText()).isEqualTo("1.3.0");
              assertThat(status.path("history").toString()).contains("e2e-ai-lead");
            });
    await("the inference server serves 1.3.0")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        status("SiteDeployment", "plant-lyon", "kiln1-energy")
                            .path("lastRecommendation")
                            .path("modelVersion")
                            .asText())
                    .isEqualTo("1.3.0"));
  }

  @Test
  @Order(5)
  void aDriftedInputRollsClosedLoopBackToAdvisoryWithAnEvent() throws Exception {
    assertThat(status("SiteDeployment", "plant-lyon", "kiln1-energy").path("phase").asText())
        .isEqualTo("ClosedLoop");
    SimulatorProcess lyon = sandbox.plants().get("lyon").simulator();
    // a pyrometer reading 150 °C high: fifteen reference standard deviations, still inside the
    // input's valid range (900..1700 °C), so the inputs are used and their drift measured
    lyon.control("/faults/bias", "{\"signal\": \"kiln.burning_zone.temperature\", \"value\": 150}");
    try {
      await("rolled back to Advisory")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                JsonNode status = status("SiteDeployment", "plant-lyon", "kiln1-energy");
                assertThat(status.path("phase").asText()).isEqualTo("Advisory");
                assertThat(condition("SiteDeployment", "plant-lyon", "kiln1-energy", "RolledBack"))
                    .isEqualTo("True");
                assertThat(status.path("history").toString()).contains("RolledBackDrift");
              });
      await("a Warning event on the SiteDeployment")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          client.v1().events().inNamespace("plant-lyon").list().getItems().stream()
                              .filter(e -> "kiln1-energy".equals(e.getInvolvedObject().getName()))
                              .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
                              .toList())
                      .anyMatch(e -> e.startsWith("Warning RolledBack")));
      // the connector stops writing: the live phase is no longer ClosedLoop
      int writes = lyon.state().path("writes").asInt();
      await("no setpoint written for 6 s, i.e. six evaluations")
          .during(Duration.ofSeconds(6))
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> lyon.state().path("writes").asInt() == writes);
    } finally {
      lyon.control("/faults/clear", "{}");
    }
    // spec.stage still asks for ClosedLoop, but the approvals predate the rollback
    JsonNode status = status("SiteDeployment", "plant-lyon", "kiln1-energy");
    assertThat(status.path("phase").asText()).isEqualTo("Advisory");
    assertThat(status.path("approvals").toString()).contains("BeforeRollback");
  }

  @Test
  @Order(6)
  void killedConnectorInferenceServerAndSimulatorRecoverAndEveryGapIsRecorded() throws Exception {
    String connector = workloadUrl("plant-lyon/lyon-connector");
    // 1. the inference server dies: batches wait in the connector's disk buffer and are replayed
    sandbox.runtime().kill("plant-lyon", "lyon-inference");
    await("batches buffered while the inference server is down")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> metric(connector, "plantops_connector_buffered_batches_total") > 0);
    await("buffered batches replayed once it is back")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () ->
                metric(connector, "plantops_connector_replayed_batches_total") > 0
                    && metric(connector, "plantops_connector_buffer_batches") == 0);
    assertThat(metric(connector, "plantops_connector_dropped_batches_total")).isZero();

    // 2. the connector dies: its successor records the downtime as a lost gap
    sandbox.runtime().kill("plant-lyon", "lyon-connector");
    await("the restarted connector records its predecessor's downtime")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(gaps(workloadUrl("plant-lyon/lyon-connector")))
                    .contains("CONNECTOR_RESTART"));
    assertThat(sandbox.runtime().pod("plant-lyon", "lyon-connector").orElseThrow().restarts())
        .isGreaterThanOrEqualTo(1);

    // 3. the plant's OPC UA server dies and comes back: the connector reconnects by itself
    SimulatorProcess lyon = sandbox.plants().get("lyon").simulator();
    lyon.kill();
    await("the connector sees the server gone")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                metric(workloadUrl("plant-lyon/lyon-connector"), "plantops_connector_gap_open")
                    == 1);
    lyon.restart();
    await("the session is back and the outage is a recorded gap")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              String url = workloadUrl("plant-lyon/lyon-connector");
              assertThat(gaps(url)).contains("SESSION_LOST");
              assertThat(metric(url, "plantops_connector_gap_open")).isZero();
            });
    long evaluations = evaluations("plant-lyon/lyon-inference", "kiln1-energy");
    await("inference goes on by itself")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> evaluations("plant-lyon/lyon-inference", "kiln1-energy") > evaluations + 2);
    await("the Plant says Connected again")
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(condition("Plant", "plant-lyon", "lyon", "Connected"))
                    .isEqualTo("True"));
    // whatever reached the connector reached the inference server or is counted as dropped: zero
    assertThat(
            metric(
                workloadUrl("plant-lyon/lyon-connector"),
                "plantops_connector_samples_dropped_total"))
        .isZero();
  }

  @Test
  @Order(7)
  void prometheusScrapesEveryMetricsEndpointAndAnswersDriftAndKpiPerPlant() throws Exception {
    try (PrometheusProcess prometheus =
        PrometheusProcess.start(
            sandbox.workDir().resolve("prometheus"), sandbox.metricsEndpoints())) {
      await("every target up")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                JsonNode targets =
                    prometheus.api("/api/v1/targets").path("data").path("activeTargets");
                assertThat(targets).hasSize(sandbox.metricsEndpoints().size());
                for (JsonNode t : targets) {
                  assertThat(t.path("health").asText())
                      .as("%s %s", t.path("scrapeUrl").asText(), t.path("lastError").asText())
                      .isEqualTo("up");
                }
              });
      for (String query :
          List.of(
              "max by (plant, use_case) (plantops_inference_drift_psi)",
              "max by (plant, use_case, kpi) (plantops_inference_kpi_current)")) {
        await(query)
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(2))
            .untilAsserted(
                () -> {
                  JsonNode result = prometheus.query(query);
                  List<String> plants = new ArrayList<>();
                  result.forEach(r -> plants.add(r.path("metric").path("plant").asText()));
                  assertThat(plants).as(query).contains("lyon", "joliet");
                });
      }
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private GenericKubernetesResource get(String kind, String namespace, String name) {
    var op = client.genericKubernetesResources(API, kind);
    return namespace == null
        ? op.withName(name).get()
        : op.inNamespace(namespace).withName(name).get();
  }

  JsonNode status(String kind, String namespace, String name) {
    GenericKubernetesResource r = get(kind, namespace, name);
    if (r == null) {
      return Serialization.jsonMapper().createObjectNode();
    }
    return Serialization.jsonMapper()
        .valueToTree(r.getAdditionalProperties().getOrDefault("status", Map.of()));
  }

  String condition(String kind, String namespace, String name, String type) {
    for (JsonNode c : status(kind, namespace, name).path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c.path("status").asText();
      }
    }
    return "";
  }

  List<String> requiredRoles(String template, String stage) {
    JsonNode spec =
        Serialization.jsonMapper()
            .valueToTree(
                get("UseCaseTemplate", null, template).getAdditionalProperties().get("spec"));
    List<String> roles = new ArrayList<>();
    for (JsonNode s : spec.path("promotion").path("stages")) {
      if (stage.equals(s.path("stage").asText())) {
        s.path("requiredApprovals").forEach(r -> roles.add(r.asText()));
      }
    }
    return roles;
  }

  /** Read, modify, replace: what {@code kubectl edit} does. */
  void editSiteDeployment(String namespace, String name, UnaryOperator<ObjectNode> edit) {
    GenericKubernetesResource current = get("SiteDeployment", namespace, name);
    ObjectNode tree = Serialization.jsonMapper().valueToTree(current);
    ObjectNode edited = edit.apply(tree);
    GenericKubernetesResource updated =
        Serialization.jsonMapper().convertValue(edited, GenericKubernetesResource.class);
    client.resource(updated).createOr(NonDeletingOperation::update);
  }

  String workloadUrl(String workload) {
    String metrics = sandbox.metricsEndpoints().get(workload);
    assertThat(metrics).as("metrics endpoint of " + workload).isNotNull();
    return metrics.substring(0, metrics.length() - "/metrics".length());
  }

  static JsonNode getJson(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return Serialization.jsonMapper().readTree(r.body());
  }

  List<JsonNode> fuelWrites(SimulatorProcess sim) throws Exception {
    JsonNode all = getJson(sim.controlUrl() + "/writes");
    List<JsonNode> fuel = new ArrayList<>();
    for (JsonNode w : all) {
      if (w.path("point").asText().equals("FUEL_SETPOINT")) {
        fuel.add(w);
      }
    }
    return fuel;
  }

  static String gaps(String connectorUrl) throws IOException, InterruptedException {
    return getJson(connectorUrl + "/v1/gaps").toString();
  }

  long shadowSamples(String useCase) throws IOException, InterruptedException {
    for (JsonNode u :
        getJson(workloadUrl("plant-lyon/lyon-inference") + "/v1/status").path("useCases")) {
      if (useCase.equals(u.path("name").asText())) {
        return u.path("shadow").path("samples").asLong();
      }
    }
    return -1;
  }

  long evaluations(String workload, String useCase) throws IOException, InterruptedException {
    for (JsonNode u : getJson(workloadUrl(workload) + "/v1/status").path("useCases")) {
      if (useCase.equals(u.path("name").asText())) {
        return u.path("evaluations").asLong();
      }
    }
    return -1;
  }

  /** Sum of a metric's samples in an endpoint's exposition; 0 when absent. */
  static double metric(String baseUrl, String name) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double sum = 0;
    for (String line : r.body().split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
