package io.plantops.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The operator's RBAC rules as written in {@code helm/plantops/files/operator-rbac.yaml}. */
public record RbacRules(
    List<Rule> clusterRules, List<Rule> namespaceRules, List<Rule> leaderElectionRules) {

  public static final Path FILE =
      MockCluster.ROOT.resolve("helm/plantops/files/operator-rbac.yaml");

  /**
   * One PolicyRule.
   *
   * @param apiGroups API groups ("" for core)
   * @param resources resources, "resource/subresource" for a subresource
   * @param verbs verbs
   */
  public record Rule(List<String> apiGroups, List<String> resources, List<String> verbs) {

    /** True when this rule allows {@code call}. */
    public boolean allows(ApiCall call) {
      return call.verb().isPresent()
          && apiGroups.contains(call.group())
          && resources.contains(call.resource())
          && verbs.contains(call.verb().get());
    }
  }

  /** Reads the file. */
  public static RbacRules load() {
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
      return new RbacRules(
          rules(root.path("clusterRules")),
          rules(root.path("namespaceRules")),
          rules(root.path("leaderElectionRules")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + FILE, e);
    }
  }

  /** Every rule, in every scope. */
  public List<Rule> all() {
    List<Rule> all = new ArrayList<>(clusterRules);
    all.addAll(namespaceRules);
    all.addAll(leaderElectionRules);
    return all;
  }

  private static List<Rule> rules(JsonNode list) {
    List<Rule> rules = new ArrayList<>();
    list.forEach(
        r ->
            rules.add(
                new Rule(
                    strings(r.path("apiGroups")),
                    strings(r.path("resources")),
                    strings(r.path("verbs")))));
    return rules;
  }

  private static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.asText()));
    return out;
  }
}
