package io.plantops.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A watch that fails is resumed, never fatal; only an object the operator cannot read stops an
 * informer, and then the operator says which kind and why, and reports itself unhealthy (the
 * shipped operator also exits, so that Kubernetes restarts it with a fresh cache).
 */
class InformerFailureTest {

  private static final String TEMPLATES = "/usecasetemplates";
  private static final Map<String, String> NO_POLLING =
      Map.of("plantops.operator.status-polling.enabled", "false");

  @Test
  void aWatchEndedByAProtocolErrorIsResumedAndTheOperatorKeepsReconciling() {
    try (MockCluster cluster = new MockCluster()) {
      // JOSDK's default stops an informer on such an error and exits the JVM
      cluster.breakWatches(TEMPLATES, 2);
      try (OperatorHarness operator = OperatorHarness.start(cluster, NO_POLLING)) {
        Fixtures.templates(cluster.client());
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  UseCaseTemplate t =
                      cluster
                          .client()
                          .resources(UseCaseTemplate.class)
                          .withName("kiln-energy-optimization")
                          .get();
                  assertThat(t.getStatus()).isNotNull();
                  assertThat(t.getStatus().observedGeneration())
                      .isEqualTo(t.getMetadata().getGeneration());
                });
        assertThat(cluster.watchesOf(TEMPLATES))
            .as("two broken watches, then one that works")
            .isGreaterThanOrEqualTo(3);
        assertThat(operator.operator().informerFailure()).isEmpty();
        assertThat(operator.operator().healthy()).isTrue();
      }
    }
  }

  @Test
  void anObjectTheOperatorCannotReadStopsItsInformerAndTheOperatorSaysWhich() {
    try (MockCluster cluster = new MockCluster();
        OperatorHarness operator = OperatorHarness.start(cluster, NO_POLLING)) {
      operator.expectInformerFailure();
      // the API server's schema would refuse it; the mock server stores it as it is, as a
      // cluster whose CRD is newer than the operator could serve it
      GenericKubernetesResource unreadable =
          new GenericKubernetesResourceBuilder()
              .withApiVersion("plantops.io/v1alpha1")
              .withKind("UseCaseTemplate")
              .withNewMetadata()
              .withName("unreadable")
              .endMetadata()
              .withAdditionalProperties(Map.of("spec", Map.of("cadenceSeconds", "every minute")))
              .build();
      cluster.client().resource(unreadable).create();

      await().atMost(Duration.ofSeconds(30)).until(() -> !operator.operator().healthy());
      assertThat(operator.operator().informerFailure())
          .hasValueSatisfying(
              why ->
                  assertThat(why)
                      .contains("UseCaseTemplate informer stopped")
                      .contains("no longer sees changes to UseCaseTemplate"));
    }
  }
}
