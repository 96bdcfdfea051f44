package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The alert rules file passes promtool, covers what the issue asks to be paged for, and every
 * alert's runbook_url leads to its section of docs/operations.md. The operations guide's own links
 * resolve too.
 */
class AlertRulesTest {

  static final String RUNBOOKS =
      "https://github.com/plantops/plantops/blob/main/docs/operations.md#";
  static final Path OPERATIONS = Tools.ROOT.resolve("docs/operations.md");

  static List<JsonNode> alerts() throws Exception {
    JsonNode rules = new YAMLMapper().readTree(MetricNamesTest.RULES.toFile());
    List<JsonNode> alerts = new ArrayList<>();
    rules
        .path("groups")
        .forEach(
            g ->
                g.path("rules")
                    .forEach(
                        r -> {
                          if (r.has("alert")) {
                            alerts.add(r);
                          }
                        }));
    return alerts;
  }

  /** GitHub's heading anchors: lower case, spaces to dashes, other punctuation dropped. */
  static Set<String> anchors(Path markdown) throws Exception {
    Set<String> anchors = new TreeSet<>();
    boolean fence = false;
    for (String line : Files.readAllLines(markdown)) {
      if (line.startsWith("```")) {
        fence = !fence;
      }
      if (!fence && line.startsWith("#")) {
        String text = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT);
        anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }

  @Test
  void promtoolCheckRulesPasses() throws Exception {
    Tools.require("promtool");
    Tools.Result r =
        Tools.run(List.of("promtool", "check", "rules", MetricNamesTest.RULES.toString()));
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("SUCCESS: " + alerts().size() + " rules found");
  }

  @Test
  void alertsCoverWhatSresArePagedFor() throws Exception {
    assertThat(alerts())
        .extracting(a -> a.path("alert").asText())
        .contains(
            "PlantopsDriftAlert",
            "PlantopsKpiDegraded",
            "PlantopsConnectorDisconnected",
            "PlantopsDataStale",
            "PlantopsBufferFilling",
            "PlantopsWritesWithheld",
            "PlantopsInferenceErrors",
            "PlantopsOperatorReconcileErrors",
            "PlantopsPromotionStuck");
    assertThat(alerts())
        .allSatisfy(
            a -> {
              assertThat(a.at("/labels/severity").asText()).isIn("info", "warning", "critical");
              assertThat(a.at("/annotations/summary").asText()).isNotBlank();
              assertThat(a.at("/annotations/description").asText()).isNotBlank();
            });
  }

  @Test
  void everyAlertsRunbookUrlIsItsSectionOfTheOperationsGuide() throws Exception {
    Set<String> anchors = anchors(OPERATIONS);
    for (JsonNode a : alerts()) {
      String name = a.path("alert").asText();
      String anchor = name.toLowerCase(Locale.ROOT);
      assertThat(a.at("/annotations/runbook_url").asText()).as(name).isEqualTo(RUNBOOKS + anchor);
      assertThat(anchors).as("a '### %s' section in %s", name, OPERATIONS).contains(anchor);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"docs/operations.md", "docs/gitops.md"})
  void relativeLinksResolve(String doc) throws Exception {
    Path file = Tools.ROOT.resolve(doc);
    Matcher m = Pattern.compile("\\]\\(([^)\\s]+)\\)").matcher(Files.readString(file));
    int links = 0;
    while (m.find()) {
      String target = m.group(1);
      if (target.startsWith("http://") || target.startsWith("https://")) {
        continue;
      }
      links++;
      String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
      String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
      Path linked = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
      assertThat(linked).as("%s links to %s", doc, target).exists();
      if (anchor != null) {
        assertThat(anchors(linked)).as("%s links to %s", doc, target).contains(anchor);
      }
    }
    assertThat(links).isPositive();
  }
}
