package io.plantops.sandbox.api;

import java.util.List;

/**
 * One resource type the sandbox API server serves, as discovery describes it.
 *
 * @param group API group, empty for the core group
 * @param version API version
 * @param kind kind
 * @param plural resource name in URLs
 * @param namespaced whether objects live in namespaces
 * @param shortNames kubectl short names
 * @param categories kubectl categories (e.g. {@code plantops}, {@code all})
 * @param statusSubresource whether a /status subresource exists
 */
record ResourceType(
    String group,
    String version,
    String kind,
    String plural,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    boolean statusSubresource) {

  static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  String singular() {
    return kind.toLowerCase();
  }

  /** The built-in types the operator and kubectl users touch in the sandbox. */
  static List<ResourceType> builtIns() {
    return List.of(
        core("Namespace", "namespaces", false, "ns"),
        core("ConfigMap", "configmaps", true, "cm"),
        core("Secret", "secrets", true),
        core("Service", "services", true, "svc"),
        core("ServiceAccount", "serviceaccounts", true, "sa"),
        core("Pod", "pods", true, "po"),
        core("Event", "events", true, "ev"),
        new ResourceType(
            "apps",
            "v1",
            "Deployment",
            "deployments",
            true,
            List.of("deploy"),
            List.of("all"),
            true),
        new ResourceType(
            "apps", "v1", "ReplicaSet", "replicasets", true, List.of("rs"), List.of("all"), true),
        new ResourceType(
            "coordination.k8s.io", "v1", "Lease", "leases", true, List.of(), List.of(), false),
        new ResourceType(
            "events.k8s.io", "v1", "Event", "events", true, List.of("ev"), List.of(), false),
        new ResourceType(
            "rbac.authorization.k8s.io", "v1", "Role", "roles", true, List.of(), List.of(), false),
        new ResourceType(
            "rbac.authorization.k8s.io",
            "v1",
            "RoleBinding",
            "rolebindings",
            true,
            List.of(),
            List.of(),
            false),
        new ResourceType(
            "apiextensions.k8s.io",
            "v1",
            "CustomResourceDefinition",
            "customresourcedefinitions",
            false,
            List.of("crd", "crds"),
            List.of("api-extensions"),
            true));
  }

  private static ResourceType core(
      String kind, String plural, boolean namespaced, String... shortNames) {
    List<String> categories =
        List.of("Pod", "Service").contains(kind) ? List.of("all") : List.<String>of();
    return new ResourceType(
        "",
        "v1",
        kind,
        plural,
        namespaced,
        List.of(shortNames),
        categories,
        List.of("Namespace", "Service", "Pod").contains(kind));
  }
}
