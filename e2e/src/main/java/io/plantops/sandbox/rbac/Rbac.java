package io.plantops.sandbox.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantops.operator.admission.Requester;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Kubernetes RBAC over a set of Roles, ClusterRoles, RoleBindings and ClusterRoleBindings, as the
 * API server's RBAC authorizer evaluates them: a request is allowed when some binding that names
 * the user (by name, by group, or as a ServiceAccount) refers to a role with a rule that covers it.
 * A ClusterRoleBinding grants its role everywhere; a RoleBinding only in its own namespace, never
 * at the cluster scope. A ClusterRole with an {@code aggregationRule} holds the rules of every
 * ClusterRole whose labels match one of its selectors' {@code matchLabels}. The {@code
 * system:masters} group is allowed everything, as on a cluster (kind's and kubeadm's admin).
 *
 * <p>Deny rules do not exist in RBAC, so there is nothing else to evaluate. Not evaluated: label
 * selectors' {@code matchExpressions} in aggregation rules (the chart uses {@code matchLabels}).
 */
public final class Rbac {

  /** The group the API server lets do anything, without RBAC. */
  public static final String MASTERS = "system:masters";

  private final List<JsonNode> clusterRoles = new ArrayList<>();
  private final List<JsonNode> roles = new ArrayList<>();
  private final List<JsonNode> clusterRoleBindings = new ArrayList<>();
  private final List<JsonNode> roleBindings = new ArrayList<>();

  private Rbac() {}

  /** The RBAC objects among {@code objects}; other kinds are ignored. */
  public static Rbac of(Collection<JsonNode> objects) {
    Rbac rbac = new Rbac();
    for (JsonNode o : objects) {
      switch (o.path("kind").asText()) {
        case "ClusterRole" -> rbac.clusterRoles.add(o);
        case "Role" -> rbac.roles.add(o);
        case "ClusterRoleBinding" -> rbac.clusterRoleBindings.add(o);
        case "RoleBinding" -> rbac.roleBindings.add(o);
        default -> {
          // not an RBAC object
        }
      }
    }
    return rbac;
  }

  /** Whether {@code user} may do what {@code request} asks. */
  public boolean allows(Requester user, Attributes request) {
    if (user.groups().contains(MASTERS)) {
      return true;
    }
    for (JsonNode binding : clusterRoleBindings) {
      if (binds(binding, user, "") && anyRuleCovers(rulesOf(binding, ""), request)) {
        return true;
      }
    }
    if (request.namespace().isEmpty()) {
      return false;
    }
    for (JsonNode binding : roleBindings) {
      String ns = binding.path("metadata").path("namespace").asText();
      if (ns.equals(request.namespace())
          && binds(binding, user, ns)
          && anyRuleCovers(rulesOf(binding, ns), request)) {
        return true;
      }
    }
    return false;
  }

  private static boolean binds(JsonNode binding, Requester user, String bindingNamespace) {
    for (JsonNode s : binding.path("subjects")) {
      String name = s.path("name").asText();
      boolean match =
          switch (s.path("kind").asText()) {
            case "User" -> name.equals(user.username());
            case "Group" -> user.groups().contains(name);
            case "ServiceAccount" ->
                user.username()
                    .equals(
                        "system:serviceaccount:"
                            + s.path("namespace").asText(bindingNamespace)
                            + ":"
                            + name);
            default -> false;
          };
      if (match) {
        return true;
      }
    }
    return false;
  }

  private List<JsonNode> rulesOf(JsonNode binding, String namespace) {
    JsonNode ref = binding.path("roleRef");
    String name = ref.path("name").asText();
    if (ref.path("kind").asText().equals("Role")) {
      return find(roles, r -> r.path("metadata").path("namespace").asText().equals(namespace), name)
          .map(Rbac::ownRules)
          .orElse(List.of());
    }
    return find(clusterRoles, r -> true, name).map(this::clusterRoleRules).orElse(List.of());
  }

  private static java.util.Optional<JsonNode> find(
      List<JsonNode> in, Predicate<JsonNode> where, String name) {
    return in.stream()
        .filter(where)
        .filter(r -> r.path("metadata").path("name").asText().equals(name))
        .findFirst();
  }

  private List<JsonNode> clusterRoleRules(JsonNode role) {
    List<JsonNode> rules = new ArrayList<>();
    collectRules(role, new java.util.HashSet<>(), rules);
    return rules;
  }

  /** Own rules and, transitively, those aggregated (e.g. view into edit, edit into admin). */
  private void collectRules(JsonNode role, Set<String> seen, List<JsonNode> rules) {
    if (!seen.add(role.path("metadata").path("name").asText())) {
      return;
    }
    rules.addAll(ownRules(role));
    for (JsonNode selector : role.path("aggregationRule").path("clusterRoleSelectors")) {
      for (JsonNode other : clusterRoles) {
        if (matchesLabels(other, selector.path("matchLabels"))) {
          collectRules(other, seen, rules);
        }
      }
    }
  }

  private static boolean matchesLabels(JsonNode object, JsonNode matchLabels) {
    if (!matchLabels.isObject() || matchLabels.isEmpty()) {
      return false;
    }
    JsonNode labels = object.path("metadata").path("labels");
    for (Map.Entry<String, JsonNode> e : matchLabels.properties()) {
      if (!labels.path(e.getKey()).asText("\0").equals(e.getValue().asText())) {
        return false;
      }
    }
    return true;
  }

  private static List<JsonNode> ownRules(JsonNode role) {
    List<JsonNode> rules = new ArrayList<>();
    role.path("rules").forEach(rules::add);
    return rules;
  }

  private static boolean anyRuleCovers(List<JsonNode> rules, Attributes request) {
    return rules.stream().anyMatch(rule -> covers(rule, request));
  }

  /** The RBAC rule matching of the API server's {@code RuleAllows}. */
  static boolean covers(JsonNode rule, Attributes r) {
    if (!has(rule.path("verbs"), r.verb())) {
      return false;
    }
    if (!r.resourceRequest()) {
      for (JsonNode url : rule.path("nonResourceURLs")) {
        String u = url.asText();
        if (u.equals("*")
            || u.equals(r.path())
            || (u.endsWith("*") && r.path().startsWith(u.substring(0, u.length() - 1)))) {
          return true;
        }
      }
      return false;
    }
    if (!has(rule.path("apiGroups"), r.apiGroup())) {
      return false;
    }
    boolean resource = false;
    for (JsonNode n : rule.path("resources")) {
      String res = n.asText();
      resource |=
          res.equals("*")
              || res.equals(r.resourceWithSubresource())
              || (!r.subresource().isEmpty() && res.equals("*/" + r.subresource()))
              || (!r.subresource().isEmpty() && res.equals(r.resource() + "/*"));
    }
    if (!resource) {
      return false;
    }
    JsonNode names = rule.path("resourceNames");
    return names.isEmpty() || (!r.name().isEmpty() && has(names, r.name()));
  }

  private static boolean has(JsonNode list, String value) {
    for (JsonNode n : list) {
      if (n.asText().equals("*") || n.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
