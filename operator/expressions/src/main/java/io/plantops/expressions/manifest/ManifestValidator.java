package io.plantops.expressions.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Validates resources against CustomResourceDefinitions the way a Kubernetes API server does: the
 * version's {@code openAPIV3Schema} (types, required, enums, patterns, bounds) and every {@code
 * x-kubernetes-validations} CEL rule, evaluated with {@code self} bound to the field.
 *
 * <p>Unknown fields are errors, as with {@code kubectl apply --validate=strict} (the default since
 * kubectl 1.27), so a typo never passes silently. {@code metadata} is not checked beyond being an
 * object: the API server validates it separately from the schema.
 *
 * <p>Used by tests (every example must pass, every bad fixture must fail naming the field), by the
 * local sandbox (which refuses an invalid {@code kubectl apply} like a real API server) and by the
 * GitOps overlay checks. Thread-safe.
 */
public final class ManifestValidator {

  private static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());
  private static final CelCompiler CEL =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .setResultType(SimpleType.BOOL)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private final Map<String, Version> versions = new LinkedHashMap<>();
  private final Map<String, CelRuntime.Program> rules = new ConcurrentHashMap<>();

  private record Version(JsonNode schema, JsonSchema jsonSchema) {}

  private ManifestValidator() {}

  /** Loads every CRD in {@code directory} (files ending in .yaml or .yml). */
  public static ManifestValidator fromCrdDirectory(Path directory) throws IOException {
    ManifestValidator v = new ManifestValidator();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(ManifestValidator::isYaml).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          v.add(YAML.readTree(in), file.toString());
        }
      }
    }
    if (v.versions.isEmpty()) {
      throw new IOException("no CustomResourceDefinition found in " + directory);
    }
    return v;
  }

  private static boolean isYaml(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private void add(JsonNode crd, String source) {
    if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
      throw new IllegalArgumentException(source + " is not a CustomResourceDefinition");
    }
    String group = crd.path("spec").path("group").asText();
    String kind = crd.path("spec").path("names").path("kind").asText();
    JsonSchemaFactory factory = SCHEMA_FACTORY;
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode schema = version.path("schema").path("openAPIV3Schema");
      JsonNode strict = strict(schema.deepCopy());
      ((ObjectNode) strict).set("properties", strictTop(strict.path("properties")));
      versions.put(
          key(group + "/" + version.path("name").asText(), kind),
          new Version(schema, factory.getSchema(strict, config)));
    }
  }

  /**
   * JSON Schema draft 4 plus the Kubernetes extensions as annotations: the CEL rules are evaluated
   * separately (below) and the others do not constrain a value.
   */
  private static final JsonSchemaFactory SCHEMA_FACTORY = schemaFactory();

  private static JsonSchemaFactory schemaFactory() {
    com.networknt.schema.JsonMetaSchema.Builder meta =
        com.networknt.schema.JsonMetaSchema.builder(
            com.networknt.schema.JsonMetaSchema.getV4().getIri(),
            com.networknt.schema.JsonMetaSchema.getV4());
    for (String keyword :
        List.of(
            "x-kubernetes-validations",
            "x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-int-or-string",
            "x-kubernetes-embedded-resource",
            "x-kubernetes-list-type",
            "x-kubernetes-list-map-keys",
            "x-kubernetes-map-type")) {
      meta.keyword(new com.networknt.schema.NonValidationKeyword(keyword));
    }
    com.networknt.schema.JsonMetaSchema v4 = meta.build();
    return JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
        .metaSchema(v4)
        .defaultMetaSchemaIri(v4.getIri())
        .build();
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + "|" + kind;
  }

  /** Forbids unknown fields wherever the schema lists properties and allows nothing else. */
  private static JsonNode strict(JsonNode schema) {
    if (schema instanceof ObjectNode object) {
      if (object.has("properties")
          && !object.has("additionalProperties")
          && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        object.set("additionalProperties", BooleanNode.FALSE);
      }
      object.properties().forEach(e -> strict(e.getValue()));
    }
    return schema;
  }

  /** apiVersion, kind and metadata are checked by the API server itself. */
  private static JsonNode strictTop(JsonNode properties) {
    ObjectNode p = properties.isObject() ? (ObjectNode) properties : YAML.createObjectNode();
    p.putObject("apiVersion").put("type", "string");
    p.putObject("kind").put("type", "string");
    p.putObject("metadata").put("type", "object");
    return p;
  }

  /** True when a CRD for this apiVersion and kind is loaded. */
  public boolean knows(String apiVersion, String kind) {
    return versions.containsKey(key(apiVersion, kind));
  }

  /**
   * Every violation of {@code manifest}; empty when it is valid.
   *
   * @throws IllegalArgumentException when no loaded CRD defines its apiVersion and kind
   */
  public List<Violation> validate(JsonNode manifest) {
    String apiVersion = manifest.path("apiVersion").asText();
    String kind = manifest.path("kind").asText();
    Version version = versions.get(key(apiVersion, kind));
    if (version == null) {
      throw new IllegalArgumentException(
          "no CustomResourceDefinition for apiVersion " + apiVersion + ", kind " + kind);
    }
    // the API server applies schema defaults before it validates; rules may rely on them
    JsonNode defaulted = applyDefaults(version.schema(), manifest.deepCopy());
    List<Violation> out = new ArrayList<>();
    for (ValidationMessage m : version.jsonSchema().validate(defaulted)) {
      out.add(new Violation(path(m.getInstanceLocation().toString()), describe(m)));
    }
    celRules(version.schema(), defaulted, "", out);
    return out.stream().distinct().toList();
  }

  /**
   * A copy of {@code manifest} with the schema's defaults filled in, as the API server stores it
   * (structural defaulting: a default applies where the field is absent and its parent present).
   */
  public JsonNode withDefaults(JsonNode manifest) {
    Version version =
        versions.get(key(manifest.path("apiVersion").asText(), manifest.path("kind").asText()));
    return version == null
        ? manifest.deepCopy()
        : applyDefaults(version.schema(), manifest.deepCopy());
  }

  private static JsonNode applyDefaults(JsonNode schema, JsonNode instance) {
    if (instance instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      if (properties.isObject()) {
        properties
            .properties()
            .forEach(
                e -> {
                  JsonNode present = object.get(e.getKey());
                  if (present == null && e.getValue().has("default")) {
                    object.set(e.getKey(), e.getValue().get("default").deepCopy());
                  } else if (present != null) {
                    applyDefaults(e.getValue(), present);
                  }
                });
      }
      JsonNode additional = schema.path("additionalProperties");
      if (additional.isObject()) {
        object.properties().forEach(e -> applyDefaults(additional, e.getValue()));
      }
    } else if (instance != null && instance.isArray()) {
      instance.forEach(item -> applyDefaults(schema.path("items"), item));
    }
    return instance;
  }

  /** Validates every document of a (multi-document) YAML file that a loaded CRD defines. */
  public Map<String, List<Violation>> validateYaml(String yaml) throws IOException {
    Map<String, List<Violation>> result = new LinkedHashMap<>();
    var parser = YAML.getFactory().createParser(yaml);
    Iterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class);
    int index = 0;
    while (docs.hasNext()) {
      JsonNode doc = docs.next();
      if (doc == null || doc.isNull() || doc.isMissingNode()) {
        continue;
      }
      String name =
          doc.path("kind").asText()
              + "/"
              + Optional.ofNullable(doc.path("metadata").path("name").textValue())
                  .orElse("#" + index);
      if (knows(doc.path("apiVersion").asText(), doc.path("kind").asText())) {
        result.put(name, validate(doc));
      }
      index++;
    }
    return result;
  }

  private static String describe(ValidationMessage m) {
    String text = m.getMessage();
    int colon = text.indexOf(": ");
    return colon >= 0 && text.startsWith("$") ? text.substring(colon + 2) : text;
  }

  /** {@code $.spec.mappings[2].unit} becomes {@code spec.mappings[2].unit}. */
  private static String path(String jsonPath) {
    String p = jsonPath.startsWith("$") ? jsonPath.substring(1) : jsonPath;
    return p.startsWith(".") ? p.substring(1) : p.isEmpty() ? "<root>" : p;
  }

  private void celRules(JsonNode schema, JsonNode instance, String at, List<Violation> out) {
    if (instance == null || instance.isMissingNode() || instance.isNull()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String expression = rule.path("rule").asText();
      String fieldPath = rule.path("fieldPath").asText("");
      String where = at.isEmpty() ? "<root>" : at;
      if (!fieldPath.isEmpty()) {
        where =
            (at.isEmpty() ? "" : at) + (fieldPath.startsWith(".") ? fieldPath : "." + fieldPath);
        where = where.startsWith(".") ? where.substring(1) : where;
      }
      try {
        Object result = program(expression).eval(Map.of("self", toCel(schema, instance)));
        if (!Boolean.TRUE.equals(result)) {
          out.add(new Violation(where, rule.path("message").asText("failed rule: " + expression)));
        }
      } catch (CelEvaluationException | IllegalStateException e) {
        out.add(new Violation(where, "rule '" + expression + "' cannot be evaluated: " + e));
      }
    }
    JsonNode properties = schema.path("properties");
    if (instance.isObject() && properties.isObject()) {
      properties
          .properties()
          .forEach(
              e ->
                  celRules(
                      e.getValue(),
                      instance.get(e.getKey()),
                      at.isEmpty() ? e.getKey() : at + "." + e.getKey(),
                      out));
    }
    JsonNode additional = schema.path("additionalProperties");
    if (instance.isObject() && additional.isObject()) {
      instance
          .properties()
          .forEach(e -> celRules(additional, e.getValue(), at + "." + e.getKey(), out));
    }
    JsonNode items = schema.path("items");
    if (instance.isArray() && items.isObject()) {
      for (int i = 0; i < instance.size(); i++) {
        celRules(items, instance.get(i), at + "[" + i + "]", out);
      }
    }
  }

  private CelRuntime.Program program(String expression) {
    return rules.computeIfAbsent(
        expression,
        e -> {
          try {
            return RUNTIME.createProgram(CEL.compile(e).getAst());
          } catch (CelValidationException | CelEvaluationException ex) {
            throw new IllegalStateException("CEL rule '" + e + "' does not compile: " + ex, ex);
          }
        });
  }

  /** Converts a JSON value to a CEL value the way the API server types it: by the schema. */
  private static Object toCel(JsonNode schema, JsonNode value) {
    String type = schema.path("type").asText("");
    switch (type) {
      case "integer":
        return value.asLong();
      case "number":
        return value.asDouble();
      case "boolean":
        return value.asBoolean();
      case "string":
        return value.asText();
      case "array":
        List<Object> list = new ArrayList<>();
        value.forEach(v -> list.add(toCel(schema.path("items"), v)));
        return list;
      default:
        if (value.isObject()) {
          Map<String, Object> map = new LinkedHashMap<>();
          JsonNode properties = schema.path("properties");
          JsonNode additional = schema.path("additionalProperties");
          value
              .properties()
              .forEach(
                  e -> {
                    JsonNode sub =
                        properties.has(e.getKey()) ? properties.get(e.getKey()) : additional;
                    map.put(e.getKey(), toCel(sub, e.getValue()));
                  });
          return map;
        }
        if (value.isIntegralNumber()) {
          return value.asLong();
        }
        if (value.isNumber()) {
          return value.asDouble();
        }
        return value.asText();
    }
  }
}
