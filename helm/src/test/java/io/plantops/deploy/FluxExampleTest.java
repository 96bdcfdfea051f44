package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flux example (examples/gitops/flux) renders with kustomize; its HelmRelease's values install
 * the chart (values.schema.json applies) with CRDs replaced on upgrade; every Flux Kustomization
 * points at a directory of the repository that renders, plants into their own namespace, in an
 * order that brings CRDs before templates and templates before plants.
 */
class FluxExampleTest {

  static List<JsonNode> flux;

  @BeforeAll
  static void render() throws Exception {
    Tools.require("kubectl");
    flux = GitOpsOverlaysTest.kustomize("examples/gitops/flux");
  }

  static Map<String, JsonNode> byKind(String kind) {
    return flux.stream()
        .filter(d -> kind.equals(d.path("kind").asText()))
        .collect(
            Collectors.toMap(
                d -> d.at("/metadata/name").asText(), d -> d, (a, b) -> a, TreeMap::new));
  }

  @Test
  void helmReleaseInstallsTheChartWithItsValuesAndReplacesCrdsOnUpgrade(@TempDir Path dir)
      throws Exception {
    JsonNode release = byKind("HelmRelease").get("plantops");
    assertThat(release).isNotNull();
    assertThat(release.at("/spec/install/crds").asText()).isEqualTo("CreateReplace");
    assertThat(release.at("/spec/upgrade/crds").asText()).isEqualTo("CreateReplace");
    String chart = release.at("/spec/chart/spec/chart").asText();
    assertThat(Tools.ROOT.resolve(chart).resolve("Chart.yaml")).exists();
    assertThat(release.at("/spec/chart/spec/sourceRef/name").asText())
        .isIn(byKind("GitRepository").keySet());

    Path values = dir.resolve("values.yaml");
    HelmChartTest.YAML.writeValue(values.toFile(), release.at("/spec/values"));
    HelmChartTest.Rendered r = HelmChartTest.render(t -> t.withValuesFile(values));
    assertThat(r.kinds()).contains("PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor");
    assertThat(r.deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/plantops/operator:0.1.0");
  }

  @Test
  void everyKustomizationRendersAndPlantsLandInTheirOwnNamespaceAfterTheTemplates()
      throws Exception {
    Map<String, JsonNode> kustomizations = byKind("Kustomization");
    assertThat(kustomizations)
        .containsKeys(
            "plantops-crds", "plantops-corporate", "plantops-plant-lyon", "plantops-plant-joliet");
    for (JsonNode k : kustomizations.values()) {
      String name = k.at("/metadata/name").asText();
      String path = k.at("/spec/path").asText();
      assertThat(Files.isDirectory(Tools.ROOT.resolve(path))).as("%s path %s", name, path).isTrue();
      List<JsonNode> rendered = GitOpsOverlaysTest.kustomize(path.replaceFirst("^\\./", ""));
      String target = k.at("/spec/targetNamespace").asText("");
      if (!target.isEmpty()) {
        assertThat(rendered).as("%s renders the plant", name).isNotEmpty();
        assertThat(rendered)
            .filteredOn(d -> !d.path("kind").asText().equals("Namespace"))
            .allSatisfy(
                d -> assertThat(d.at("/metadata/namespace").asText()).as(name).isEqualTo(target));
      }
      for (JsonNode dep : k.at("/spec/dependsOn")) {
        assertThat(kustomizations).as("%s depends on", name).containsKey(dep.path("name").asText());
      }
    }
    assertThat(dependsOn(kustomizations, "plantops-plant-lyon"))
        .contains("plantops-corporate", "plantops-crds");
    assertThat(dependsOn(kustomizations, "plantops-corporate")).contains("plantops-crds");
    assertThat(kustomizations.get("plantops-crds").at("/spec/healthChecks/0/kind").asText())
        .isEqualTo("HelmRelease");
  }

  /** Every Kustomization {@code name} waits for, directly or not. */
  static Set<String> dependsOn(Map<String, JsonNode> all, String name) {
    Set<String> seen = new java.util.TreeSet<>();
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(name));
    while (!todo.isEmpty()) {
      for (JsonNode dep : all.get(todo.pop()).at("/spec/dependsOn")) {
        String d = dep.path("name").asText();
        assertThat(d).as("dependency cycle through %s", name).isNotEqualTo(name);
        if (seen.add(d)) {
          todo.push(d);
        }
      }
    }
    return seen;
  }
}
