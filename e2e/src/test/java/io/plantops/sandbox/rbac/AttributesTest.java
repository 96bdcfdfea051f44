package io.plantops.sandbox.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Request attributes as the API server's RequestInfoFactory derives them from a request. */
class AttributesTest {

  @Test
  void derivesVerbResourceNamespaceAndNameFromThePath() {
    Attributes patch =
        Attributes.of(
            "PATCH",
            "/apis/plantops.io/v1alpha1/namespaces/plant-lyon/sitedeployments/kiln1-energy");
    assertThat(patch.verb()).isEqualTo("patch");
    assertThat(patch.apiGroup()).isEqualTo("plantops.io");
    assertThat(patch.resource()).isEqualTo("sitedeployments");
    assertThat(patch.subresource()).isEmpty();
    assertThat(patch.namespace()).isEqualTo("plant-lyon");
    assertThat(patch.name()).isEqualTo("kiln1-energy");
    assertThat(patch.resourceRequest()).isTrue();
    Attributes status =
        Attributes.of("PUT", "/apis/plantops.io/v1alpha1/namespaces/plant-lyon/plants/lyon/status");
    assertThat(status.resourceWithSubresource()).isEqualTo("plants/status");
    assertThat(Attributes.of("GET", "/api/v1/pods").verb()).isEqualTo("list");
    assertThat(Attributes.of("GET", "/api/v1/namespaces/plant-lyon/pods?watch=true").verb())
        .isEqualTo("watch");
    assertThat(Attributes.of("DELETE", "/api/v1/namespaces/plant-lyon/pods").verb())
        .isEqualTo("deletecollection");
    Attributes ns = Attributes.of("GET", "/api/v1/namespaces/plant-lyon");
    assertThat(ns.resource()).isEqualTo("namespaces");
    assertThat(ns.name()).isEqualTo("plant-lyon");
    assertThat(Attributes.of("GET", "/apis/plantops.io/v1alpha1").resourceRequest()).isFalse();
  }

  @Test
  void forbiddenMessagesReadAsTheApiServersDo() {
    assertThat(
            Attributes.of(
                    "PATCH",
                    "/apis/plantops.io/v1alpha1/namespaces/plant-lyon/sitedeployments/kiln1-energy")
                .forbiddenMessage("l.petit"))
        .isEqualTo(
            "sitedeployments.plantops.io \"kiln1-energy\" is forbidden: User \"l.petit\" cannot"
                + " patch resource \"sitedeployments\" in API group \"plantops.io\" in the"
                + " namespace \"plant-lyon\"");
    assertThat(Attributes.of("GET", "/api/v1/nodes").forbiddenMessage("x"))
        .isEqualTo(
            "nodes is forbidden: User \"x\" cannot list resource \"nodes\" in API group \"\" at"
                + " the cluster scope");
    assertThat(Attributes.of("GET", "/metrics").forbiddenMessage("x"))
        .isEqualTo("forbidden: User \"x\" cannot get path \"/metrics\"");
  }
}
