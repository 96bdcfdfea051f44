package io.plantops.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kubectl get events: the API server's event columns, not a bare Name and Age. */
class EventTableTest {

  static final Clock NOW = Clock.fixed(Instant.parse("2026-12-01T10:05:00Z"), ZoneOffset.UTC);

  static JsonNode event(String json) throws IOException {
    return Messages.JSON.readTree(json);
  }

  @Test
  void rendersLastSeenTypeReasonObjectAndMessageThenTheWideColumns() throws IOException {
    JsonNode e =
        event(
            "{\"metadata\":{\"name\":\"kiln1-energy.1a\",\"namespace\":\"plant-lyon\"},"
                + "\"involvedObject\":{\"kind\":\"SiteDeployment\",\"name\":\"kiln1-energy\"},"
                + "\"type\":\"Warning\",\"reason\":\"RolledBackDrift\",\"message\":\"drift\","
                + "\"count\":2,\"firstTimestamp\":\"2026-12-01T10:00:00Z\","
                + "\"lastTimestamp\":\"2026-12-01T10:04:30Z\","
                + "\"source\":{\"component\":\"plantops-operator\"}}");
    JsonNode table = Tables.render(null, "v1/events", List.of(e), NOW);

    List<String> columns = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    for (JsonNode c : table.path("columnDefinitions")) {
      columns.add(c.path("name").asText());
      if (c.path("priority").asInt() == 0) {
        shown.add(c.path("name").asText());
      }
    }
    assertThat(shown).containsExactly("Last Seen", "Type", "Reason", "Object", "Message");
    assertThat(columns).contains("Source", "First Seen", "Count", "Name");
    List<String> cells = new ArrayList<>();
    table.at("/rows/0/cells").forEach(c -> cells.add(c.asText()));
    assertThat(cells)
        .containsExactly(
            "30s",
            "Warning",
            "RolledBackDrift",
            "sitedeployment/kiln1-energy",
            "",
            "plantops-operator",
            "drift",
            "5m",
            "2",
            "kiln1-energy.1a");
    assertThat(table.at("/rows/0/object/metadata/name").asText()).isEqualTo("kiln1-energy.1a");
  }

  @Test
  void anEventWithOnlyAnEventTimeIsAgedByIt() throws IOException {
    JsonNode e =
        event(
            "{\"metadata\":{\"name\":\"x\"},\"involvedObject\":{\"kind\":\"Plant\",\"name\":\"lyon\"},"
                + "\"eventTime\":\"2026-12-01T10:04:50.123456Z\",\"reportingComponent\":\"r\"}");
    JsonNode row = Tables.render(null, "v1/events", List.of(e), NOW).at("/rows/0/cells");
    assertThat(row.get(0).asText()).isEqualTo("9s");
    assertThat(row.get(3).asText()).isEqualTo("plant/lyon");
    assertThat(row.get(5).asText()).isEqualTo("r");
  }
}
