package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The chart's rendered RBAC lets the operator's ServiceAccount make every API call the operator
 * makes (the list OperatorRbacTest records in
 * operator/controller/src/test/resources/api-calls.txt), in the namespaces where it makes them, for
 * both install modes: watching every namespace and watching a list. Evaluated as the API server's
 * RBAC authorizer does: a ClusterRoleBinding grants its rules everywhere; a RoleBinding grants them
 * only inside its namespace, and never on cluster-scoped requests.
 */
class ChartRbacTest {

  static final Path API_CALLS =
      Tools.ROOT.resolve("operator/controller/src/test/resources/api-calls.txt");

  /** One line of api-calls.txt. */
  record Call(String verb, String group, String resource, String scope) {
    static Call parse(String line) {
      String[] f = line.trim().split("\\s+");
      return new Call(f[0], f[1].equals("core") ? "" : f[1], f[2], f[3]);
    }

    @Override
    public String toString() {
      return verb + " " + (group.isEmpty() ? "core" : group) + " " + resource + " (" + scope + ")";
    }
  }

  /** A rule granted to the operator, with the namespace its binding limits it to (none: all). */
  record Grant(JsonNode rule, Optional<String> namespace) {
    boolean allows(String verb, String group, String resource, Optional<String> requestNs) {
      if (namespace.isPresent() && !namespace.equals(requestNs)) {
        return false;
      }
      return has(rule.path("verbs"), verb)
          && has(rule.path("apiGroups"), group)
          && has(rule.path("resources"), resource);
    }

    private static boolean has(JsonNode list, String value) {
      for (JsonNode n : list) {
        if (n.asText().equals(value) || n.asText().equals("*")) {
          return true;
        }
      }
      return false;
    }
  }

  static List<Call> calls() throws Exception {
    List<Call> calls = new ArrayList<>();
    for (String line : Files.readAllLines(API_CALLS)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        calls.add(Call.parse(line));
      }
    }
    return calls;
  }

  /** Every rule bound to the operator's ServiceAccount in {@code r}. */
  static List<Grant> grants(HelmChartTest.Rendered r) {
    List<Grant> grants = new ArrayList<>();
    for (JsonNode binding : r.objects().values()) {
      String kind = binding.path("kind").asText();
      if (!kind.equals("ClusterRoleBinding") && !kind.equals("RoleBinding")) {
        continue;
      }
      boolean toOperator = false;
      for (JsonNode s : binding.path("subjects")) {
        toOperator |=
            s.path("kind").asText().equals("ServiceAccount")
                && s.path("name").asText().equals(HelmChartTest.RELEASE)
                && s.path("namespace").asText().equals(HelmChartTest.NAMESPACE);
      }
      if (!toOperator) {
        continue;
      }
      Optional<String> ns =
          kind.equals("RoleBinding")
              ? Optional.of(binding.at("/metadata/namespace").asText())
              : Optional.empty();
      String roleKind = binding.at("/roleRef/kind").asText();
      JsonNode role =
          r.get(
              roleKind,
              roleKind.equals("Role") ? ns.orElseThrow() : "",
              binding.at("/roleRef/name").asText());
      role.path("rules").forEach(rule -> grants.add(new Grant(rule, ns)));
    }
    return grants;
  }

  static boolean allowed(
      List<Grant> grants, String verb, String group, String res, Optional<String> ns) {
    return grants.stream().anyMatch(g -> g.allows(verb, group, res, ns));
  }

  /**
   * Where {@code c} is sent under an install watching {@code watched} (empty: every namespace, then
   * the informers list and watch across the cluster, and write in each plant's namespace).
   */
  static List<Optional<String>> requestNamespaces(Call c, List<String> watched) {
    return switch (c.scope()) {
      case "cluster" -> List.of(Optional.empty());
      case "operator" -> List.of(Optional.of(HelmChartTest.NAMESPACE));
      case "default" -> List.of(Optional.of("default"));
      case "watched" -> {
        if (!watched.isEmpty()) {
          yield watched.stream().map(Optional::of).toList();
        }
        boolean informer = c.verb().equals("list") || c.verb().equals("watch");
        yield informer ? List.of(Optional.empty()) : List.of(Optional.of("plant-anywhere"));
      }
      default -> throw new IllegalArgumentException("unknown scope in " + API_CALLS + ": " + c);
    };
  }

  static List<String> denied(HelmChartTest.Rendered r, List<String> watched) throws Exception {
    List<Grant> grants = grants(r);
    List<String> denied = new ArrayList<>();
    for (Call c : calls()) {
      for (Optional<String> ns : requestNamespaces(c, watched)) {
        if (!allowed(grants, c.verb(), c.group(), c.resource(), ns)) {
          denied.add(c + " in " + ns.orElse("<cluster>"));
        }
      }
    }
    return denied;
  }

  @Test
  void theRecordedCallListIsThere() throws Exception {
    assertThat(calls())
        .as("%s (written by OperatorRbacTest)", API_CALLS)
        .hasSizeGreaterThan(10)
        .anyMatch(c -> c.resource().equals("sitedeployments/status") && c.verb().equals("update"))
        .anyMatch(c -> c.resource().equals("leases") && c.scope().equals("operator"));
  }

  @Test
  void watchingEveryNamespaceTheChartAllowsEveryCallTheOperatorMakes() throws Exception {
    assertThat(denied(HelmChartTest.defaults(), List.of())).isEmpty();
  }

  @Test
  void watchingListedNamespacesTheChartAllowsEveryCallThereAndNoWhereElse() throws Exception {
    HelmChartTest.Rendered r = HelmChartTest.nonDefaults();
    assertThat(denied(r, List.of("plant-lyon", "plant-joliet"))).isEmpty();
    List<Grant> grants = grants(r);
    // least privilege: the plant rights stop at the watched namespaces
    assertThat(allowed(grants, "create", "apps", "deployments", Optional.of("kube-system")))
        .isFalse();
    assertThat(allowed(grants, "list", "plantops.io", "plants", Optional.empty())).isFalse();
    assertThat(allowed(grants, "get", "", "secrets", Optional.of("plant-lyon"))).isFalse();
  }

  @Test
  void withoutLeaderElectionTheLeaseRightsAreGoneAndTheCheckNoticesIt() throws Exception {
    HelmChartTest.Rendered r = HelmChartTest.render(t -> t.set("leaderElection.enabled", false));
    assertThat(denied(r, List.of()))
        .as("the recorded run used leader election, so its Lease calls are denied")
        .isNotEmpty()
        .allMatch(d -> d.contains("leases"));
  }
}
