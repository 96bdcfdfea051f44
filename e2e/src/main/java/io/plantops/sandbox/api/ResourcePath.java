package io.plantops.sandbox.api;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The path of a request for a resource or a collection, as the API server routes it: {@code
 * /api/v1[/namespaces/ns]/plural[/name[/sub]]} or {@code /apis/group/version[...]}.
 *
 * @param group API group, empty for the core group
 * @param version API version
 * @param namespace namespace, when the path has one
 * @param plural resource name
 * @param name object name, when the path names one
 * @param subresource {@code status} or {@code scale}, when the path ends with one
 */
record ResourcePath(
    String group,
    String version,
    Optional<String> namespace,
    String plural,
    Optional<String> name,
    Optional<String> subresource) {

  private static final Pattern PATH =
      Pattern.compile(
          "^/(?:api/(?<coreVersion>v1)|apis/(?<group>[^/]+)/(?<version>[^/]+))"
              + "(?:/namespaces/(?<namespace>[^/]+))?/(?<plural>[^/]+)"
              + "(?:/(?<name>[^/]+))?(?:/(?<sub>status|scale))?$");

  /** The resource path of a request path (query ignored), if it is one. */
  static Optional<ResourcePath> parse(String requestPath) {
    Matcher m = PATH.matcher(URI.create(requestPath).getRawPath());
    if (!m.matches()) {
      return Optional.empty();
    }
    boolean core = m.group("coreVersion") != null;
    return Optional.of(
        new ResourcePath(
            core ? "" : m.group("group"),
            core ? "v1" : m.group("version"),
            Optional.ofNullable(m.group("namespace")),
            m.group("plural"),
            Optional.ofNullable(m.group("name")),
            Optional.ofNullable(m.group("sub"))));
  }

  /** {@code group/version/plural}, or {@code v1/plural} for the core group. */
  String gvPlural() {
    return (group.isEmpty() ? version : group + "/" + version) + "/" + plural;
  }

  /** The path of the object itself: no subresource, no query. */
  String objectPath() {
    String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    return base
        + namespace.map(ns -> "/namespaces/" + ns).orElse("")
        + "/"
        + plural
        + name.map(n -> "/" + n).orElse("");
  }
}
