package io.plantops.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantSpec;
import io.plantops.api.v1alpha1.ResourceAmounts;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.api.v1alpha1.WorkloadResources;
import io.plantops.operator.admission.AdmissionWebhook;
import io.plantops.operator.admission.ClusterReader;
import io.plantops.operator.admission.SubjectAccessReviewAuthorizer;
import io.plantops.operator.model.Labels;
import io.plantops.operator.model.Names;
import io.plantops.operator.testing.ApiCall;
import io.plantops.operator.testing.ApiCallList;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.RbacRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RBAC rules in helm/plantops/files/operator-rbac.yaml are exactly what the operator uses:
 * every request it sends (recorded by the mock API server) is allowed by a rule, and every verb of
 * every rule is used. The scenario exercises leader election, events, and each kind of write:
 * create, update of every owned kind (an input change, and hand edits put back), status patches.
 */
class OperatorRbacTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static final String NS = "rbac";
  static final String PREFLIGHT_ONLY = "coordination.k8s.io leases update";
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = new MockCluster();
    client = cluster.client();
    LeaderElectionTest.answerSelfSubjectRulesReviews(cluster);
    Fixtures.templates(client);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void theOperatorsRbacRulesAllowEveryCallItMakesAndNothingElse() throws Exception {
    Map<String, String> properties = new HashMap<>(LeaderElectionTest.replica("rbac-replica"));
    properties.put("plantops.operator.watched-namespaces", NS);
    try (OperatorHarness operator = OperatorHarness.start(cluster, properties)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> operator.operator().leader());
      Fixtures.lyon(client, NS);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> config() != null && plant().getStatus() != null);

      // a TagMapping with a unit that does not parse: a Warning event
      client
          .resources(TagMapping.class)
          .inNamespace(NS)
          .withName("lyon-kiln1")
          .edit(
              tm -> {
                tm.getMetadata().setResourceVersion(null);
                List<TagMappingEntry> entries = new ArrayList<>(tm.getSpec().mappings());
                TagMappingEntry e = entries.get(0);
                entries.set(
                    0,
                    new TagMappingEntry(
                        e.signal(),
                        "ns=2;s=MOVED",
                        e.unit(),
                        e.scale(),
                        e.offset(),
                        e.samplingIntervalMs(),
                        e.access(),
                        e.description()));
                tm.setSpec(new TagMappingSpec(tm.getSpec().plantRef(), null, entries));
                return tm;
              });
      // the Plant's resources change: the Deployments are updated
      client
          .resources(Plant.class)
          .inNamespace(NS)
          .withName("lyon")
          .edit(
              p -> {
                p.getMetadata().setResourceVersion(null);
                PlantSpec s = p.getSpec();
                p.setSpec(
                    new PlantSpec(
                        s.displayName(),
                        s.region(),
                        s.timezone(),
                        s.rolloutRing(),
                        s.opcua(),
                        new io.plantops.api.v1alpha1.InferenceServerSpec(
                            null,
                            new WorkloadResources(new ResourceAmounts("300m", "400Mi"), null)),
                        s.connector()));
                return p;
              });
      // hand edits of the Service and ServiceAccount are put back
      client
          .services()
          .inNamespace(NS)
          .withName(Names.connector("lyon"))
          .edit(
              svc -> {
                svc.getSpec().getPorts().get(0).setPort(9999);
                return svc;
              });
      client
          .serviceAccounts()
          .inNamespace(NS)
          .withName(Names.connector("lyon"))
          .edit(
              sa -> {
                sa.getMetadata().getLabels().remove(Labels.PLANT);
                return sa;
              });
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThat(
                        client
                            .services()
                            .inNamespace(NS)
                            .withName(Names.connector("lyon"))
                            .get()
                            .getSpec()
                            .getPorts()
                            .get(0)
                            .getPort())
                    .isEqualTo(8081);
                ServiceAccount sa =
                    client
                        .serviceAccounts()
                        .inNamespace(NS)
                        .withName(Names.connector("lyon"))
                        .get();
                assertThat(sa.getMetadata().getLabels()).containsKey(Labels.PLANT);
                Deployment d =
                    client
                        .apps()
                        .deployments()
                        .inNamespace(NS)
                        .withName(Names.inferenceServer("lyon"))
                        .get();
                assertThat(
                        d.getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getResources()
                            .getRequests()
                            .get("cpu")
                            .toString())
                    .isEqualTo("300m");
                assertThat(config()).contains("ns=2;s=MOVED");
                assertThat(client.v1().events().inNamespace(NS).list().getItems()).isNotEmpty();
              });
    }

    admissionReviews();

    RbacRules rbac = RbacRules.load();
    List<ApiCall> calls = cluster.callsBy(MockCluster.OPERATOR_AGENT);
    List<ApiCall> resourceCalls = calls.stream().filter(c -> c.verb().isPresent()).toList();
    assertThat(resourceCalls)
        .as("calls the RBAC rules in %s do not allow", RbacRules.FILE)
        .allSatisfy(c -> assertThat(rbac.all()).anyMatch(r -> r.allows(c)));
    Set<String> used = new TreeSet<>();
    resourceCalls.forEach(c -> used.add(c.group() + " " + c.resource() + " " + c.verb().get()));
    Set<String> granted = new TreeSet<>();
    for (RbacRules.Rule r : rbac.all()) {
      for (String g : r.apiGroups()) {
        for (String res : r.resources()) {
          for (String v : r.verbs()) {
            granted.add(g + " " + res + " " + v);
          }
        }
      }
    }
    // granted only because JOSDK's pre-flight check asks for it (see the comment in the file)
    granted.remove(PREFLIGHT_ONLY);
    assertThat(used).as("permissions the operator used").containsAll(granted);
    assertThat(granted).as("permissions granted").containsAll(used);
    // the list the Helm chart's tests check the rendered Roles against, with each call's scope
    Set<String> recorded = ApiCallList.lines(calls, NS, "plantops-system");
    if (Boolean.getBoolean("plantops.regenerate")) {
      ApiCallList.write(recorded);
    }
    assertThat(ApiCallList.committed())
        .as("%s is stale; regenerate it as its header says", ApiCallList.FILE)
        .isEqualTo(recorded);
    assertThat(calls)
        .as("non-resource URLs (discovery) are allowed to every authenticated user")
        .filteredOn(c -> c.verb().isEmpty())
        .allSatisfy(c -> assertThat(c.path()).matches("^/(api|apis|version)(/.*)?$"));
  }

  static String config() {
    var cm = client.configMaps().inNamespace(NS).withName(Names.plantConfig("lyon")).get();
    return cm == null ? null : cm.getData().values().iterator().next();
  }

  static Plant plant() {
    return client.resources(Plant.class).inNamespace(NS).withName("lyon").get();
  }

  /**
   * The admission webhook's calls, made with the operator's identity: a TagMapping checked against
   * the templates and its Plant (list calls), and an approval checked by SubjectAccessReview.
   */
  static void admissionReviews() {
    try (KubernetesClient operatorClient = cluster.newClient(MockCluster.OPERATOR_AGENT)) {
      AdmissionWebhook webhook =
          new AdmissionWebhook(
              ClusterReader.of(operatorClient), new SubjectAccessReviewAuthorizer(operatorClient));
      TagMapping tm =
          client.resources(TagMapping.class).inNamespace(NS).withName("lyon-kiln1").get();
      assertThat(webhook.specs(review(JSON.valueToTree(tm))).at("/response/allowed").asBoolean())
          .isTrue();
      SiteDeployment sd =
          client.resources(SiteDeployment.class).inNamespace(NS).list().getItems().get(0);
      ObjectNode object = JSON.valueToTree(sd);
      ((ObjectNode) object.path("spec"))
          .putArray("approvals")
          .addObject()
          .put("stage", "Advisory")
          .put("approvedBy", "j.dupont")
          .put("role", "plant-process-engineer")
          .put("at", "2026-11-20T10:00:00Z");
      // the mock API server answers the review without a status: not allowed
      assertThat(webhook.approvals(review(object)).at("/response/allowed").asBoolean()).isFalse();
    }
  }

  static JsonNode review(JsonNode object) {
    ObjectNode review = JSON.createObjectNode();
    ObjectNode request = review.putObject("request");
    request.put("uid", "u").put("operation", "CREATE").put("namespace", NS);
    request.putObject("kind").put("kind", object.path("kind").asText());
    request.putObject("userInfo").put("username", "j.dupont");
    request.set("object", object);
    return review;
  }
}
