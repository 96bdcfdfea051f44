package io.plantops.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.operator.config.OperatorProperties;
import io.plantops.operator.config.OperatorVersion;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.testing.MockCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The Spring Boot application: the operator starts when the application is ready, health and
 * readiness answer on the actuator, the Prometheus endpoint serves the plantops_operator_* metrics,
 * and the configuration binds with its documented defaults.
 */
// tests switch metrics export off by default; the Prometheus endpoint is what is tested here
@AutoConfigureObservability
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "plantops.operator.leader-election.enabled=false",
      "plantops.operator.status-polling.enabled=false"
    })
class PlantopsOperatorApplicationTest {

  static final MockCluster CLUSTER = new MockCluster();

  @TestConfiguration
  static class MockApiServer {
    @Bean(destroyMethod = "")
    KubernetesClient kubernetesClient() {
      return CLUSTER.newClient(MockCluster.OPERATOR_AGENT);
    }
  }

  @LocalServerPort int port;
  @Autowired OperatorProperties properties;
  @Autowired PlantopsOperator operator;

  @AfterAll
  static void stop() {
    CLUSTER.close();
  }

  @Test
  void readinessAndLivenessAreUpOnceTheOperatorRuns() throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(operator::healthy);
    assertThat(get("/actuator/health/readiness")).contains("\"status\":\"UP\"");
    assertThat(get("/actuator/health/liveness")).contains("\"status\":\"UP\"");
  }

  @Test
  void thePrometheusEndpointServesTheOperatorsMetrics() throws Exception {
    Examples.apply(CLUSTER.client());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                CLUSTER
                    .client()
                    .resources(SiteDeployment.class)
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .stream()
                    .allMatch(sd -> sd.getStatus() != null));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              String metrics = get("/actuator/prometheus");
              assertThat(metrics)
                  .contains(
                      "plantops_operator_reconcile_duration_seconds_count{kind=\"Plant\",result=\"success\"")
                  .contains(
                      "plantops_operator_reconcile_duration_seconds_count{kind=\"SiteDeployment\"")
                  .contains(
                      "plantops_operator_resources{kind=\"SiteDeployment\",phase=\"Pending\"} "
                          + (double) Examples.count(SiteDeployment.class))
                  .contains(
                      "plantops_operator_resources{kind=\"Plant\",phase=\"Pending\"} "
                          + (double) Examples.count(Plant.class))
                  .contains("plantops_operator_status_writes_total{kind=\"TagMapping\"}")
                  // an inference server and a connector per plant
                  .contains(
                      "plantops_operator_dependent_writes_total{operation=\"create\","
                          + "resource=\"Deployment\"} "
                          + 2.0 * Examples.count(Plant.class))
                  .contains("plantops_operator_leader{identity=")
                  // the per-resource gauges, collected from the caches at scrape time
                  .contains(
                      "plantops_operator_plant_onboarding_seconds{milestone=\"mappingComplete\",namespace=\"plant-lyon\",plant=\"lyon\"}")
                  // the framework's own metrics (JOSDK micrometer-support)
                  .contains("operator_sdk_");
            });
  }

  @Test
  void configurationBindsWithItsDefaults() {
    assertThat(properties.watchedNamespaces()).isEmpty();
    assertThat(properties.resyncInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(properties.workloads().inferenceServer().reference())
        .isEqualTo("ghcr.io/plantops/inference-server:" + OperatorVersion.get());
    assertThat(properties.workloads().connector().reference())
        .isEqualTo("ghcr.io/plantops/opcua-connector:" + OperatorVersion.get());
    assertThat(OperatorVersion.get()).isEqualTo("0.1.0-SNAPSHOT");
    assertThat(properties.statusPolling().interval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(properties.leaderElection().leaseName()).isEqualTo("plantops-operator");
    assertThat(properties.leaderElection().enabled()).as("set for this test").isFalse();
  }

  String get(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
