package io.plantops.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl get sitedeployments} shows whether each site is Ready and why, from the committed
 * CRD's printer columns, evaluated as the sandbox's API server (and a real one) evaluates them.
 */
class SiteDeploymentColumnsTest {

  static final Path ROOT = Path.of(System.getProperty("plantops.root", "..")).normalize();
  static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void aSiteShowsItsReadyConditionAndItsReason() throws Exception {
    JsonNode crd = YAML.readTree(ROOT.resolve("crds/sitedeployments.plantops.io.yaml").toFile());
    JsonNode site =
        YAML.readTree(
            """
            apiVersion: plantops.io/v1alpha1
            kind: SiteDeployment
            metadata: {name: kiln1-energy, namespace: plant-lyon,
                       creationTimestamp: "2026-11-18T11:00:00Z"}
            spec: {plantRef: lyon, templateRef: {name: kiln-energy-optimization}, stage: Advisory}
            status:
              phase: Advisory
              conditions:
              - {type: InputsCovered, status: "True", reason: AllSignalsMapped}
              - {type: Ready, status: "False", reason: PlantDisconnected}
              - {type: Degraded, status: "True", reason: PlantDisconnected}
            """);

    JsonNode table =
        Tables.render(
            crd,
            "plantops.io/v1alpha1/sitedeployments",
            List.of(site),
            Clock.fixed(Instant.parse("2026-11-18T11:05:00Z"), ZoneOffset.UTC));

    Map<String, String> row = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> names.add(c.path("name").asText()));
    JsonNode cells = table.path("rows").get(0).path("cells");
    for (int i = 0; i < names.size(); i++) {
      row.put(names.get(i), cells.get(i).asText());
    }
    assertThat(row)
        .containsEntry("Phase", "Advisory")
        .containsEntry("Ready", "False")
        .containsEntry("Reason", "PlantDisconnected");
    assertThat(names).containsSubsequence("Phase", "Ready", "Reason", "Active");
  }
}
