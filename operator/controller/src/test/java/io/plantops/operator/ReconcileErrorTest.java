package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.assertCondition;
import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantPhase;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A failed reconciliation takes the same status path as a successful one: its status (the one last
 * written, with Ready False and the error) is written only when it changed, the failure and the
 * write are counted, and a Ready that flips is an event.
 */
class ReconcileErrorTest {

  static final String REFUSED_STATUS = "refused-status";
  static final String REFUSED_CONFIG = "refused-config";

  static MockCluster cluster;
  static OperatorHarness operator;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = new MockCluster();
    client = cluster.client();
    Fixtures.templates(client);
    operator =
        OperatorHarness.start(
            cluster,
            Map.of(
                "plantops.operator.status-polling.enabled",
                "false",
                "plantops.operator.watched-namespaces",
                REFUSED_STATUS + "," + REFUSED_CONFIG));
  }

  @AfterAll
  static void stop() {
    operator.close();
    cluster.close();
  }

  /** What the API server answers for an object it will not store; clients do not retry it. */
  static final int UNPROCESSABLE = 422;

  static Status refusal() {
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(UNPROCESSABLE)
        .withReason("Invalid")
        .withMessage("refused by the test")
        .build();
  }

  static List<Event> events(String ns, String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(name))
        .toList();
  }

  @Test
  void aRefusedStatusWriteIsRecordedAsReadyFalseWithAWarningAndTheNextAttemptGoesOn() {
    Fixtures.lyon(client, REFUSED_STATUS);
    var tagMappings = client.resources(TagMapping.class).inNamespace(REFUSED_STATUS);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertCondition(
                    tagMappings.withName("lyon-kiln1").get(),
                    ConditionTypes.READY,
                    ConditionStatus.True));
    double errorsBefore =
        operator.sample("plantops.operator.reconcile.errors", Map.of("kind", "TagMapping"));

    cluster
        .server()
        .expect()
        .put()
        .withPath(
            "/apis/plantops.io/v1alpha1/namespaces/"
                + REFUSED_STATUS
                + "/tagmappings/lyon-kiln1/status")
        .andReturn(UNPROCESSABLE, refusal())
        .once();
    Fixtures.editTagMapping(
        client,
        REFUSED_STATUS,
        "lyon-kiln1",
        spec -> {
          List<TagMappingEntry> entries = new ArrayList<>(spec.mappings());
          TagMappingEntry e0 = entries.get(0);
          entries.set(
              0,
              new TagMappingEntry(
                  e0.signal(), e0.nodeId(), "furlongs/fortnight", null, null, null, null, null));
          return new TagMappingSpec("lyon", null, entries);
        });

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(events(REFUSED_STATUS, "lyon-kiln1"))
                  .anySatisfy(
                      e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getReason()).isEqualTo("ReconcileError");
                        assertThat(e.getMessage())
                            .startsWith("Ready False: reconciliation failed: ")
                            .contains("refused by the test");
                      });
              // the retry found the problem the refused write was about (and the plant keeps
              // running the mapping's last valid generation)
              TagMapping now = tagMappings.withName("lyon-kiln1").get();
              var ready = assertCondition(now, ConditionTypes.READY, ConditionStatus.False);
              assertThat(ready.reason()).as(yaml(now)).isEqualTo("InvalidGeneration");
              assertCondition(now, ConditionTypes.VALID, ConditionStatus.False);
            });
    assertThat(operator.sample("plantops.operator.reconcile.errors", Map.of("kind", "TagMapping")))
        .isEqualTo(errorsBefore + 1);
  }

  @Test
  void aPlantWhoseConfigCannotBeWrittenSaysSoOnceHoweverOftenItIsRetried() {
    cluster
        .server()
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + REFUSED_CONFIG + "/configmaps")
        .andReturn(UNPROCESSABLE, refusal())
        .always();
    Fixtures.lyon(client, REFUSED_CONFIG);
    var plant = client.resources(Plant.class).inNamespace(REFUSED_CONFIG).withName("lyon");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Plant p = plant.get();
              var ready = assertCondition(p, ConditionTypes.READY, ConditionStatus.False);
              assertThat(ready.reason()).as(yaml(p)).isEqualTo("ReconcileError");
              assertThat(ready.message())
                  .startsWith("reconciliation failed: ")
                  .contains("refused by the test");
              assertThat(p.getStatus().phase()).isEqualTo(PlantPhase.Pending);
            });
    // JOSDK retries the failed reconciliation; the status it records does not change
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                operator.sample("plantops.operator.reconcile.errors", Map.of("kind", "Plant"))
                    >= 2);
    assertThat(
            cluster.callsBy(MockCluster.OPERATOR_AGENT).stream()
                .filter(c -> c.method().equals("PUT"))
                .filter(
                    c ->
                        c.path()
                            .startsWith(
                                "/apis/plantops.io/v1alpha1/namespaces/"
                                    + REFUSED_CONFIG
                                    + "/plants/lyon/status")))
        .as("status writes of the failing Plant")
        .hasSize(1);
    assertThat(events(REFUSED_CONFIG, "lyon"))
        .as("a new resource starts not ready: no event for that")
        .noneMatch(e -> "ReconcileError".equals(e.getReason()));
  }
}
