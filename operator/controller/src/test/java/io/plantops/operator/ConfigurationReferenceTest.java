package io.plantops.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.operator.config.OperatorProperties;
import io.plantops.operator.testing.MockCluster;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * docs/operator.md lists every configuration key with its default; this test keeps the table and
 * {@link OperatorProperties} in step: same keys, and each documented default binds to the value the
 * code defaults to.
 */
class ConfigurationReferenceTest {

  static final Path DOC = MockCluster.ROOT.resolve("docs/operator.md");
  static final Pattern ROW =
      Pattern.compile("^\\| `(plantops\\.operator\\.[a-z0-9.-]+)` \\| ([^|]*) \\|.*\\|$");
  static final Pattern LITERAL = Pattern.compile("^`([^`]*)`");

  @Test
  void everyConfigurationKeyIsDocumentedWithItsDefault() throws Exception {
    Map<String, String> documented = documented();
    Map<String, Object> defaults = new LinkedHashMap<>();
    flatten("plantops.operator", bind(Map.of()), defaults);

    assertThat(new TreeSet<>(documented.keySet()))
        .as("keys documented in %s", DOC)
        .isEqualTo(new TreeSet<>(defaults.keySet()));
    for (var entry : documented.entrySet()) {
      Matcher literal = LITERAL.matcher(entry.getValue().trim());
      if (!literal.find()) {
        // computed defaults, e.g. "(operator version)"
        continue;
      }
      String value = literal.group(1).equals("[]") ? "" : literal.group(1);
      Map<String, Object> bound = new LinkedHashMap<>();
      flatten("plantops.operator", bind(Map.of(entry.getKey(), value)), bound);
      assertThat(bound.get(entry.getKey()))
          .as("documented default of %s (%s)", entry.getKey(), entry.getValue())
          .isEqualTo(defaults.get(entry.getKey()));
    }
  }

  static OperatorProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("plantops.operator", OperatorProperties.class);
  }

  static Map<String, String> documented() throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(DOC)) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        rows.put(m.group(1), m.group(2));
      }
    }
    return rows;
  }

  /** Leaf values of a configuration record tree by their kebab-case key. */
  static void flatten(String prefix, Object value, Map<String, Object> out) throws Exception {
    for (RecordComponent c : value.getClass().getRecordComponents()) {
      Object v = c.getAccessor().invoke(value);
      String key = prefix + "." + kebab(c.getName());
      if (c.getType().isRecord()) {
        flatten(key, v, out);
      } else {
        out.put(key, v);
      }
    }
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }
}
