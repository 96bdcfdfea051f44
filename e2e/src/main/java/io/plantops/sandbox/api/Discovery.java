package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Legacy (non-aggregated) API discovery documents, which kubectl falls back to. */
final class Discovery {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Discovery() {}

  static boolean hasGroup(List<ResourceType> types, String group) {
    return types.stream().anyMatch(t -> t.group().equals(group));
  }

  static JsonNode groupList(List<ResourceType> types) {
    ObjectNode list = F.objectNode();
    list.put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    Map<String, Set<String>> versions = new LinkedHashMap<>();
    types.stream()
        .filter(t -> !t.group().isEmpty())
        .forEach(
            t -> versions.computeIfAbsent(t.group(), g -> new LinkedHashSet<>()).add(t.version()));
    versions.forEach((group, vs) -> groups.add(groupNode(group, vs)));
    return list;
  }

  static JsonNode group(List<ResourceType> types, String group) {
    Set<String> vs = new LinkedHashSet<>();
    types.stream().filter(t -> t.group().equals(group)).forEach(t -> vs.add(t.version()));
    ObjectNode node = groupNode(group, vs);
    node.put("kind", "APIGroup").put("apiVersion", "v1");
    return node;
  }

  private static ObjectNode groupNode(String group, Set<String> versions) {
    ObjectNode g = F.objectNode();
    g.put("name", group);
    ArrayNode vs = g.putArray("versions");
    versions.forEach(v -> vs.addObject().put("groupVersion", group + "/" + v).put("version", v));
    String preferred = versions.iterator().next();
    g.putObject("preferredVersion")
        .put("groupVersion", group + "/" + preferred)
        .put("version", preferred);
    return g;
  }

  static JsonNode resourceList(List<ResourceType> types, String group, String version) {
    ObjectNode list = F.objectNode();
    list.put("kind", "APIResourceList").put("apiVersion", "v1");
    list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = list.putArray("resources");
    for (ResourceType t : types) {
      if (!t.group().equals(group) || !t.version().equals(version)) {
        continue;
      }
      ObjectNode r = resources.addObject();
      r.put("name", t.plural()).put("singularName", t.singular()).put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      ArrayNode verbs = r.putArray("verbs");
      ResourceType.VERBS.forEach(verbs::add);
      if (!t.shortNames().isEmpty()) {
        ArrayNode shortNames = r.putArray("shortNames");
        t.shortNames().forEach(shortNames::add);
      }
      if (!t.categories().isEmpty()) {
        ArrayNode categories = r.putArray("categories");
        t.categories().forEach(categories::add);
      }
      if (t.statusSubresource()) {
        ObjectNode s = resources.addObject();
        s.put("name", t.plural() + "/status")
            .put("singularName", "")
            .put("namespaced", t.namespaced());
        s.put("kind", t.kind());
        s.putArray("verbs").add("get").add("patch").add("update");
      }
    }
    return list;
  }
}
