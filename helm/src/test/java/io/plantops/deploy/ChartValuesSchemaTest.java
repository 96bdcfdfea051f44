package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * values.schema.json: a misspelt or wrongly typed value fails {@code helm lint} and {@code helm
 * template} (and so install), naming the value (Helm names it as a JSON pointer, {@code
 * /image/pullPolicy}); and the replicas' high-availability pieces (a PodDisruptionBudget and
 * anti-affinity) appear with more than one replica only.
 */
class ChartValuesSchemaTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "replicaCount: two|replicaCount",
        "replicaCount: 0|replicaCount",
        "image: {pullPolicy: Sometimes}|/image/pullPolicy",
        "workloads: {runAsUser: root}|/workloads/runAsUser",
        "statusPolling: {interval: 15 seconds}|/statusPolling/interval",
        "watchNamespace: [plant-lyon]|watchNamespace",
        "networkPolicy: {plantNamespaces: {plant-lyon: {opcua: [{cidr: lyon-dcs, port: 4840}]}}}"
            + "|/networkPolicy/plantNamespaces/plant-lyon/opcua/0/cidr"
      })
  void lintFailsNamingAMistypedValue(String values, String named, @TempDir Path dir)
      throws Exception {
    Path chart = copyChart(dir);
    // the chart's values with the mistake merged in, as a platform team's edited values.yaml
    ObjectNode merged =
        (ObjectNode) HelmChartTest.YAML.readTree(chart.resolve("values.yaml").toFile());
    merge(merged, (ObjectNode) HelmChartTest.YAML.readTree(values));
    HelmChartTest.YAML.writeValue(chart.resolve("values.yaml").toFile(), merged);
    LintResult result = new Helm(chart).lint().strict().call();
    assertThat(result.isFailed()).as("lint of %s: %s", values, result.getMessages()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains(named);
  }

  @Test
  void templateFailsNamingAWronglyTypedValueSetOnTheCommandLine() {
    assertThatThrownBy(
            () -> HelmChartTest.render(t -> t.set("workloads.connectorWatchdog", "thirty")))
        .hasMessageContaining("/workloads/connectorWatchdog");
    assertThatThrownBy(() -> HelmChartTest.render(t -> t.set("replicaCuont", 2)))
        .hasMessageContaining("replicaCuont");
  }

  @Test
  void moreThanOneReplicaGetsADisruptionBudgetAndSpreadsOverNodes() throws Exception {
    HelmChartTest.Rendered one = HelmChartTest.defaults();
    assertThat(one.kinds()).doesNotContain("PodDisruptionBudget");
    assertThat(
            one.get("Deployment", HelmChartTest.NAMESPACE, HelmChartTest.RELEASE)
                .at("/spec/template/spec/affinity")
                .isMissingNode())
        .isTrue();

    HelmChartTest.Rendered two = HelmChartTest.render(t -> t.set("replicaCount", 2));
    JsonNode pdb = two.get("PodDisruptionBudget", HelmChartTest.NAMESPACE, HelmChartTest.RELEASE);
    assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
    JsonNode deployment = two.get("Deployment", HelmChartTest.NAMESPACE, HelmChartTest.RELEASE);
    assertThat(pdb.at("/spec/selector/matchLabels"))
        .isEqualTo(deployment.at("/spec/selector/matchLabels"));
    JsonNode term =
        deployment.at(
            "/spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm");
    assertThat(term.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
    assertThat(term.at("/labelSelector/matchLabels"))
        .isEqualTo(deployment.at("/spec/selector/matchLabels"));

    // the operator's own affinity replaces the default one
    HelmChartTest.Rendered pinned =
        HelmChartTest.render(
            t ->
                t.set("replicaCount", 2)
                    .set(
                        "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key",
                        "zone")
                    .set(
                        "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator",
                        "Exists"));
    JsonNode affinity =
        pinned
            .get("Deployment", HelmChartTest.NAMESPACE, HelmChartTest.RELEASE)
            .at("/spec/template/spec/affinity");
    assertThat(affinity.has("nodeAffinity")).isTrue();
    assertThat(affinity.has("podAntiAffinity")).isFalse();
  }

  @Test
  void replicasWithoutLeaderElectionAreRefused() {
    assertThatThrownBy(
            () ->
                HelmChartTest.render(
                    t -> t.set("replicaCount", 2).set("leaderElection.enabled", false)))
        .hasMessageContaining("leaderElection.enabled");
  }

  static void merge(ObjectNode into, ObjectNode from) {
    from.fields()
        .forEachRemaining(
            f -> {
              JsonNode existing = into.get(f.getKey());
              if (existing instanceof ObjectNode o && f.getValue() instanceof ObjectNode v) {
                merge(o, v);
              } else {
                into.set(f.getKey(), f.getValue());
              }
            });
  }

  static Path copyChart(Path dir) throws Exception {
    Path target = dir.resolve("plantops");
    try (Stream<Path> files = Files.walk(HelmChartTest.CHART)) {
      for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
        Path to = target.resolve(HelmChartTest.CHART.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }
}
