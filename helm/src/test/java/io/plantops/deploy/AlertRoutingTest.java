package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The alerts say who is paged ({@code scope}) and keep the labels a route selects on; the
 * Alertmanager route of docs/operations.md is valid and sends a plant's alerts to that plant's
 * on-call and the fleet's to corporate, as amtool evaluates it.
 */
class AlertRoutingTest {

  private static final Pattern EXAMPLE =
      Pattern.compile("<!-- alertmanager-routes:[^>]*-->\\s*```yaml\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");

  @TempDir static Path dir;

  static Path routes() throws Exception {
    Matcher m = EXAMPLE.matcher(Files.readString(AlertRulesTest.OPERATIONS));
    assertThat(m.find()).as("the Alertmanager route block in docs/operations.md").isTrue();
    Path file = dir.resolve("routes.yaml");
    Files.writeString(file, m.group(1));
    return file;
  }

  @Test
  void everyAlertSaysWhoIsPagedAndPlantAlertsKeepThePlant() throws Exception {
    List<JsonNode> alerts = AlertRulesTest.alerts();
    assertThat(alerts).isNotEmpty();
    assertSoftly(
        soft -> {
          for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            String scope = alert.path("labels").path("scope").asText();
            soft.assertThat(scope).as("%s: labels.scope", name).isIn("plant", "fleet");
            if (scope.equals("plant")) {
              List<String> groupings = new ArrayList<>();
              Matcher by = BY.matcher(alert.path("expr").asText());
              while (by.find()) {
                groupings.add(by.group(1));
              }
              soft.assertThat(groupings)
                  .as("%s: a plant alert groups by plant, or no route can find its plant", name)
                  .isNotEmpty()
                  .allSatisfy(g -> assertThat(g).containsPattern("\\bplant\\b"));
            }
          }
        });
  }

  @Test
  void theDocumentedRouteIsAValidAlertmanagerConfiguration() throws Exception {
    Tools.require("amtool");
    Tools.Result check = Tools.run(List.of("amtool", "check-config", routes().toString()));
    assertThat(check.code()).as(check.out()).isZero();
  }

  @ParameterizedTest(name = "{1} reaches {0}")
  @CsvSource({
    "lyon-oncall, scope=plant plant=lyon alertname=PlantopsConnectorDown severity=critical",
    "joliet-oncall, scope=plant plant=joliet use_case=kiln1-energy alertname=PlantopsDriftAlert",
    "corporate-platform, scope=fleet alertname=PlantopsOperatorDown severity=critical",
    "corporate-platform, scope=plant plant=newsite alertname=PlantopsDataStale"
  })
  void theDocumentedRouteSendsEachAlertToItsTeam(String receiver, String labels) throws Exception {
    Tools.require("amtool");
    List<String> command =
        new ArrayList<>(
            List.of(
                "amtool",
                "config",
                "routes",
                "test",
                "--config.file=" + routes(),
                "--verify.receivers=" + receiver));
    command.addAll(List.of(labels.split(" ")));
    Tools.Result result = Tools.run(command);
    assertThat(result.code()).as(result.out()).isZero();
    // the last line is the receiver; Debian's amtool may warn first about its configured URL
    List<String> lines = result.out().strip().lines().toList();
    assertThat(lines).isNotEmpty();
    assertThat(lines.get(lines.size() - 1).strip()).isEqualTo(receiver);
  }
}
