package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantops.contract.rules.Digests;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAPI v3 documents per group-version, enough for {@code kubectl explain} (schemas found by
 * their {@code x-kubernetes-group-version-kind}) and for kubectl to hand validation to the server
 * (a PATCH operation per kind listing the {@code fieldValidation} parameter).
 */
final class OpenApi {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

  private OpenApi() {}

  private static String gvPath(ResourceType t) {
    return t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
  }

  static JsonNode root(List<ResourceType> types) {
    ObjectNode root = F.objectNode();
    ObjectNode paths = root.putObject("paths");
    Set<String> gvs = new LinkedHashSet<>();
    types.forEach(t -> gvs.add(gvPath(t)));
    for (String gv : gvs) {
      paths
          .putObject(gv)
          .put("serverRelativeURL", "/openapi/v3/" + gv + "?hash=" + hash(gv, types));
    }
    return root;
  }

  private static String hash(String gv, List<ResourceType> types) {
    StringBuilder b = new StringBuilder(gv);
    types.stream().filter(t -> gvPath(t).equals(gv)).forEach(t -> b.append('|').append(t));
    return Digests.shortSha256Hex(b.toString(), 16).toUpperCase(Locale.ROOT);
  }

  static Optional<JsonNode> document(
      List<ResourceType> types, Map<String, JsonNode> crds, String gv) {
    List<ResourceType> here = types.stream().filter(t -> gvPath(t).equals(gv)).toList();
    if (here.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = F.objectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    schemas.set(OBJECT_META, objectMeta());
    for (ResourceType t : here) {
      String schemaName = schemaName(t);
      JsonNode crd = crds.get(t.groupVersion() + "/" + t.plural());
      schemas.set(schemaName, schema(t, crd));
      String base = "/" + gv + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
      ObjectNode item = paths.putObject(base + "/{name}");
      for (String verb : List.of("get", "put", "patch", "delete")) {
        ObjectNode op = item.putObject(verb);
        op.put("operationId", verb + t.kind());
        op.set("x-kubernetes-group-version-kind", gvk(t));
        op.put("x-kubernetes-action", verb.equals("put") ? "put" : verb);
        ArrayNode params = op.putArray("parameters");
        if (!verb.equals("get") && !verb.equals("delete")) {
          params
              .addObject()
              .put("name", "fieldValidation")
              .put("in", "query")
              .put(
                  "description",
                  "Strict: reject unknown and duplicate fields; this server always validates strictly.")
              .putObject("schema")
              .put("type", "string");
        }
        op.putObject("responses")
            .putObject("200")
            .put("description", "OK")
            .putObject("content")
            .putObject("application/json")
            .putObject("schema")
            .put("$ref", "#/components/schemas/" + schemaName);
      }
      ObjectNode collection = paths.putObject(base);
      ObjectNode post = collection.putObject("post");
      post.put("operationId", "create" + t.kind());
      post.set("x-kubernetes-group-version-kind", gvk(t));
      post.put("x-kubernetes-action", "post");
      post.putArray("parameters")
          .addObject()
          .put("name", "fieldValidation")
          .put("in", "query")
          .putObject("schema")
          .put("type", "string");
      post.putObject("responses").putObject("201").put("description", "Created");
    }
    return Optional.of(doc);
  }

  private static String schemaName(ResourceType t) {
    String group = t.group().isEmpty() ? "io.k8s.api.core" : reverse(t.group());
    return group + "." + t.version() + "." + t.kind();
  }

  private static String reverse(String group) {
    String[] parts = group.split("\\.");
    StringBuilder b = new StringBuilder();
    for (int i = parts.length - 1; i >= 0; i--) {
      b.append(parts[i]);
      if (i > 0) {
        b.append('.');
      }
    }
    return b.toString();
  }

  private static ObjectNode gvk(ResourceType t) {
    ObjectNode g = F.objectNode();
    g.put("group", t.group()).put("version", t.version()).put("kind", t.kind());
    return g;
  }

  private static JsonNode schema(ResourceType t, JsonNode crd) {
    ObjectNode schema;
    if (crd != null) {
      schema = null;
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (v.path("name").asText().equals(t.version())) {
          schema = v.path("schema").path("openAPIV3Schema").deepCopy();
        }
      }
      if (schema == null) {
        schema = F.objectNode().put("type", "object");
      }
    } else {
      schema = F.objectNode();
      schema.put("type", "object");
      schema.put(
          "description",
          t.kind() + " (a built-in kind; this sandbox does not describe its fields)");
      schema.put("x-kubernetes-preserve-unknown-fields", true);
    }
    ObjectNode properties =
        schema.has("properties")
            ? (ObjectNode) schema.get("properties")
            : schema.putObject("properties");
    properties
        .putObject("apiVersion")
        .put("type", "string")
        .put(
            "description",
            "APIVersion defines the versioned schema of this representation of an object.");
    properties
        .putObject("kind")
        .put("type", "string")
        .put(
            "description",
            "Kind is a string value representing the REST resource this object represents.");
    ObjectNode metadata = properties.putObject("metadata");
    metadata.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + OBJECT_META);
    metadata.put("description", "Standard object's metadata.");
    schema.putArray("x-kubernetes-group-version-kind").add(gvk(t));
    return schema;
  }

  private static JsonNode objectMeta() {
    ObjectNode m = F.objectNode();
    m.put("type", "object");
    m.put("description", "ObjectMeta is metadata that all persisted resources must have.");
    ObjectNode p = m.putObject("properties");
    p.putObject("name")
        .put("type", "string")
        .put("description", "Name must be unique within a namespace.");
    p.putObject("namespace")
        .put("type", "string")
        .put("description", "Namespace defines the space within which each name must be unique.");
    ObjectNode labels = p.putObject("labels");
    labels
        .put("type", "object")
        .put("description", "Map of string keys and values to organize and categorize objects.");
    labels.putObject("additionalProperties").put("type", "string");
    ObjectNode annotations = p.putObject("annotations");
    annotations
        .put("type", "object")
        .put("description", "Unstructured key value map stored with a resource.");
    annotations.putObject("additionalProperties").put("type", "string");
    p.putObject("uid")
        .put("type", "string")
        .put("description", "UID is the unique in time and space value for this object.");
    p.putObject("resourceVersion")
        .put("type", "string")
        .put("description", "An opaque value that represents the internal version of this object.");
    p.putObject("generation")
        .put("type", "integer")
        .put("format", "int64")
        .put(
            "description",
            "A sequence number representing a specific generation of the desired state.");
    p.putObject("creationTimestamp")
        .put("type", "string")
        .put("format", "date-time")
        .put("description", "When this object was created.");
    p.putObject("deletionTimestamp")
        .put("type", "string")
        .put("format", "date-time")
        .put("description", "When this object will be deleted.");
    ObjectNode finalizers = p.putObject("finalizers");
    finalizers
        .put("type", "array")
        .put("description", "Must be empty before the object is deleted from the registry.");
    finalizers.putObject("items").put("type", "string");
    ObjectNode owners = p.putObject("ownerReferences");
    owners.put("type", "array").put("description", "Objects depended by this object.");
    owners
        .putObject("items")
        .put("type", "object")
        .put("x-kubernetes-preserve-unknown-fields", true);
    ObjectNode managed = p.putObject("managedFields");
    managed.put("type", "array").put("description", "Field management records.");
    managed
        .putObject("items")
        .put("type", "object")
        .put("x-kubernetes-preserve-unknown-fields", true);
    return m;
  }
}
