package io.plantops.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.plantops.api.v1alpha1.SiteDeployment;
import org.junit.jupiter.api.Test;

class OperatorSerializationTest {

  final KubernetesSerialization serialization = OperatorSerialization.create();

  static String json(String name, String message) {
    return """
        {"apiVersion": "plantops.io/v1alpha1", "kind": "SiteDeployment",
         "metadata": {"name": "%s", "namespace": "plant-lyon", "labels": {"plantops.io/plant": "lyon"}},
         "spec": {"plantRef": "lyon", "templateRef": {"name": "kiln-energy-optimization"},
                  "stage": "Advisory"},
         "status": {"phase": "Shadow", "conditions": [{"type": "Ready", "status": "True",
           "reason": "Live", "message": "%s", "lastTransitionTime": "2026-11-24T10:00:00Z"}]}}
        """
        .formatted(name, message);
  }

  @Test
  void equalStringValuesReadFromDifferentDocumentsAreOneInstance() {
    SiteDeployment a = serialization.unmarshal(json("kiln1-energy", "live"), SiteDeployment.class);
    SiteDeployment b = serialization.unmarshal(json("kiln2-energy", "live"), SiteDeployment.class);

    assertThat(a.getMetadata().getNamespace()).isSameAs(b.getMetadata().getNamespace());
    assertThat(a.getMetadata().getLabels().get("plantops.io/plant"))
        .isSameAs(b.getMetadata().getLabels().get("plantops.io/plant"));
    assertThat(a.getSpec().templateRef().name()).isSameAs(b.getSpec().templateRef().name());
    var ca = a.getStatus().conditions().get(0);
    var cb = b.getStatus().conditions().get(0);
    assertThat(ca.message()).isSameAs(cb.message());
    assertThat(ca.lastTransitionTime()).isSameAs(cb.lastTransitionTime());
    // values are what was read, and the objects serialize back to the same document
    assertThat(a.getMetadata().getName()).isEqualTo("kiln1-energy");
    assertThat(serialization.unmarshal(serialization.asJson(a), SiteDeployment.class)).isEqualTo(a);
  }

  @Test
  void longStringsAreKeptAsRead() {
    String longMessage = "x".repeat(OperatorSerialization.MAX_INTERNED + 1);
    SiteDeployment a = serialization.unmarshal(json("a", longMessage), SiteDeployment.class);
    SiteDeployment b = serialization.unmarshal(json("b", longMessage), SiteDeployment.class);
    String ma = a.getStatus().conditions().get(0).message();
    assertThat(ma).isEqualTo(longMessage).isNotSameAs(b.getStatus().conditions().get(0).message());
  }
}
