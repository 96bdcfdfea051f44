package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Field selectors on lists, as the API server evaluates them: {@code kubectl describe} finds a
 * resource's events with {@code fieldSelector=involvedObject.name=…,involvedObject.namespace=…,
 * involvedObject.uid=…}, and {@code kubectl get events --field-selector type=Warning} filters.
 *
 * <p>The store matches a field selector against the attributes it indexes (name, namespace, labels)
 * only, so any other field matched nothing: an empty list, silently. This link asks the store for
 * the whole list and keeps the items whose fields match, with the operators {@code =}, {@code ==}
 * and {@code !=}. As on a cluster, only the fields a kind supports may be selected (every kind:
 * {@code metadata.name}, {@code metadata.namespace}; events: their {@code involvedObject.*}, {@code
 * reason}, {@code type}, {@code source}, {@code reportingComponent}); any other is refused with 400
 * "field label not supported". Watches go to the store unchanged.
 *
 * <p>The filtered list is typed as the API server types it ({@code EventList}, not the store's
 * generic {@code List}): client-go's typed clients, kubectl describe's among them, decode nothing
 * from a list of another kind.
 */
final class FieldSelectorLink implements Link {

  private static final Set<String> EVERY_KIND = Set.of("metadata.name", "metadata.namespace");

  /** Fields beyond metadata that the API server lets a selector name, by group/version/plural. */
  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          "v1/events",
          Set.of(
              "involvedObject.kind",
              "involvedObject.namespace",
              "involvedObject.name",
              "involvedObject.uid",
              "involvedObject.apiVersion",
              "involvedObject.resourceVersion",
              "involvedObject.fieldPath",
              "reason",
              "reportingComponent",
              "source",
              "type"),
          "events.k8s.io/v1/events",
          Set.of(
              "regarding.kind",
              "regarding.namespace",
              "regarding.name",
              "regarding.uid",
              "regarding.apiVersion",
              "regarding.resourceVersion",
              "regarding.fieldPath",
              "reason",
              "reportingController",
              "type"),
          "v1/pods",
          Set.of(
              "spec.nodeName",
              "spec.restartPolicy",
              "spec.schedulerName",
              "spec.serviceAccountName",
              "status.phase",
              "status.podIP"),
          "v1/secrets",
          Set.of("type"));

  /** Where a selectable field's value is, when it is not at the path its name spells. */
  private static final Map<String, String> LOCATION = Map.of("source", "source.component");

  /**
   * One requirement of a selector.
   *
   * @param field the field, e.g. {@code involvedObject.name}
   * @param value the value compared with
   * @param equal whether the field must equal the value ({@code =}, {@code ==}) or differ ({@code
   *     !=})
   */
  record Requirement(String field, String value, boolean equal) {

    boolean matches(JsonNode item) {
      String path = LOCATION.getOrDefault(field, field);
      JsonNode node = item.at("/" + path.replace('.', '/'));
      // an absent field compares as the empty string, as the API server's field sets have it
      String actual = node.isMissingNode() || node.isNull() ? "" : node.asText();
      return actual.equals(value) == equal;
    }
  }

  private final ApiResources resources;

  FieldSelectorLink(ApiResources resources) {
    this.resources = resources;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request, Dispatcher next) {
    Optional<ResourcePath> path = ResourcePath.parse(request.getPath());
    QueryParameters query = QueryParameters.of(request.getPath());
    Optional<String> selector = query.first("fieldSelector").filter(s -> !s.isBlank());
    if (path.isEmpty()
        || path.get().name().isPresent()
        || !"GET".equals(request.getMethod())
        || selector.isEmpty()
        || query.first("watch").filter(w -> !"false".equals(w)).isPresent()) {
      return next.dispatch(request);
    }
    List<Requirement> requirements;
    try {
      requirements = parse(selector.get());
    } catch (IllegalArgumentException e) {
      return Messages.status(400, "BadRequest", e.getMessage(), null);
    }
    Set<String> supported = supported(path.get().gvPlural());
    for (Requirement r : requirements) {
      if (!supported.contains(r.field())) {
        return Messages.status(
            400,
            "BadRequest",
            "field label not supported: "
                + r.field()
                + " (the sandbox selects "
                + path.get().plural()
                + " by "
                + String.join(", ", new TreeSet<>(supported))
                + ")",
            null);
      }
    }
    MockResponse all = next.dispatch(Messages.get(request, query.pathWithout("fieldSelector")));
    if (all.code() != 200) {
      return all;
    }
    try {
      JsonNode list = Messages.JSON.readTree(Messages.body(all));
      if (!(list instanceof ObjectNode filtered) || !list.path("items").isArray()) {
        return all;
      }
      ArrayNode kept = Messages.JSON.createArrayNode();
      for (JsonNode item : list.path("items")) {
        if (requirements.stream().allMatch(r -> r.matches(item))) {
          kept.add(item);
        }
      }
      filtered.set("items", kept);
      String gvPlural = path.get().gvPlural();
      resources.types().stream()
          .filter(t -> (t.groupVersion() + "/" + t.plural()).equals(gvPlural))
          .findFirst()
          .ifPresent(
              t -> filtered.put("apiVersion", t.groupVersion()).put("kind", t.kind() + "List"));
      return Messages.ok(filtered);
    } catch (IOException e) {
      return Messages.status(
          500, "InternalError", "cannot read the stored list: " + e.getMessage(), null);
    }
  }

  private static Set<String> supported(String gvPlural) {
    Set<String> fields = new TreeSet<>(EVERY_KIND);
    fields.addAll(FIELDS.getOrDefault(gvPlural, Set.of()));
    return fields;
  }

  /**
   * The requirements of a field selector: comma-separated {@code field=value}, {@code field==value}
   * or {@code field!=value}; a backslash escapes a comma, an equals sign or itself in a value.
   */
  static List<Requirement> parse(String selector) {
    List<Requirement> requirements = new ArrayList<>();
    for (String term : split(selector)) {
      String t = term.trim();
      if (t.isEmpty()) {
        continue;
      }
      int ne = t.indexOf("!=");
      int eq = t.indexOf('=');
      Requirement r;
      if (ne >= 0 && ne < eq) {
        r = new Requirement(t.substring(0, ne).trim(), unescape(t.substring(ne + 2)), false);
      } else if (eq >= 0) {
        int valueAt = t.startsWith("==", eq) ? eq + 2 : eq + 1;
        r = new Requirement(t.substring(0, eq).trim(), unescape(t.substring(valueAt)), true);
      } else {
        throw new IllegalArgumentException(
            "invalid field selector \""
                + selector
                + "\": \""
                + t
                + "\" is not field=value, field==value or field!=value");
      }
      requirements.add(r);
    }
    return requirements;
  }

  private static List<String> split(String selector) {
    List<String> terms = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '\\' && i + 1 < selector.length()) {
        current.append(c).append(selector.charAt(++i));
      } else if (c == ',') {
        terms.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    terms.add(current.toString());
    return terms;
  }

  private static String unescape(String value) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        c = value.charAt(++i);
      }
      b.append(c);
    }
    return b.toString();
  }
}
