package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The alert rules file passes promtool, covers what the issue asks to be paged for, and every
 * alert's runbook_url leads to its section of docs/operations.md. Every alert of the chart's
 * PrometheusRule, as helm renders it, passes its {@code promtool test rules} unit tests under
 * helm/src/test/promtool, which show it firing and staying quiet; the jobs the rules select are the
 * ones the chart's monitors name. The operations guide's own links resolve too.
 */
class AlertRulesTest {

  static final String RUNBOOKS =
      "https://github.com/plantops/plantops/blob/main/docs/operations.md#";
  static final Path OPERATIONS = Tools.ROOT.resolve("docs/operations.md");
  static final Path PROMTOOL_TESTS = Tools.ROOT.resolve("helm/src/test/promtool");

  /** The name every promtool test file gives its rule file, found beside it. */
  static final String RULE_FILE = "plantops.rules.yaml";

  static final YAMLMapper YAML = new YAMLMapper();

  /** One {@code alert_rule_test} entry: at a time, the alert fires or stays quiet. */
  record PromtoolCase(String alertname, boolean fires) {}

  static List<JsonNode> alerts() throws Exception {
    return alerts(YAML.readTree(MetricNamesTest.RULES.toFile()));
  }

  static List<JsonNode> alerts(JsonNode rules) {
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

  /** The rules of the chart's PrometheusRule, rendered by helm with the rules turned on. */
  static JsonNode renderedRules() throws Exception {
    return HelmChartTest.render(t -> t.set("metrics.prometheusRule.enabled", true))
        .get("PrometheusRule", HelmChartTest.NAMESPACE, HelmChartTest.RELEASE)
        .path("spec");
  }

  static Set<String> alertNames(JsonNode rules) {
    return alerts(rules).stream()
        .map(a -> a.path("alert").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static List<Path> promtoolTestFiles() throws Exception {
    try (Stream<Path> files = Files.list(PROMTOOL_TESTS)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".test.yaml")).sorted().toList();
    }
  }

  /** Every alert_rule_test entry of every promtool test file. */
  static List<PromtoolCase> promtoolCases() throws Exception {
    List<PromtoolCase> cases = new ArrayList<>();
    for (Path file : promtoolTestFiles()) {
      JsonNode test = YAML.readTree(file.toFile());
      assertThat(test.path("rule_files").toString())
          .as("rule_files of %s: the rendered rules are written beside the test files", file)
          .isEqualTo("[\"" + RULE_FILE + "\"]");
      for (JsonNode group : test.path("tests")) {
        for (JsonNode c : group.path("alert_rule_test")) {
          cases.add(
              new PromtoolCase(c.path("alertname").asText(), !c.path("exp_alerts").isEmpty()));
        }
      }
    }
    return cases;
  }

  static Set<String> testedAlerts(List<PromtoolCase> cases, boolean fires) {
    return cases.stream()
        .filter(c -> c.fires() == fires)
        .map(PromtoolCase::alertname)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return d;
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
            "PlantopsInvalidGeneration",
            "PlantopsPromotionStuck",
            "PlantopsOperatorDown",
            "PlantopsConnectorDown",
            "PlantopsInferenceServerDown");
    assertThat(alerts())
        .allSatisfy(
            a -> {
              assertThat(a.at("/labels/severity").asText()).isIn("info", "warning", "critical");
              assertThat(a.at("/annotations/summary").asText()).isNotBlank();
              assertThat(a.at("/annotations/description").asText()).isNotBlank();
            });
  }

  @Test
  void everyAlertHasAPromtoolCaseWhereItFiresAndOneWhereItStaysQuiet() throws Exception {
    Set<String> alerts = alertNames(renderedRules());
    List<PromtoolCase> cases = promtoolCases();
    Set<String> tested = new TreeSet<>(testedAlerts(cases, true));
    tested.addAll(testedAlerts(cases, false));
    assertSoftly(
        softly -> {
          softly
              .assertThat(minus(alerts, testedAlerts(cases, true)))
              .as("alerts without a promtool case where they fire (add one in %s)", PROMTOOL_TESTS)
              .isEmpty();
          softly
              .assertThat(minus(alerts, testedAlerts(cases, false)))
              .as(
                  "alerts without a promtool case where they stay quiet (add one in %s)",
                  PROMTOOL_TESTS)
              .isEmpty();
          softly
              .assertThat(minus(tested, alerts))
              .as("promtool cases of alerts the chart does not have (promtool passes them quietly)")
              .isEmpty();
        });
  }

  @Test
  void everyAlertPassesItsPromtoolUnitTestsOnTheRenderedRules() throws Exception {
    Tools.require("promtool");
    Path dir = Files.createDirectories(Path.of("target", "promtool"));
    YAML.writeValue(dir.resolve(RULE_FILE).toFile(), renderedRules());
    List<String> command = new ArrayList<>(List.of("promtool", "test", "rules"));
    List<Path> files = promtoolTestFiles();
    for (Path file : files) {
      Path copy = dir.resolve(file.getFileName());
      Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
      command.add(copy.toString());
    }
    Tools.Result r = Tools.run(command);
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(Pattern.compile("SUCCESS").matcher(r.out()).results().count())
        .as("test files passed in%n%s", r.out())
        .isEqualTo(files.size());
  }

  @Test
  void theRulesSelectTheJobsTheChartsMonitorsName() throws Exception {
    HelmChartTest.Rendered r = HelmChartTest.nonDefaults();
    Set<String> named = new TreeSet<>();
    JsonNode sm = r.get("ServiceMonitor", HelmChartTest.NAMESPACE, HelmChartTest.RELEASE);
    for (JsonNode relabel : sm.at("/spec/endpoints/0/relabelings")) {
      if ("job".equals(relabel.path("targetLabel").asText())) {
        named.add(relabel.path("replacement").asText());
      }
    }
    JsonNode pm =
        r.get("PodMonitor", HelmChartTest.NAMESPACE, HelmChartTest.RELEASE + "-workloads");
    List<String> components = new ArrayList<>();
    for (JsonNode e : pm.at("/spec/selector/matchExpressions")) {
      if ("app.kubernetes.io/component".equals(e.path("key").asText())) {
        e.path("values").forEach(v -> components.add(v.asText()));
      }
    }
    for (JsonNode relabel : pm.at("/spec/podMetricsEndpoints/0/relabelings")) {
      if ("job".equals(relabel.path("targetLabel").asText())) {
        assertThat(relabel.path("sourceLabels").toString())
            .isEqualTo("[\"__meta_kubernetes_pod_label_app_kubernetes_io_component\"]");
        components.forEach(c -> named.add(relabel.path("replacement").asText().replace("$1", c)));
      }
    }
    assertThat(named)
        .containsExactlyInAnyOrder(
            "plantops-operator", "plantops-connector", "plantops-inference-server");

    Set<String> selected = new TreeSet<>();
    for (JsonNode a : alerts(renderedRules())) {
      Matcher m = Pattern.compile("\\bjob\\s*=\\s*\"([^\"]*)\"").matcher(a.path("expr").asText());
      while (m.find()) {
        selected.add(m.group(1));
      }
    }
    assertThat(selected).as("jobs the alert rules select").isEqualTo(named);
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
