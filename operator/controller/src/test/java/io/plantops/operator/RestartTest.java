package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantPhase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.contract.SessionState;
import io.plantops.operator.testing.ApiCall;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.testing.FakeWorkload;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator restarted over resources it reconciled before writes nothing: every status, config
 * and workload it computes equals what is stored, and no condition flips, so no event either.
 */
class RestartTest {

  static final Map<String, String> PROPERTIES = new java.util.HashMap<>();
  static MockCluster cluster;
  static KubernetesClient client;
  static FakeWorkload lyonInference;
  static FakeWorkload lyonConnector;

  @BeforeAll
  static void start() {
    cluster = new MockCluster();
    client = cluster.client();
    Examples.apply(client);
    lyonInference = new FakeWorkload();
    lyonConnector = new FakeWorkload();
    lyonInference.serve(
        Workloads.inference(
            "lyon",
            Workloads.loaded("kiln1-energy", "1.2.0", -1.5),
            Workloads.loaded("kiln1-free-lime", "1.0.0", 0)));
    lyonConnector.serve(Workloads.connector("lyon", SessionState.Connected));
    PROPERTIES.put(
        "plantops.operator.host-aliases",
        Workloads.aliases("lyon", "plant-lyon", lyonInference, lyonConnector));
  }

  @AfterAll
  static void stop() {
    cluster.close();
    lyonInference.close();
    lyonConnector.close();
  }

  @Test
  void anOperatorRestartedOverReconciledResourcesIssuesNoWrites() {
    try (OperatorHarness first = OperatorHarness.start(cluster, PROPERTIES)) {
      // an inference server and a connector per example plant
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> deploymentCount() == 2 * Examples.count(Plant.class));
      Fixtures.workloadsReady(client, "plant-lyon", "lyon");
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                Plant lyon =
                    client.resources(Plant.class).inNamespace("plant-lyon").withName("lyon").get();
                assertThat(lyon.getStatus().phase()).as(yaml(lyon)).isEqualTo(PlantPhase.Ready);
                SiteDeployment sd =
                    client
                        .resources(SiteDeployment.class)
                        .inNamespace("plant-lyon")
                        .withName("kiln1-energy")
                        .get();
                // in the middle of a promotion: live in Shadow, Advisory waits for its gates
                assertThat(sd.getStatus().phase()).as(yaml(sd)).isEqualTo(Phase.Shadow);
                assertThat(sd.getStatus().pendingPromotion()).isEqualTo("Stage:Advisory");
                assertThat(sd.getStatus().gates()).isNotEmpty();
                UseCaseTemplate t =
                    client
                        .resources(UseCaseTemplate.class)
                        .withName("kiln-energy-optimization")
                        .get();
                assertThat(t.getStatus().fleet())
                    .as(yaml(t))
                    .anySatisfy(e -> assertThat(e.phase()).isEqualTo(Phase.Shadow));
              });
      // let the first operator settle: no write for a while
      awaitQuiet(Duration.ofSeconds(3));
    }
    String before = yaml(client.resources(UseCaseTemplate.class).list().getItems());
    cluster.clearCalls();

    try (OperatorHarness second = OperatorHarness.start(cluster, PROPERTIES)) {
      int resources =
          client.resources(Plant.class).inAnyNamespace().list().getItems().size()
              + client.resources(TagMapping.class).inAnyNamespace().list().getItems().size()
              + client.resources(SiteDeployment.class).inAnyNamespace().list().getItems().size()
              + client.resources(UseCaseTemplate.class).list().getItems().size();
      // every resource reconciled at least once, and the workloads polled again
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  reconciles(second, "Plant") >= 2
                      && reconciles(second, "TagMapping") >= 2
                      && reconciles(second, "SiteDeployment") >= 4
                      && reconciles(second, "UseCaseTemplate") >= 2);
      assertThat(resources)
          .isEqualTo(
              Examples.count(Plant.class)
                  + Examples.count(TagMapping.class)
                  + Examples.count(SiteDeployment.class)
                  + Examples.count(UseCaseTemplate.class));
      await().atMost(Duration.ofSeconds(10)).until(() -> lyonInference.polls() > 5);
      awaitQuiet(Duration.ofSeconds(2));
      List<ApiCall> writes =
          cluster.callsBy(MockCluster.OPERATOR_AGENT).stream().filter(ApiCall::isWrite).toList();
      assertThat(writes)
          .as(
              "writes after a restart; templates before:\n%s\nafter:\n%s",
              before, yaml(client.resources(UseCaseTemplate.class).list().getItems()))
          .isEmpty();
    }
  }

  static long reconciles(OperatorHarness h, String kind) {
    return (long) h.sample("plantops.operator.reconcile.duration", Map.of("kind", kind));
  }

  static int deploymentCount() {
    return client.apps().deployments().inAnyNamespace().list().getItems().size();
  }

  /** Waits until the operator has sent no write for {@code quiet}. */
  static void awaitQuiet(Duration quiet) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(quiet)
        .until(
            new java.util.concurrent.Callable<Boolean>() {
              long last = -1;

              @Override
              public Boolean call() {
                long writes =
                    cluster.callsBy(MockCluster.OPERATOR_AGENT).stream()
                        .filter(ApiCall::isWrite)
                        .count();
                boolean quietNow = writes == last;
                last = writes;
                return quietNow;
              }
            });
  }
}
