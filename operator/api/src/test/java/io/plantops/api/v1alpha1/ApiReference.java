package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders {@code docs/api.md} from the committed CRDs: every field with its type, whether it is
 * required, its validation and its description, so the reference says exactly what the API server
 * enforces.
 */
final class ApiReference {

  private ApiReference() {}

  static String render(Path crdDir) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# plantops.io/v1alpha1 API reference\n\n")
        .append(
            "<!-- Generated from crds/ by operator/api's ApiReferenceTest; do not edit. Regenerate"
                + " with ./mvnw -pl operator/api -am verify -Dplantops.regenerate=true -->\n\n")
        .append(
            "Four kinds. Corporate owns the cluster-scoped `UseCaseTemplate`; each plant team"
                + " owns `Plant`, `TagMapping` and `SiteDeployment` in its own namespace. The same"
                + " text is served by `kubectl explain <kind>.<field>`. Beyond this schema the"
                + " operator checks what a schema cannot see (units against the unit catalog,"
                + " CEL expressions against declared signals, calibration inside the template's"
                + " limits, references between resources) and reports it in conditions; see"
                + " [operator.md](operator.md).\n\n");
    YAMLMapper yaml = new YAMLMapper();
    for (Class<?> kind : CrdFinisher.KINDS) {
      JsonNode crd = yaml.readTree(crdDir.resolve(CrdFinisher.fileName(kind)).toFile());
      md.append("- [")
          .append(kind.getSimpleName())
          .append("](#")
          .append(kind.getSimpleName().toLowerCase())
          .append(")\n");
    }
    md.append('\n');
    for (Class<?> kind : CrdFinisher.KINDS) {
      JsonNode crd = yaml.readTree(crdDir.resolve(CrdFinisher.fileName(kind)).toFile());
      renderKind(md, crd);
    }
    return md.toString();
  }

  private static void renderKind(StringBuilder md, JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    JsonNode version = spec.path("versions").get(0);
    JsonNode schema = version.path("schema").path("openAPIV3Schema");
    List<String> shortNames = new ArrayList<>();
    names.path("shortNames").forEach(n -> shortNames.add("`" + n.asText() + "`"));
    md.append("## ").append(names.path("kind").asText()).append("\n\n");
    md.append(schema.path("description").asText()).append("\n\n");
    md.append("| | |\n|---|---|\n")
        .append("| apiVersion | `")
        .append(spec.path("group").asText())
        .append('/')
        .append(version.path("name").asText())
        .append("` |\n")
        .append("| scope | ")
        .append(spec.path("scope").asText())
        .append(" |\n")
        .append("| plural | `")
        .append(names.path("plural").asText())
        .append("` |\n")
        .append("| short names | ")
        .append(String.join(", ", shortNames))
        .append(" |\n")
        .append("| status subresource | ")
        .append(version.path("subresources").has("status") ? "yes" : "no")
        .append(" |\n\n");
    md.append("`kubectl get` columns: ");
    List<String> columns = new ArrayList<>();
    version
        .path("additionalPrinterColumns")
        .forEach(
            c ->
                columns.add(
                    c.path("name").asText() + (c.path("priority").asInt() > 0 ? " (wide)" : "")));
    md.append(String.join(", ", columns)).append(".\n\n");
    for (String part : List.of("spec", "status")) {
      JsonNode node = schema.path("properties").path(part);
      md.append("### ")
          .append(part)
          .append("\n\n")
          .append(node.path("description").asText())
          .append("\n\n");
      md.append("| Field | Type | Required | Validation | Description |\n")
          .append("|---|---|---|---|---|\n");
      rules(md, part, node);
      fields(md, part, node);
      md.append('\n');
    }
  }

  private static void fields(StringBuilder md, String path, JsonNode schema) {
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    schema
        .path("properties")
        .properties()
        .forEach(
            e -> {
              String field = path + "." + e.getKey();
              JsonNode f = e.getValue();
              md.append("| `")
                  .append(field)
                  .append("` | ")
                  .append(type(f))
                  .append(" | ")
                  .append(required.contains(e.getKey()) ? "yes" : "")
                  .append(" | ")
                  .append(validation(f))
                  .append(" | ")
                  .append(escape(f.path("description").asText()))
                  .append(" |\n");
              descend(md, field, f);
            });
  }

  private static void descend(StringBuilder md, String field, JsonNode f) {
    String type = f.path("type").asText();
    if ("object".equals(type) && f.has("properties")) {
      rules(md, field, f);
      fields(md, field, f);
    } else if ("object".equals(type) && f.path("additionalProperties").isObject()) {
      JsonNode value = f.path("additionalProperties");
      rules(md, field + ".<name>", value);
      if (value.has("properties")) {
        fields(md, field + ".<name>", value);
      }
    } else if ("array".equals(type)) {
      JsonNode items = f.path("items");
      rules(md, field + "[]", items);
      if (items.has("properties")) {
        fields(md, field + "[]", items);
      }
    }
  }

  private static void rules(StringBuilder md, String field, JsonNode schema) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      md.append("| `")
          .append(field)
          .append("` | rule | | `")
          .append(escape(rule.path("rule").asText()))
          .append("` | ")
          .append(escape(rule.path("message").asText()))
          .append(" |\n");
    }
  }

  private static String type(JsonNode f) {
    String type = f.path("type").asText();
    if ("array".equals(type)) {
      return "[]" + type(f.path("items"));
    }
    if ("object".equals(type) && f.path("additionalProperties").isObject()) {
      return "map[string]" + type(f.path("additionalProperties"));
    }
    return type;
  }

  private static String validation(JsonNode f) {
    List<String> v = new ArrayList<>();
    if (f.has("enum")) {
      List<String> values = new ArrayList<>();
      f.path("enum").forEach(e -> values.add(e.asText()));
      v.add("one of " + String.join(", ", values));
    }
    if (f.has("pattern")) {
      v.add("pattern `" + f.path("pattern").asText() + "`");
    }
    bound(v, f, "minimum", f.path("exclusiveMinimum").asBoolean() ? "> " : ">= ");
    bound(v, f, "maximum", f.path("exclusiveMaximum").asBoolean() ? "< " : "<= ");
    bound(v, f, "minLength", "length >= ");
    bound(v, f, "maxLength", "length <= ");
    bound(v, f, "minItems", "items >= ");
    bound(v, f, "maxItems", "items <= ");
    bound(v, f, "maxProperties", "entries <= ");
    if (f.has("default")) {
      v.add("default `" + f.path("default").asText() + "`");
    }
    JsonNode items = f.path("items");
    if (items.has("pattern")) {
      v.add("each: pattern `" + items.path("pattern").asText() + "`");
    }
    return escape(String.join("; ", v));
  }

  private static void bound(List<String> v, JsonNode f, String key, String prefix) {
    if (f.has(key)) {
      JsonNode n = f.path(key);
      v.add(
          prefix
              + (n.isIntegralNumber() || n.asDouble() == Math.rint(n.asDouble())
                  ? String.valueOf(n.asLong())
                  : n.asText()));
    }
  }

  private static String escape(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
