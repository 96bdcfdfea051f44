package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The resource types the sandbox API server serves: the built-in ones and one per installed CRD
 * version, with the CRDs themselves (schemas for OpenAPI and admission, printer columns for
 * tables). Shared by the links that need them.
 */
final class ApiResources {

  private final List<ResourceType> types = new CopyOnWriteArrayList<>(ResourceType.builtIns());
  private final Map<String, JsonNode> crds = new ConcurrentHashMap<>();

  /** Makes a CRD known to discovery, OpenAPI, tables and admission. */
  synchronized void registerCrd(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    for (JsonNode version : spec.path("versions")) {
      List<String> shortNames = new ArrayList<>();
      names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
      List<String> categories = new ArrayList<>();
      names.path("categories").forEach(n -> categories.add(n.asText()));
      ResourceType type =
          new ResourceType(
              spec.path("group").asText(),
              version.path("name").asText(),
              names.path("kind").asText(),
              names.path("plural").asText(),
              "Namespaced".equals(spec.path("scope").asText()),
              shortNames,
              categories,
              version.path("subresources").has("status"));
      types.removeIf(
          t -> t.groupVersion().equals(type.groupVersion()) && t.plural().equals(type.plural()));
      types.add(type);
      crds.put(type.groupVersion() + "/" + type.plural(), crd);
    }
  }

  List<ResourceType> types() {
    return types;
  }

  /** CRDs by {@code group/version/plural}. */
  Map<String, JsonNode> crds() {
    return crds;
  }

  /** The CRD that defines {@code group/version/plural}, if one does. */
  Optional<JsonNode> crd(String gvPlural) {
    return Optional.ofNullable(crds.get(gvPlural));
  }
}
