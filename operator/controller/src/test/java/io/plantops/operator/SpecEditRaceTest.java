package io.plantops.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.api.v1alpha1.TagMappingStatus;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import org.junit.jupiter.api.Test;

/**
 * The race behind a test's occasional 409 Conflict, played in order, without an operator: a test
 * reads a TagMapping, the operator writes its status (a new resourceVersion), then the test sends
 * its change. A full update of the copy read earlier carries the old resourceVersion and is refused
 * (optimistic locking, K8s API conventions "Concurrency Control and Consistency"); an edit of the
 * latest version ({@link Fixtures#editTagMapping}, as {@code kubectl edit} does) goes through and
 * leaves the status the operator wrote alone.
 */
class SpecEditRaceTest {

  @Test
  void aSpecChangeMadeAfterTheOperatorWroteTheStatusIsAppliedWithoutAConflict() {
    try (MockCluster cluster = new MockCluster()) {
      KubernetesClient client = cluster.client();
      String ns = "race";
      Fixtures.lyon(client, ns);
      var tagMappings = client.resources(TagMapping.class).inNamespace(ns);
      TagMapping readByTheTest = tagMappings.withName("lyon-kiln1").get();

      // the operator's status write, between the test's read and its write
      TagMapping byTheOperator = tagMappings.withName("lyon-kiln1").get();
      byTheOperator.setStatus(new TagMappingStatus(1L, 11, null, null, null, null, null));
      client.resource(byTheOperator).updateStatus();

      readByTheTest.setSpec(reworded(readByTheTest.getSpec()));
      assertThatThrownBy(() -> client.resource(readByTheTest).update())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

      Fixtures.editTagMapping(client, ns, "lyon-kiln1", SpecEditRaceTest::reworded);
      TagMapping now = tagMappings.withName("lyon-kiln1").get();
      assertThat(now.getSpec().description()).isEqualTo("reworded");
      assertThat(now.getStatus().mappedSignals()).isEqualTo(11);
    }
  }

  private static TagMappingSpec reworded(TagMappingSpec spec) {
    return new TagMappingSpec(spec.plantRef(), "reworded", spec.mappings());
  }
}
