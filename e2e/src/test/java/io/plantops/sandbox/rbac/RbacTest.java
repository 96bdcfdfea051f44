package io.plantops.sandbox.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.plantops.operator.admission.Requester;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RBAC evaluator on small hand-written policies, one rule of the API server's each. */
class RbacTest {

  static final YAMLMapper YAML = new YAMLMapper();

  static Rbac rbac(String yaml) throws Exception {
    try (var parser = YAML.getFactory().createParser(yaml)) {
      List<JsonNode> objects = YAML.readValues(parser, JsonNode.class).readAll();
      return Rbac.of(objects);
    }
  }

  static final String APPROVER =
      """
      kind: ClusterRole
      metadata: {name: approver-plant-manager}
      rules:
      - apiGroups: [plantops.io]
        resources: [sitedeployments/approval]
        verbs: [approve]
        resourceNames: [plant-manager]
      ---
      kind: ClusterRole
      metadata: {name: plant-team, labels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}}
      rules:
      - apiGroups: [plantops.io]
        resources: [sitedeployments, plants]
        verbs: [get, list, patch]
      ---
      kind: ClusterRole
      metadata: {name: edit, labels: {rbac.authorization.k8s.io/aggregate-to-admin: "true"}}
      aggregationRule:
        clusterRoleSelectors:
        - matchLabels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}
      ---
      kind: ClusterRole
      metadata: {name: admin}
      aggregationRule:
        clusterRoleSelectors:
        - matchLabels: {rbac.authorization.k8s.io/aggregate-to-admin: "true"}
      ---
      kind: Role
      metadata: {name: reader, namespace: plant-lyon}
      rules:
      - apiGroups: [""]
        resources: [configmaps]
        verbs: ["*"]
      """;

  static Attributes approve(String namespace, String role) {
    return Attributes.resource(
        "approve", "plantops.io", "sitedeployments", "approval", namespace, role);
  }

  @Test
  void aRoleBindingGrantsOnlyInsideItsNamespaceAndNeverAtTheClusterScope() throws Exception {
    Rbac rbac =
        rbac(
            APPROVER
                + """
                ---
                kind: RoleBinding
                metadata: {name: mgr, namespace: plant-lyon}
                roleRef: {kind: ClusterRole, name: approver-plant-manager}
                subjects: [{kind: Group, name: lyon-mgmt}]
                """);
    Requester manager = Requester.of("p.martin", "lyon-mgmt");
    assertThat(rbac.allows(manager, approve("plant-lyon", "plant-manager"))).isTrue();
    assertThat(rbac.allows(manager, approve("plant-joliet", "plant-manager"))).isFalse();
    assertThat(rbac.allows(manager, approve("", "plant-manager"))).isFalse();
  }

  @Test
  void resourceNamesLimitTheGrantToTheNamedRole() throws Exception {
    Rbac rbac =
        rbac(
            APPROVER
                + """
                ---
                kind: ClusterRoleBinding
                metadata: {name: mgr}
                roleRef: {kind: ClusterRole, name: approver-plant-manager}
                subjects: [{kind: User, name: p.martin}]
                """);
    Requester manager = Requester.of("p.martin");
    assertThat(rbac.allows(manager, approve("", "plant-manager"))).isTrue();
    assertThat(rbac.allows(manager, approve("plant-lyon", "plant-manager"))).isTrue();
    assertThat(rbac.allows(manager, approve("", "corporate-ai-lead"))).isFalse();
    // the subresource is its own resource: approving grants no patch of the object
    assertThat(
            rbac.allows(
                manager,
                Attributes.resource(
                    "patch", "plantops.io", "sitedeployments", "", "plant-lyon", "kiln1")))
        .isFalse();
    assertThat(rbac.allows(Requester.of("someone-else"), approve("", "plant-manager"))).isFalse();
  }

  @Test
  void aggregatedRolesHoldTheRulesOfWhatTheySelectTransitively() throws Exception {
    Rbac rbac =
        rbac(
            APPROVER
                + """
                ---
                kind: RoleBinding
                metadata: {name: ns-admin, namespace: plant-lyon}
                roleRef: {kind: ClusterRole, name: admin}
                subjects: [{kind: User, name: lyon-admin}]
                """);
    Requester admin = Requester.of("lyon-admin");
    assertThat(
            rbac.allows(
                admin,
                Attributes.of(
                    "PATCH", "/apis/plantops.io/v1alpha1/namespaces/plant-lyon/plants/lyon")))
        .isTrue();
    // the approver roles are not aggregated: a namespace admin holds none of them
    assertThat(rbac.allows(admin, approve("plant-lyon", "plant-manager"))).isFalse();
  }

  @Test
  void rolesAreLookedUpInTheBindingsNamespaceAndServiceAccountsByTheirUserName() throws Exception {
    Rbac rbac =
        rbac(
            APPROVER
                + """
                ---
                kind: RoleBinding
                metadata: {name: sa, namespace: plant-lyon}
                roleRef: {kind: Role, name: reader}
                subjects: [{kind: ServiceAccount, name: tool}]
                ---
                kind: RoleBinding
                metadata: {name: sa, namespace: plant-joliet}
                roleRef: {kind: Role, name: reader}
                subjects: [{kind: ServiceAccount, name: tool}]
                """);
    String lyon = "/api/v1/namespaces/plant-lyon/configmaps/x";
    String joliet = "/api/v1/namespaces/plant-joliet/configmaps/x";
    Requester tool = Requester.of("system:serviceaccount:plant-lyon:tool");
    assertThat(rbac.allows(tool, Attributes.of("DELETE", lyon))).isTrue();
    assertThat(rbac.allows(tool, Attributes.of("DELETE", joliet)))
        .as("the Role reader exists in plant-lyon only")
        .isFalse();
    assertThat(rbac.allows(Requester.of("tool"), Attributes.of("DELETE", lyon))).isFalse();
  }

  @Test
  void systemMastersMayDoAnythingAndNobodyElseWithoutABinding() throws Exception {
    Rbac rbac = rbac(APPROVER);
    Attributes anything = Attributes.of("DELETE", "/api/v1/namespaces/plant-lyon");
    assertThat(rbac.allows(Requester.of("admin", Rbac.MASTERS), anything)).isTrue();
    assertThat(rbac.allows(Requester.of("admin", "system:authenticated"), anything)).isFalse();
  }

  @Test
  void nonResourceUrlsMatchExactlyOrByTrailingStar() throws Exception {
    Rbac rbac =
        rbac(
            """
            kind: ClusterRole
            metadata: {name: discovery}
            rules: [{nonResourceURLs: [/version, /apis/*], verbs: [get]}]
            ---
            kind: ClusterRoleBinding
            metadata: {name: discovery}
            roleRef: {kind: ClusterRole, name: discovery}
            subjects: [{kind: Group, name: system:authenticated}]
            """);
    Requester anyone = Requester.of("x", "system:authenticated");
    assertThat(rbac.allows(anyone, Attributes.of("GET", "/version"))).isTrue();
    assertThat(rbac.allows(anyone, Attributes.of("GET", "/apis/plantops.io"))).isTrue();
    assertThat(rbac.allows(anyone, Attributes.of("GET", "/metrics"))).isFalse();
    assertThat(rbac.allows(anyone, Attributes.of("POST", "/version"))).isFalse();
  }
}
