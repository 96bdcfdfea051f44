package io.plantops.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.RbacRules;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas against one API server: only the holder of the Lease reconciles; the other takes
 * over when the first stops.
 */
class LeaderElectionTest {

  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = new MockCluster();
    client = cluster.client();
    answerSelfSubjectRulesReviews(cluster);
    Fixtures.templates(client);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /**
   * The mock server cannot review permissions; answer JOSDK's pre-flight check with the Lease rules
   * from the operator's RBAC file, as a real API server would for a service account bound to them.
   */
  static void answerSelfSubjectRulesReviews(MockCluster cluster) {
    var review = new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false);
    for (RbacRules.Rule rule : RbacRules.load().leaderElectionRules()) {
      review.addToResourceRules(
          new ResourceRuleBuilder()
              .withApiGroups(rule.apiGroups())
              .withResources(rule.resources())
              .withVerbs(rule.verbs())
              .build());
    }
    cluster
        .server()
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review.endStatus().build())
        .always();
  }

  static Map<String, String> replica(String identity) {
    Map<String, String> p = new HashMap<>();
    p.put("plantops.operator.leader-election.enabled", "true");
    p.put("plantops.operator.leader-election.identity", identity);
    p.put("plantops.operator.leader-election.lease-namespace", "plantops-system");
    p.put("plantops.operator.leader-election.lease-duration", "2s");
    p.put("plantops.operator.leader-election.renew-deadline", "1500ms");
    p.put("plantops.operator.leader-election.retry-period", "300ms");
    // a lost lease must not end the test JVM
    p.put("plantops.operator.leader-election.exit-on-loss", "false");
    p.put("plantops.operator.status-polling.enabled", "false");
    return p;
  }

  @Test
  void theSecondReplicaDoesNotReconcileWhileTheFirstHoldsTheLeaseAndTakesOverWhenItStops() {
    OperatorHarness a = OperatorHarness.start(cluster, replica("replica-a"));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.operator().leader());
    OperatorHarness b = OperatorHarness.start(cluster, replica("replica-b"));
    try {
      Fixtures.lyon(client, "elected");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                Plant p =
                    client.resources(Plant.class).inNamespace("elected").withName("lyon").get();
                return p != null && p.getStatus() != null;
              });
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(b.operator().leader()).isFalse();
                assertThat(reconciles(b)).as("reconciliations by the follower").isZero();
                assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("replica-a");
              });
      assertThat(reconciles(a)).isPositive();

      a.close();
      await().atMost(Duration.ofSeconds(15)).until(() -> b.operator().leader());
      assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("replica-b");
      // the new leader reconciles: a change made now is picked up
      Fixtures.editTagMapping(
          client,
          "elected",
          "lyon-kiln1",
          spec -> new TagMappingSpec(spec.plantRef(), "after failover", spec.mappings()));
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                TagMapping now =
                    client
                        .resources(TagMapping.class)
                        .inNamespace("elected")
                        .withName("lyon-kiln1")
                        .get();
                assertThat(now.getStatus().observedGeneration())
                    .isEqualTo(now.getMetadata().getGeneration());
                assertThat(reconciles(b)).isPositive();
              });
    } finally {
      b.close();
    }
  }

  static Lease lease() {
    return client.leases().inNamespace("plantops-system").withName("plantops-operator").get();
  }

  static long reconciles(OperatorHarness h) {
    long total = 0;
    for (String kind : new String[] {"Plant", "TagMapping", "SiteDeployment", "UseCaseTemplate"}) {
      total += (long) h.sample("plantops.operator.reconcile.duration", Map.of("kind", kind));
    }
    return total;
  }
}
