package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the Grafana dashboard and the alert rules query is one the exporters really expose:
 * the names are compared with the sample names of the real exposition text of the connector, the
 * inference server and the operator (see {@link Exporters}), suffixes included ({@code _total},
 * {@code _bucket}, {@code _count}, {@code _sum}, {@code _max} exist only where the exporter writes
 * them).
 */
class MetricNamesTest {

  static final Path DASHBOARD = Tools.ROOT.resolve("helm/plantops/files/dashboards/plantops.json");
  static final Path FLEET_DASHBOARD =
      Tools.ROOT.resolve("helm/plantops/files/dashboards/plantops-fleet.json");
  static final Path RULES = Tools.ROOT.resolve("helm/plantops/files/alerts/plantops.rules.yaml");

  /** Series Prometheus itself writes for every scrape target, which no exporter exposes. */
  static final Set<String> SCRAPE_SERIES = Set.of("up");

  static final Map<String, Set<String>> EXPORTED = new LinkedHashMap<>();
  static final Set<String> FAMILIES = new TreeSet<>();

  @BeforeAll
  static void scrapeTheExporters(@TempDir Path cache) throws Exception {
    Map<String, String> expositions = new LinkedHashMap<>();
    expositions.put("connector", Exporters.connector());
    expositions.put("inference server", Exporters.inferenceServer(cache));
    expositions.put("operator", Exporters.operator());
    // kept for whoever reads a failure (and for the metrics reference in docs/operations.md)
    Path out = Path.of("target", "exposition");
    Files.createDirectories(out);
    for (var e : expositions.entrySet()) {
      Files.writeString(out.resolve(e.getKey().replace(' ', '-') + ".prom"), e.getValue());
      EXPORTED.put(e.getKey(), Exporters.sampleNames(e.getValue()));
      for (String line : e.getValue().split("\n")) {
        if (line.startsWith("# TYPE ")) {
          FAMILIES.add(line.split(" ")[2]);
        }
      }
    }
  }

  static Set<String> exported() {
    Set<String> all = new TreeSet<>();
    EXPORTED.values().forEach(all::addAll);
    return all;
  }

  /** The names in {@code used} (name to where it is used) that no exporter exposes. */
  static Map<String, String> missing(Map<String, String> used, Set<String> allowed) {
    Set<String> exported = exported();
    Map<String, String> missing = new TreeMap<>();
    used.forEach(
        (name, where) -> {
          if (!exported.contains(name) && !allowed.contains(name)) {
            missing.put(name, where);
          }
        });
    return missing;
  }

  /** Metric name to the title of the first panel (or variable) that queries it. */
  static Map<String, String> dashboardMetrics() throws Exception {
    return dashboardMetrics(DASHBOARD);
  }

