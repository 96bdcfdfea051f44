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

/**
 * Server-side tables ({@code meta.k8s.io/v1 Table}) for kubectl: a Name column and, for custom
 * resources, the CRD's additionalPrinterColumns evaluated with JSONPath; date columns rendered as
 * ages, as the API server does.
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
    ObjectNode table = F.objectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata");
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
        return F.textNode(age(Duration.between(Instant.parse(value.asText()), clock.instant())));
      } catch (DateTimeParseException e) {
        return F.textNode(value.asText());
      }
    }
    return value;
  }

  /** The age format kubectl users know: 45s, 5m10s, 3h, 2d5h, 400d. */
  static String age(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
    }
    if (h < 48) {
      return h + "h";
    }
    long days = h / 24;
    if (days < 8) {
      return days + "d" + (h % 24 == 0 ? "" : (h % 24) + "h");
    }
    return days + "d";
  }
}
