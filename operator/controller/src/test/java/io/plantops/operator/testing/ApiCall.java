package io.plantops.operator.testing;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request to the API server, as RBAC sees it: verb, API group, resource (with subresource) and
 * namespace, derived from the HTTP method and path the way the API server's request info resolver
 * does (Kubernetes docs, "Authorization Overview", "Determine the Request Verb").
 *
 * @param userAgent the client's User-Agent, to tell the operator from the test
 * @param method HTTP method
 * @param path request path with query
 * @param verb RBAC verb, or empty for a non-resource URL
 * @param group API group ("" for core)
 * @param resource resource, with "/subresource" when there is one
 * @param namespace namespace, or empty for cluster-wide requests
 */
public record ApiCall(
    String userAgent,
    String method,
    String path,
    Optional<String> verb,
    String group,
    String resource,
    Optional<String> namespace) {

  private static final Pattern RESOURCE_PATH =
      Pattern.compile(
          "^/(?:api/v1|apis/(?<group>[^/]+)/[^/]+)"
              + "(?:/namespaces/(?<ns>[^/]+))?/(?<resource>[^/]+)(?:/(?<name>[^/]+))?"
              + "(?:/(?<sub>[^/]+))?$");

  /** Parses a recorded request. */
  public static ApiCall of(String userAgent, String method, String fullPath) {
    String path = fullPath;
    String query = "";
    int q = fullPath.indexOf('?');
    if (q >= 0) {
      path = fullPath.substring(0, q);
      query = fullPath.substring(q + 1);
    }
    Matcher m = RESOURCE_PATH.matcher(path);
    if (!m.matches()) {
      return new ApiCall(userAgent, method, fullPath, Optional.empty(), "", path, Optional.empty());
    }
    String group = m.group("group") == null ? "" : m.group("group");
    String ns = m.group("ns");
    String resource = m.group("resource");
    String name = m.group("name");
    if (ns == null && "namespaces".equals(resource) && name != null && m.group("sub") != null) {
      // /api/v1/namespaces/{ns}/{resource} is caught as name/sub: re-read it
      ns = name;
      resource = m.group("sub");
      name = null;
    }
    String sub = m.group("sub");
    String fullResource = resource + (sub != null && name != null ? "/" + sub : "");
    boolean watch = query.contains("watch=true");
    String verb =
        switch (method) {
          case "GET" -> watch ? "watch" : name == null ? "list" : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name == null ? "deletecollection" : "delete";
          default -> method.toLowerCase();
        };
    return new ApiCall(
        userAgent,
        method,
        fullPath,
        Optional.of(verb),
        group,
        fullResource,
        Optional.ofNullable(ns));
  }

  /** True for create, update, patch and delete. */
  public boolean isWrite() {
    return verb.map(
            v ->
                v.equals("create")
                    || v.equals("update")
                    || v.equals("patch")
                    || v.startsWith("delete"))
        .orElse(false);
  }

  @Override
  public String toString() {
    return verb.orElse(method)
        + " "
        + (group.isEmpty() ? "core" : group)
        + "/"
        + resource
        + namespace.map(n -> " in " + n).orElse("")
        + " ("
        + method
        + " "
        + path
        + ")";
  }
}