  /** Metric name to the title of the first panel (or variable) of {@code file} that queries it. */
  static Map<String, String> dashboardMetrics(Path file) throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
    Map<String, String> used = new TreeMap<>();
    collectExprs(dashboard.path("panels"), "", used);
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if ("query".equals(v.path("type").asText())) {
        String q =
            v.path("query").isObject()
                ? v.path("query").path("query").asText()
                : v.path("query").asText();
        PromQl.variableQueryMetrics(q).forEach(n -> used.putIfAbsent(n, "$" + v.path("name")));
        PromQl.variableQueryMetrics(v.path("definition").asText())
            .forEach(n -> used.putIfAbsent(n, "$" + v.path("name")));
      }
    }
    return used;
  }

  private static void collectExprs(JsonNode node, String title, Map<String, String> used) {
    if (node.isObject()) {
      String here = node.has("title") ? node.path("title").asText() : title;
      if (node.has("expr")) {
        PromQl.metricNames(node.path("expr").asText()).forEach(n -> used.putIfAbsent(n, here));
      }
      node.properties().forEach(e -> collectExprs(e.getValue(), here, used));
    } else if (node.isArray()) {
      node.forEach(n -> collectExprs(n, title, used));
    }
  }

  /** Metric name to the first alert that queries it. */
  static Map<String, String> ruleMetrics() throws Exception {
    JsonNode rules = new YAMLMapper().readTree(RULES.toFile());
    Map<String, String> used = new TreeMap<>();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name =
            rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
        PromQl.metricNames(rule.path("expr").asText()).forEach(n -> used.putIfAbsent(n, name));
        if (rule.has("record")) {
          // a recording rule's output is a name later rules may use
          used.remove(name);
        }
      }
    }
    return used;
  }

  @Test
  void everyExporterProducedItsMetrics() {
    assertThat(EXPORTED.get("connector")).contains("plantops_connector_withheld_writes_total");
    assertThat(EXPORTED.get("inference server"))
        .contains(
            "plantops_inference_drift_status",
            "plantops_inference_kpi_degradation_percent",
            "plantops_inference_evaluation_duration_seconds_bucket");
    assertThat(EXPORTED.get("operator"))
        .contains(
            "plantops_operator_reconcile_duration_seconds_count",
            "plantops_operator_reconcile_errors_total");
    assertThat(exported()).allMatch(n -> n.startsWith("plantops_"));
  }

  @Test
  void everyMetricTheDashboardQueriesIsExported() throws Exception {
    Map<String, String> used = dashboardMetrics();
    assertThat(used).hasSizeGreaterThan(30);
    assertThat(missing(used, Set.of()))
        .as("metrics the dashboard queries that no exporter exposes (name -> panel)")
        .isEmpty();
  }

  @Test
  void everyMetricTheFleetDashboardQueriesIsExported() throws Exception {
    Map<String, String> used = dashboardMetrics(FLEET_DASHBOARD);
    assertThat(used)
        .as("the scorecard per template: ring and stage, onboarding, adoption, KPI gain")
        .containsKeys(
            "plantops_scorecard_template_sites",
            "plantops_scorecard_template_onboarding_seconds",
            "plantops_scorecard_template_adoption_ratio",
            "plantops_scorecard_template_kpi_gain_sites",
            "plantops_scorecard_template_mapping_entries",
            "plantops_scorecard_template_calibration_overrides");
    assertThat(missing(used, Set.of()))
        .as("metrics the fleet dashboard queries that no exporter exposes (name -> panel)")
        .isEmpty();
    JsonNode dashboard = new ObjectMapper().readTree(FLEET_DASHBOARD.toFile());
    assertThat(dashboard.path("uid").asText()).isEqualTo("plantops-fleet");
    Set<Integer> ids = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt()))
          .as("panel ids are unique: %s", panel.path("title"))
          .isTrue();
      if (!"row".equals(panel.path("type").asText())) {
        assertThat(panel.path("targets")).as("%s has queries", panel.path("title")).isNotEmpty();
      }
    }
  }

  /**
   * The scorecard families as the operator exposes them pass {@code promtool check metrics} (names,
   * units, HELP text). Only these families are checked: Micrometer's own names (a {@code _max}
   * gauge beside its timer) predate this test.
   */
  @Test
  void theScorecardMetricsPassPromtoolCheckMetrics() throws Exception {
    Tools.require("promtool");
    StringBuilder scorecard = new StringBuilder();
    for (String line : Exporters.operator().split("\n")) {
      if (line.contains("plantops_scorecard_")
          || line.contains("plantops_operator_plant_onboarding_seconds")) {
        scorecard.append(line).append('\n');
      }
    }
    assertThat(scorecard.toString()).contains("plantops_scorecard_template_sites{");
    Path file = Files.createDirectories(Path.of("target", "promtool")).resolve("scorecard.prom");
    Files.writeString(file, scorecard.toString());
    Tools.Result r =
        Tools.run(List.of("sh", "-c", "promtool check metrics < '" + file.toAbsolutePath() + "'"));
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).as("promtool lint findings").isBlank();
  }

  @Test
  void everyMetricTheAlertsQueryIsExported() throws Exception {
    Map<String, String> used = ruleMetrics();
    assertThat(used).hasSizeGreaterThan(8);
    assertThat(missing(used, SCRAPE_SERIES))
        .as("metrics the alert rules query that no exporter exposes (name -> alert)")
        .isEmpty();
  }

  @Test
  void theOperationsGuideDocumentsEveryExportedMetric() throws Exception {
    String guide = Files.readString(AlertRulesTest.OPERATIONS);
    assertThat(FAMILIES).hasSizeGreaterThan(50);
    assertThat(FAMILIES)
        // Micrometer's _max gauge of a timer is documented with its timer
        .filteredOn(f -> !f.endsWith("_max"))
        .as("metrics missing from the metrics reference of %s", AlertRulesTest.OPERATIONS)
        .allMatch(f -> guide.contains("`" + f + "`"));
  }

  @Test
  void aMisspeltOrUnsuffixedNameIsReported() {
    Map<String, String> used = new TreeMap<>();
    used.put("plantops_connector_buffer_bytes", "right");
    used.put("plantops_inference_request_duration_seconds_bucket", "right");
    used.put("plantops_operator_reconcile_duration_seconds_max", "right");
    used.put("plantops_connector_buffer_byte", "misspelt");
    used.put("plantop_connector_buffer_bytes", "misspelt");
    // a counter's family name is not a sample: PromQL must say _total
    used.put("plantops_connector_notifications", "no _total");
    used.put("plantops_operator_reconcile_errors", "no _total");
    // a histogram is queried through _bucket, _count, _sum; the bare name selects nothing
    used.put("plantops_inference_request_duration_seconds", "histogram without suffix");
    used.put("plantops_inference_drift_status_total", "gauge with a counter's suffix");
    assertThat(missing(used, Set.of()).keySet())
        .containsExactlyInAnyOrder(
            "plantops_connector_buffer_byte",
            "plantop_connector_buffer_bytes",
            "plantops_connector_notifications",
            "plantops_operator_reconcile_errors",
            "plantops_inference_request_duration_seconds",
            "plantops_inference_drift_status_total");
    assertThat(missing(Map.of("plantops_promotion_pending_second", "x"), Set.of()))
        .containsOnlyKeys("plantops_promotion_pending_second");
    assertThat(missing(Map.of("plantops_promotion_pending_seconds", "x"), Set.of())).isEmpty();
  }

  @Test
  void promQlNamesAreFoundAndLabelsAndFunctionsAreNot() {
    assertThat(
            PromQl.metricNames(
                "sum by (namespace, plant) (rate(a_total{state!=\"Connected\",x=~\"$plant\"}"
                    + "[$__rate_interval])) / on (plant) group_left(kpi) b"
                    + " > bool 0.5 and ignoring(le) c:rate5m offset 5m unless d"
                    + " or histogram_quantile(0.99, sum by (le) (rate(e_bucket[5m])))"
                    + " > 14 * 24 * 3600 + 1e3"))
        .containsExactlyInAnyOrder("a_total", "b", "c:rate5m", "d", "e_bucket");
    assertThat(PromQl.variableQueryMetrics("label_values(m{plant=~\"x\"}, plant)"))
        .containsExactly("m");
  }
}
