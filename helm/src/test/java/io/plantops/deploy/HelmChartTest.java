package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart, through helm-java (Helm's own Go code, no helm binary): it lints, renders with
 * default and with non-default values into the expected objects, every object parses, and it ships
 * exactly the generated CRDs.
 */
class HelmChartTest {

  static final Path CHART = Tools.ROOT.resolve("helm/plantops");
  static final String RELEASE = "plantops";
  static final String NAMESPACE = "plantops-system";
  static final String KUBE_VERSION = "1.30.0";
  static final YAMLMapper YAML = new YAMLMapper();

  /** A rendered chart: its objects keyed by "Kind/namespace/name". */
  record Rendered(Map<String, JsonNode> objects, String yaml) {

    JsonNode get(String kind, String namespace, String name) {
      JsonNode o = objects.get(kind + "/" + namespace + "/" + name);
      assertThat(o).as("%s %s/%s in%n%s", kind, namespace, name, objects.keySet()).isNotNull();
      return o;
    }

    Set<String> kinds() {
      return objects.values().stream()
          .map(o -> o.path("kind").asText())
          .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    Deployment deployment() throws Exception {
      return Serialization.unmarshal(
          YAML.writeValueAsString(get("Deployment", NAMESPACE, RELEASE)), Deployment.class);
    }
  }

  static Rendered render(Consumer<TemplateCommand> values) throws Exception {
    TemplateCommand template =
        new Helm(CHART)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            // helm-java's default is v1.20, below the chart's kubeVersion
            .withKubeVersion(KUBE_VERSION)
            .skipCrds();
    values.accept(template);
    String yaml = template.call();
    Map<String, JsonNode> objects = new TreeMap<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d == null || d.isNull() || d.isEmpty()) {
          continue;
        }
        assertThat(d.path("apiVersion").asText()).as("apiVersion of %s", d).isNotEmpty();
        assertThat(d.path("kind").asText()).as("kind of %s", d).isNotEmpty();
        assertThat(d.at("/metadata/name").asText()).as("name of %s", d).isNotEmpty();
        String key =
            d.path("kind").asText()
                + "/"
                + d.at("/metadata/namespace").asText("")
                + "/"
                + d.at("/metadata/name").asText();
        assertThat(objects.put(key, d)).as("rendered twice: %s", key).isNull();
        // every object is a Kubernetes object Fabric8 can read (typed where it knows the kind)
        Object parsed = Serialization.unmarshal(YAML.writeValueAsString(d));
        assertThat(parsed).as("Fabric8 reads %s", key).isNotNull();
      }
    }
    return new Rendered(objects, yaml);
  }

  static Rendered defaults() throws Exception {
    return render(t -> {});
  }

  static Rendered nonDefaults() throws Exception {
    return render(
        t ->
            t.set("replicaCount", 2)
                .set("leaderElection.enabled", true)
                .set("watchNamespaces[0]", "plant-lyon")
                .set("watchNamespaces[1]", "plant-joliet")
                .set("image.repository", "registry.example.com/plantops/operator")
                .set("image.tag", "9.9.9")
                .set("workloads.inferenceServer.repository", "registry.example.com/plantops/inf")
                .set("workloads.inferenceServer.tag", "9.9.8")
                .set("workloads.connector.repository", "registry.example.com/plantops/conn")
                .set("workloads.connector.tag", "9.9.7")
                .set("metrics.serviceMonitor.enabled", true)
                .set("metrics.serviceMonitor.labels.release", "kube-prometheus")
                .set("metrics.podMonitor.enabled", true)
                .set("metrics.prometheusRule.enabled", true)
                .set("grafanaDashboard.enabled", true)
                .set("grafanaDashboard.namespace", "monitoring")
                .set("rbac.humanRoles.corporateGroups[0]", "corporate-ai")
                .set("rbac.humanRoles.plantTeams.plant-lyon[0]", "lyon-engineers"));
  }

  static Map<String, String> env(Container c) {
    return c.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void lintPassesStrict() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
  }

  @Test
  void defaultValuesRenderTheOperatorWithSecureDefaults() throws Exception {
    Rendered r = defaults();
    assertThat(r.kinds())
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "Deployment",
            "Service",
            "Secret",
            "ValidatingWebhookConfiguration",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding");
    assertThat(r.objects())
        .containsOnlyKeys(
            "ServiceAccount/plantops-system/plantops",
            "Deployment/plantops-system/plantops",
            "Service/plantops-system/plantops",
            "Service/plantops-system/plantops-webhook",
            "Secret/plantops-system/plantops-webhook-tls",
            "ValidatingWebhookConfiguration//plantops",
            "ClusterRole//plantops-approver-corporate-ai-lead",
            "ClusterRole//plantops-approver-plant-manager",
            "ClusterRole//plantops-approver-plant-process-engineer",
            "ClusterRole//plantops-approver-plant-quality-manager",
            "ClusterRole//plantops",
            "ClusterRole//plantops-plants",
            "ClusterRole//plantops-corporate",
            "ClusterRole//plantops-plant-team",
            "ClusterRole//plantops-viewer",
            "ClusterRoleBinding//plantops",
            "ClusterRoleBinding//plantops-plants",
            "Role/plantops-system/plantops-leader-election",
            "RoleBinding/plantops-system/plantops-leader-election");

    Deployment d = r.deployment();
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    var pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("plantops");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getContainers()).hasSize(1);
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("ghcr.io/plantops/operator:0.1.0");
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
    assertThat(c.getReadinessProbe().getHttpGet().getPath())
        .isEqualTo("/actuator/health/readiness");
    // a read-only root filesystem needs a writable /tmp for the JVM
    assertThat(c.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
    Map<String, String> env = env(c);
    assertThat(env)
        .containsEntry("PLANTOPS_OPERATOR_WATCHEDNAMESPACES", "")
        .containsEntry("PLANTOPS_OPERATOR_LEADERELECTION_ENABLED", "true")
        .containsEntry("PLANTOPS_OPERATOR_LEADERELECTION_LEASENAMESPACE", NAMESPACE)
        .containsEntry(
            "PLANTOPS_OPERATOR_WORKLOADS_INFERENCESERVER_REPOSITORY",
            "ghcr.io/plantops/inference-server")
        .containsEntry("PLANTOPS_OPERATOR_WORKLOADS_INFERENCESERVER_TAG", "0.1.0")
        .containsEntry("PLANTOPS_OPERATOR_WORKLOADS_CONNECTOR_TAG", "0.1.0");

    // watching every namespace: the namespaced rules are bound cluster-wide
    JsonNode plants = r.get("ClusterRoleBinding", "", "plantops-plants");
    assertThat(plants.at("/roleRef/name").asText()).isEqualTo("plantops-plants");
    assertThat(plants.at("/subjects/0/name").asText()).isEqualTo("plantops");
    assertThat(plants.at("/subjects/0/namespace").asText()).isEqualTo(NAMESPACE);
    // the plant team's role is aggregated into admin and edit, the viewer into view
    JsonNode team = r.get("ClusterRole", "", "plantops-plant-team");
    assertThat(team.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-edit").asText())
        .isEqualTo("true");
    assertThat(
            r.get("ClusterRole", "", "plantops-viewer")
                .at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-view")
                .asText())
        .isEqualTo("true");
  }

  @Test
  void nonDefaultValuesRenderReplicasNamespacesImagesAndMonitoring() throws Exception {
    Rendered r = nonDefaults();
    Deployment d = r.deployment();
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("registry.example.com/plantops/operator:9.9.9");
    assertThat(env(c))
        .containsEntry("PLANTOPS_OPERATOR_WATCHEDNAMESPACES", "plant-lyon,plant-joliet")
        .containsEntry("PLANTOPS_OPERATOR_LEADERELECTION_ENABLED", "true")
        .containsEntry(
            "PLANTOPS_OPERATOR_WORKLOADS_INFERENCESERVER_REPOSITORY",
            "registry.example.com/plantops/inf")
        .containsEntry("PLANTOPS_OPERATOR_WORKLOADS_INFERENCESERVER_TAG", "9.9.8")
        .containsEntry(
            "PLANTOPS_OPERATOR_WORKLOADS_CONNECTOR_REPOSITORY",
            "registry.example.com/plantops/conn")
        .containsEntry("PLANTOPS_OPERATOR_WORKLOADS_CONNECTOR_TAG", "9.9.7");
    // each replica names itself after its pod for the Lease
    assertThat(c.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("PLANTOPS_OPERATOR_LEADERELECTION_IDENTITY");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
            });
    r.get("Role", NAMESPACE, "plantops-leader-election");

    // watching two namespaces: one RoleBinding in each, no cluster-wide binding of those rules
    for (String ns : List.of("plant-lyon", "plant-joliet")) {
      JsonNode rb = r.get("RoleBinding", ns, "plantops-plants");
      assertThat(rb.at("/roleRef/kind").asText()).isEqualTo("ClusterRole");
      assertThat(rb.at("/roleRef/name").asText()).isEqualTo("plantops-plants");
    }
    assertThat(r.objects()).doesNotContainKey("ClusterRoleBinding//plantops-plants");
    assertThat(
            r.get("ClusterRoleBinding", "", "plantops-corporate-corporate-ai")
                .at("/roleRef/name")
                .asText())
        .isEqualTo("plantops-corporate");
    assertThat(
            r.get("RoleBinding", "plant-lyon", "plantops-plant-team-lyon-engineers")
                .at("/roleRef/name")
                .asText())
        .isEqualTo("plantops-plant-team");

    JsonNode sm = r.get("ServiceMonitor", NAMESPACE, "plantops");
    assertThat(sm.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus");
    assertThat(sm.at("/spec/endpoints/0/path").asText()).isEqualTo("/actuator/prometheus");
    assertThat(sm.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
    assertThat(sm.at("/spec/endpoints/0/honorLabels").asBoolean())
        .as("the operator's per-plant gauges keep their own namespace label")
        .isTrue();
    assertThat(new ObjectMapper().convertValue(sm.at("/spec/selector/matchLabels"), Map.class))
        .as("the ServiceMonitor selects the operator's Service by the pods' labels")
        .isEqualTo(d.getSpec().getSelector().getMatchLabels());
    JsonNode pm = r.get("PodMonitor", NAMESPACE, "plantops-workloads");
    assertThat(pm.at("/spec/namespaceSelector/matchNames").toString())
        .isEqualTo("[\"plant-lyon\",\"plant-joliet\"]");
    assertThat(pm.at("/spec/podMetricsEndpoints/0/path").asText()).isEqualTo("/metrics");

    JsonNode rule = r.get("PrometheusRule", NAMESPACE, "plantops");
    assertThat(rule.path("spec"))
        .as("the PrometheusRule carries the plain rules file")
        .isEqualTo(YAML.readTree(MetricNamesTest.RULES.toFile()));

    JsonNode dashboard = r.get("ConfigMap", "monitoring", "plantops-dashboard");
    assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    JsonNode json = new ObjectMapper().readTree(dashboard.at("/data/plantops.json").asText());
    assertThat(json).isEqualTo(new ObjectMapper().readTree(MetricNamesTest.DASHBOARD.toFile()));
    assertThat(json.path("panels").size()).isGreaterThan(20);
    assertThat(new ObjectMapper().readTree(dashboard.at("/data/plantops-fleet.json").asText()))
        .as("the fleet scorecard dashboard ships in the same ConfigMap")
        .isEqualTo(new ObjectMapper().readTree(MetricNamesTest.FLEET_DASHBOARD.toFile()));
  }

  @Test
  void refusesClustersOlderThanKubernetes127() {
    assertThatThrownBy(
            () -> new Helm(CHART).template().withName(RELEASE).withKubeVersion("1.26.5").call())
        .hasMessageContaining("kubeVersion");
  }

  @Test
  void monitoringIsOffByDefault() throws Exception {
    assertThat(defaults().kinds())
        .doesNotContain("ServiceMonitor", "PodMonitor", "PrometheusRule", "ConfigMap");
  }

  @Test
  void theChartShipsExactlyTheGeneratedCrds() throws Exception {
    Path generated = Tools.ROOT.resolve("crds");
    Path shipped = CHART.resolve("crds");
    assertThat(names(shipped))
        .as(
            "helm/plantops/crds must be a copy of crds/: the helm module's build copies it"
                + " (./mvnw -pl helm generate-resources); never edit the chart's copy")
        .isEqualTo(names(generated));
    for (String name : names(generated)) {
      assertThat(Files.readString(shipped.resolve(name)))
          .as(
              "helm/plantops/crds/%s differs from crds/%s; run ./mvnw -pl helm generate-resources"
                  + " and commit",
              name, name)
          .isEqualTo(Files.readString(generated.resolve(name)));
    }
    // the CRDs are installed from crds/ (helm install), not rendered as templates
    assertThat(defaults().kinds()).doesNotContain("CustomResourceDefinition");
  }

  static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
