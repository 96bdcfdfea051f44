package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector's packages form layers: each may use only the packages below it, so no two import
 * each other and a package can be read, tested and changed without the ones above. The class
 * dependencies are read from the compiled classes by the JDK's own {@code jdeps}, so a dependency
 * through a fully qualified name, a same-named import or a lambda counts as much as an import.
 *
 * <p>The root package ({@code io.plantops.connector}: the process, its settings and the wiring of a
 * config) sits on top and may use every other; nothing uses it.
 */
class PackageLayersTest {

  private static final String BASE = "io.plantops.connector";

  /** Each package (by its name under {@value #BASE}) and the packages it may use. */
  private static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

  static {
    MAY_USE.put("mapping", Set.of());
    MAY_USE.put("metrics", Set.of("mapping"));
    MAY_USE.put("opcua", Set.of("mapping"));
    // browsing calls the server within its OperationLimits, as every other call (ServiceCalls)
    MAY_USE.put("browse", Set.of("opcua"));
    MAY_USE.put("delivery", Set.of("mapping"));
    MAY_USE.put("write", Set.of("mapping", "metrics", "opcua"));
    MAY_USE.put("http", Set.of("browse", "metrics", "opcua"));
    MAY_USE.put("", Set.of("mapping", "browse", "metrics", "opcua", "delivery", "write", "http"));
  }

  /** {@code from class -> to class} between two different packages of the connector. */
  private static final Map<String, Set<String>> DEPENDENCIES = new TreeMap<>();

  @BeforeAll
  static void readTheClassDependencies() throws Exception {
    Path classes =
        Path.of(Connector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ToolProvider jdeps =
        ToolProvider.findFirst("jdeps")
            .orElseThrow(() -> new IllegalStateException("jdeps is not in this JDK"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        jdeps.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "-verbose:class",
            "-e",
            Pattern.quote(BASE) + "(\\..*)?",
            classes.toString());
    assertThat(code).as("jdeps failed: %s", err).isZero();
    Pattern edge =
        Pattern.compile(
            "^\\s+(" + Pattern.quote(BASE) + "\\S*)\\s+->\\s+(" + Pattern.quote(BASE) + "\\S*)\\s");
    for (String line : out.toString().split("\\R")) {
      Matcher m = edge.matcher(line);
      if (m.find()) {
        DEPENDENCIES.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
      }
    }
    assertThat(DEPENDENCIES)
        .as("jdeps found no dependency between the connector's classes:\n%s", out)
        .containsKey(BASE + ".Connector");
  }

  @Test
  void eachPackageUsesOnlyThePackagesBelowIt() {
    Set<String> violations = new TreeSet<>();
    DEPENDENCIES.forEach(
        (from, tos) -> {
          String fromPackage = packageOf(from);
          for (String to : tos) {
            String toPackage = packageOf(to);
            if (!toPackage.equals(fromPackage)
                && !MAY_USE.getOrDefault(fromPackage, Set.of()).contains(toPackage)) {
              violations.add(
                  from
                      + " -> "
                      + to
                      + " ("
                      + label(fromPackage)
                      + " may use only "
                      + MAY_USE.getOrDefault(fromPackage, Set.of()).stream()
                          .map(PackageLayersTest::label)
                          .toList()
                      + ")");
            }
          }
        });
    assertThat(violations)
        .as(
            "dependencies against the layers; depend on an interface of the lower package"
                + " instead (as http's ConnectorView, which Connector implements)")
        .isEmpty();
  }

  @Test
  void everyPackageHasItsPlaceInTheLayers() {
    Set<String> packages = new TreeSet<>();
    DEPENDENCIES.forEach(
        (from, tos) -> {
          packages.add(packageOf(from));
          tos.forEach(to -> packages.add(packageOf(to)));
        });
    assertThat(MAY_USE.keySet())
        .as("a new package needs a line in PackageLayersTest.MAY_USE")
        .containsAll(packages);
  }

  @Test
  void theLayersThemselvesHaveNoCycle() {
    for (String start : MAY_USE.keySet()) {
      Deque<String> todo = new ArrayDeque<>(MAY_USE.get(start));
      Set<String> reached = new HashSet<>();
      while (!todo.isEmpty()) {
        String next = todo.pop();
        if (reached.add(next)) {
          todo.addAll(MAY_USE.getOrDefault(next, Set.of()));
        }
      }
      assertThat(reached).as("%s reaches itself", label(start)).doesNotContain(start);
    }
  }

  @Test
  void theHttpSurfaceAndTheConnectorNoLongerImportEachOther() {
    assertThat(DEPENDENCIES.get(BASE + ".Connector")).contains(BASE + ".http.ConnectorHttp");
    assertThat(DEPENDENCIES.get(BASE + ".http.ConnectorHttp"))
        .noneMatch(c -> c.equals(BASE + ".Connector"));
    assertThat(
            DEPENDENCIES.entrySet().stream()
                .filter(e -> packageOf(e.getKey()).equals("http"))
                .flatMap(e -> e.getValue().stream())
                .filter(c -> packageOf(c).isEmpty())
                .toList())
        .isEmpty();
  }

  /** {@code io.plantops.connector.http.ConnectorHttp$1} -> {@code http}; the root -> "". */
  private static String packageOf(String className) {
    String rest = className.substring(BASE.length());
    int lastDot = rest.lastIndexOf('.');
    return lastDot <= 0 ? "" : rest.substring(1, lastDot);
  }

  private static String label(String pkg) {
    return pkg.isEmpty() ? BASE : BASE + "." + pkg;
  }
}
