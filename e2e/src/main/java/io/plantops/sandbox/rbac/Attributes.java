package io.plantops.sandbox.rbac;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a request asks to do, in the terms RBAC grants: the API server's request info. A resource
 * request has a verb, an API group, a resource (and subresource), a namespace ("" at the cluster
 * scope) and a name ("" for a collection); any other path is a non-resource request with the HTTP
 * method as verb.
 *
 * @param verb get, list, watch, create, update, patch, delete, deletecollection, or a custom verb
 *     such as {@code approve}
 * @param resourceRequest whether the request is for a resource (else {@code path} is what is asked)
 */
public record Attributes(
    String verb,
    String apiGroup,
    String resource,
    String subresource,
    String namespace,
    String name,
    boolean resourceRequest,
    String path) {

  /**
   * The subresources of a namespace, which are not resources in the namespace (K8s request info).
   */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  /** A resource request. */
  public static Attributes resource(
      String verb,
      String apiGroup,
      String resource,
      String subresource,
      String namespace,
      String name) {
    return new Attributes(verb, apiGroup, resource, subresource, namespace, name, true, "");
  }

  /** The attributes of an HTTP request, as the API server's RequestInfoFactory derives them. */
  public static Attributes of(String method, String requestUri) {
    URI uri = URI.create(requestUri);
    String path = uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    String group;
    List<String> rest;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      return new Attributes(method.toLowerCase(Locale.ROOT), "", "", "", "", "", false, path);
    }
    String namespace = "";
    if (rest.get(0).equals("namespaces") && rest.size() > 1) {
      namespace = rest.get(1);
      if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
        rest = rest.subList(2, rest.size());
      }
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : "";
    String subresource = rest.size() > 2 ? rest.get(2) : "";
    return new Attributes(
        verb(method, name, query), group, resource, subresource, namespace, name, true, path);
  }

  private static String verb(String method, String name, String query) {
    boolean watch = Arrays.asList(query.split("&")).contains("watch=true");
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "GET", "HEAD" -> watch ? "watch" : name.isEmpty() ? "list" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
      default -> method.toLowerCase(Locale.ROOT);
    };
  }

  /** {@code resource/subresource}, or the resource alone. */
  public String resourceWithSubresource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /**
   * The API server's refusal message (its {@code forbiddenMessage}), e.g. {@code User "v" cannot
   * patch resource "sitedeployments" in API group "plantops.io" in the namespace "plant-lyon"}.
   */
  public String forbiddenMessage(String user) {
    if (!resourceRequest) {
      return "forbidden: User \"" + user + "\" cannot " + verb + " path \"" + path + "\"";
    }
    String qualified = apiGroup.isEmpty() ? resource : resource + "." + apiGroup;
    String object = name.isEmpty() ? qualified : qualified + " \"" + name + "\"";
    String scope =
        namespace.isEmpty() ? "at the cluster scope" : "in the namespace \"" + namespace + "\"";
    return object
        + " is forbidden: User \""
        + user
        + "\" cannot "
        + verb
        + " resource \""
        + resourceWithSubresource()
        + "\" in API group \""
        + apiGroup
        + "\" "
        + scope;
  }
}
