package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.assertCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.contract.SessionState;
import io.plantops.operator.testing.FakeWorkload;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.Workloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting a Plant cleans up: everything the operator created for it is owned by it (the Kubernetes
 * garbage collector deletes it; the mock server has no garbage collector, so this test does what it
 * would do), nothing is re-created afterwards, polling stops, and the resources that reference the
 * plant say it is gone.
 */
class PlantDeletionTest {

  static final String NS = "deleted";
  static MockCluster cluster;
  static OperatorHarness operator;
  static KubernetesClient client;
  static FakeWorkload inference;
  static FakeWorkload connector;

  @BeforeAll
  static void start() {
    cluster = new MockCluster();
    client = cluster.client();
    Fixtures.templates(client);
    inference = new FakeWorkload();
    connector = new FakeWorkload();
    inference.serve(Workloads.inference("lyon"));
    connector.serve(Workloads.connector("lyon", SessionState.Connecting));
    operator =
        OperatorHarness.start(
            cluster,
            Map.of(
                "plantops.operator.host-aliases",
                Workloads.aliases("lyon", NS, inference, connector)));
  }

  @AfterAll
  static void stop() {
    operator.close();
    cluster.close();
    inference.close();
    connector.close();
  }

  @Test
  void deletingAPlantRemovesEverythingItOwnsAndStopsPollingIt() {
    Fixtures.lyon(client, NS);
    await().atMost(Duration.ofSeconds(15)).until(() -> owned().size() == 8);
    await().atMost(Duration.ofSeconds(10)).until(() -> inference.polls() > 2);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> onboardingSeries().anyMatch(l -> l.contains("milestone=\"mappingComplete\"")));
    Plant plant = client.resources(Plant.class).inNamespace(NS).withName("lyon").get();

    client.resource(plant).delete();
    // the garbage collector: delete what is owned by an object that no longer exists
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.resources(Plant.class).inNamespace(NS).withName("lyon").get() == null);
    List<HasMetadata> orphans = owned();
    assertThat(orphans)
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getOwnerReferences())
                    .anyMatch(r -> r.getUid().equals(plant.getMetadata().getUid())));
    orphans.forEach(o -> client.resource(o).delete());

    int pollsAfterDeletion = inference.polls();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(owned()).as("nothing is re-created for a deleted plant").isEmpty();
              assertThat(inference.polls()).isLessThanOrEqualTo(pollsAfterDeletion + 1);
            });
    // the onboarding gauges are read from the cache at scrape time: they go with the plant
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(onboardingSeries()).isEmpty());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              SiteDeployment sd =
                  client
                      .resources(SiteDeployment.class)
                      .inNamespace(NS)
                      .withName("kiln1-energy")
                      .get();
              var ready = assertCondition(sd, ConditionTypes.READY, ConditionStatus.False);
              assertThat(ready.reason()).isEqualTo("PlantNotFound");
              assertThat(sd.getStatus().phase()).isEqualTo(Phase.Pending);
              TagMapping tm =
                  client.resources(TagMapping.class).inNamespace(NS).withName("lyon-kiln1").get();
              assertThat(assertCondition(tm, ConditionTypes.READY, ConditionStatus.False).reason())
                  .isEqualTo("PlantNotFound");
            });
  }

  /** The exposition lines of the deleted plant's onboarding gauges. */
  static java.util.stream.Stream<String> onboardingSeries() {
    return operator
        .scrape()
        .lines()
        .filter(l -> l.startsWith("plantops_operator_plant_onboarding_seconds{"))
        .filter(l -> l.contains("namespace=\"" + NS + "\",plant=\"lyon\""));
  }

  static List<HasMetadata> owned() {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(client.apps().deployments().inNamespace(NS).list().getItems());
    all.addAll(client.services().inNamespace(NS).list().getItems());
    all.addAll(client.serviceAccounts().inNamespace(NS).list().getItems());
    all.addAll(client.configMaps().inNamespace(NS).list().getItems());
    all.addAll(client.secrets().inNamespace(NS).list().getItems());
    return all;
  }
}
