package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Server-side tables ({@code meta.k8s.io/v1 Table}) for kubectl: a Name column and, for custom
 * resources, the CRD's additionalPrinterColumns evaluated with JSONPath; date columns rendered as
 * ages, as the API server does. Events get the API server's own event columns (last seen, type,
 * reason, object, message; source, first seen, count and name with {@code -o wide}).
 */
final class Tables {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Configuration PATHS =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider())
          .mappingProvider(new JacksonMappingProvider())
          .options(Option.SUPPRESS_EXCEPTIONS)
          .build();

  private Tables() {}

  static JsonNode render(JsonNode crd, String gvPlural, List<JsonNode> items, Clock clock) {
    if ("v1/events".equals(gvPlural)) {
      return events(items, clock);
    }
    ObjectNode table = table();
    ArrayNode columns = table.putArray("columnDefinitions");
    columns
        .addObject()
        .put("name", "Name")
        .put("type", "string")
        .put("format", "name")
        .put("description", "Name must be unique within a namespace.")
        .put("priority", 0);
    JsonNode printerColumns = F.arrayNode();
    if (crd != null) {
      printerColumns = crd.path("spec").path("versions").get(0).path("additionalPrinterColumns");
    }
    if (printerColumns.isEmpty()) {
      ObjectNode age = F.objectNode();
      age.put("name", "Age").put("type", "date").put("jsonPath", ".metadata.creationTimestamp");
      printerColumns = F.arrayNode().add(age);
    }
    for (JsonNode c : printerColumns) {
      columns
          .addObject()
          .put("name", c.path("name").asText())
          .put("type", c.path("type").asText())
          .put("format", c.path("format").asText(""))
          .put("description", c.path("description").asText(""))
          .put("priority", c.path("priority").asInt(0));
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asText());
      for (JsonNode c : printerColumns) {
        cells.add(cell(item, c.path("jsonPath").asText(), c.path("type").asText(), clock));
      }
      ObjectNode object = row.putObject("object");
      object.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      object.set("metadata", item.path("metadata").deepCopy());
    }
    return table;
  }

  private static ObjectNode table() {
    ObjectNode table = F.objectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata");
    return table;
  }

  /** The columns and cells the API server's event printer gives core/v1 Events. */
  private static JsonNode events(List<JsonNode> items, Clock clock) {
    ObjectNode table = table();
    ArrayNode columns = table.putArray("columnDefinitions");
    String[][] definitions = {
      {
        "Last Seen", "0", "The time at which the most recent occurrence of this event was recorded."
      },
      {"Type", "0", "Type of this event (Normal, Warning)."},
      {
        "Reason",
        "0",
        "A short, machine understandable string that gives the reason for this event."
      },
      {"Object", "0", "The object that this event is about."},
      {"Subobject", "1", "The part of the object, if any, that this event is about."},
      {"Source", "1", "The component reporting this event."},
      {"Message", "0", "A human-readable description of the status of this operation."},
      {"First Seen", "1", "The time at which the event was first recorded."},
      {"Count", "1", "The number of times this event has occurred."},
      {"Name", "1", "Name must be unique within a namespace."}
    };
    for (String[] d : definitions) {
      columns
          .addObject()
          .put("name", d[0])
          .put("type", "string")
          .put("format", "Name".equals(d[0]) ? "name" : "")
          .put("description", d[2])
          .put("priority", Integer.parseInt(d[1]));
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode e : items) {
      JsonNode involved = e.path("involvedObject");
      String first = firstNonBlank(e, "firstTimestamp", "eventTime");
      String last = firstNonBlank(e, "lastTimestamp", "eventTime", "firstTimestamp");
      String source = e.path("source").path("component").asText("");
      if (source.isEmpty()) {
        source = e.path("reportingComponent").asText("");
      }
      String host = e.path("source").path("host").asText("");
      ObjectNode row = rows.addObject();
      row.putArray("cells")
          .add(since(last, clock))
          .add(e.path("type").asText(""))
          .add(e.path("reason").asText(""))
          .add(
              involved.path("kind").asText("").toLowerCase(Locale.ROOT)
                  + "/"
                  + involved.path("name").asText(""))
          .add(involved.path("fieldPath").asText(""))
          .add(host.isEmpty() ? source : source + ", " + host)
          .add(e.path("message").asText("").strip())
          .add(since(first, clock))
          .add(Math.max(1, e.path("count").asInt(1)))
          .add(e.path("metadata").path("name").asText(""));
      ObjectNode object = row.putObject("object");
      object.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      object.set("metadata", e.path("metadata").deepCopy());
    }
    return table;
  }

  private static String firstNonBlank(JsonNode item, String... fields) {
    for (String f : fields) {
      String v = item.path(f).asText("");
      if (!v.isBlank()) {
        return v;
      }
    }
    return item.path("metadata").path("creationTimestamp").asText("");
  }

  /** An age, or {@code <unknown>} as kubectl shows a missing time. */
  private static String since(String timestamp, Clock clock) {
    try {
      return Age.format(Duration.between(Instant.parse(timestamp), clock.instant()));
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }

  private static JsonNode cell(JsonNode item, String jsonPath, String type, Clock clock) {
    JsonNode value = JsonPath.using(PATHS).parse(item).read("$" + jsonPath, JsonNode.class);
    if (value instanceof ArrayNode array) {
      value = array.isEmpty() ? null : array.size() == 1 ? array.get(0) : array;
    }
    if (value == null || value.isNull() || value.isMissingNode()) {
      return F.nullNode();
    }
    if ("date".equals(type)) {
      try {
        return F.textNode(
            Age.format(Duration.between(Instant.parse(value.asText()), clock.instant())));
      } catch (DateTimeParseException e) {
        return F.textNode(value.asText());
      }
    }
    return value;
  }
}
