package io.plantops.operator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The (verb, group, resource, scope) list of the API calls the operator makes, committed as {@code
 * operator/controller/src/test/resources/api-calls.txt}. OperatorRbacTest records it; the Helm
 * chart's tests (helm module) check that the rendered Roles and ClusterRoles allow every line in
 * the namespaces the chart binds them to.
 */
public final class ApiCallList {

  public static final Path FILE =
      MockCluster.ROOT.resolve("operator/controller/src/test/resources/api-calls.txt");

  private static final String HEADER =
      """
      # The API calls the plantops operator makes, recorded by OperatorRbacTest from the requests it
      # sends to the mock API server. Do not edit: regenerate with
      #   ./mvnw -pl operator/controller -am verify -Dtest=OperatorRbacTest \\
      #     -Dsurefire.failIfNoSpecifiedTests=false -Dplantops.regenerate=true
      # Columns: verb, API group (core for ""), resource[/subresource], scope:
      #   cluster   a cluster-scoped request (no namespace in the path)
      #   watched   a namespace the operator watches (plants live there)
      #   operator  the operator's own namespace (its leader-election Lease)
      #   default   namespace "default" (Events about cluster-scoped UseCaseTemplates)
      """;

  private ApiCallList() {}

  /**
   * The lines for {@code calls}, given which namespace was watched and which held the Lease.
   *
   * @throws IllegalArgumentException for a call in a namespace that is none of these
   */
  public static Set<String> lines(List<ApiCall> calls, String watched, String operator) {
    Set<String> lines = new TreeSet<>();
    for (ApiCall c : calls) {
      if (c.verb().isEmpty()) {
        continue;
      }
      String scope =
          c.namespace()
              .map(
                  ns -> {
                    if (ns.equals(watched)) {
                      return "watched";
                    }
                    if (ns.equals(operator)) {
                      return "operator";
                    }
                    if (ns.equals("default")) {
                      return "default";
                    }
                    throw new IllegalArgumentException("a call in an unexpected namespace: " + c);
                  })
              .orElse("cluster");
      lines.add(
          c.verb().get()
              + " "
              + (c.group().isEmpty() ? "core" : c.group())
              + " "
              + c.resource()
              + " "
              + scope);
    }
    return lines;
  }

  /** The committed lines, comments left out. */
  public static Set<String> committed() throws IOException {
    Set<String> lines = new TreeSet<>();
    if (!Files.exists(FILE)) {
      return lines;
    }
    for (String line : Files.readAllLines(FILE)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        lines.add(line.trim());
      }
    }
    return lines;
  }

  /** Writes {@code lines} to the committed file. */
  public static void write(Set<String> lines) throws IOException {
    Files.createDirectories(FILE.getParent());
    Files.writeString(FILE, HEADER + String.join("\n", lines) + "\n");
  }
}
