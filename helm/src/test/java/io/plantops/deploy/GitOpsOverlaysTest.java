package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.plantops.expressions.manifest.ManifestValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every GitOps overlay renders with kustomize (kubectl's built-in one), validates against the CRDs,
 * and renders the same resources as the plain examples of its plant, so the two cannot drift.
 */
class GitOpsOverlaysTest {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static ManifestValidator validator;

  @BeforeAll
  static void setUp() throws IOException {
    Tools.require("kubectl");
    validator = ManifestValidator.fromCrdDirectory(Tools.ROOT.resolve("crds"));
  }

  static List<JsonNode> kustomize(String dir) throws Exception {
    Tools.Result r = Tools.run(List.of("kubectl", "kustomize", Tools.ROOT.resolve(dir).toString()));
    assertThat(r.code()).as("kubectl kustomize %s:%n%s", dir, r.out()).isZero();
    return documents(r.out());
  }

  static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && d.has("kind")) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  private static void assertValid(List<JsonNode> docs, String dir) {
    for (JsonNode d : docs) {
      if (d.path("apiVersion").asText().startsWith("plantops.io/")) {
        assertThat(validator.validate(d))
            .as("%s: %s/%s", dir, d.path("kind").asText(), d.at("/metadata/name").asText())
            .isEmpty();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lyon", "joliet"})
  void plantOverlayIsValidAndRendersThePlainExamples(String plant) throws Exception {
    List<JsonNode> rendered = kustomize("examples/gitops/plants/" + plant);
    assertValid(rendered, plant);
    Map<String, JsonNode> plain = new TreeMap<>();
    try (Stream<Path> files = Files.list(Tools.ROOT.resolve("examples/plants/" + plant))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        for (JsonNode d : documents(Files.readString(f))) {
          plain.put(key(d), normalise(d));
        }
      }
    }
    Map<String, JsonNode> fromOverlay = new TreeMap<>();
    rendered.forEach(d -> fromOverlay.put(key(d), normalise(d)));
    assertThat(fromOverlay.keySet()).isEqualTo(plain.keySet());
    fromOverlay.forEach((k, v) -> assertThat(v).as(k).isEqualTo(plain.get(k)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"examples/gitops/corporate", "examples/gitops/use-cases/kiln-energy-optimization"})
  void otherKustomizationsRenderValidResources(String dir) throws Exception {
    List<JsonNode> rendered = kustomize(dir);
    assertThat(rendered).isNotEmpty();
    if (!dir.contains("use-cases")) {
      assertValid(rendered, dir);
    }
  }

  private static String key(JsonNode d) {
    return d.path("kind").asText()
        + "/"
        + d.at("/metadata/namespace").asText("")
        + "/"
        + d.at("/metadata/name").asText();
  }

  /** Compares what the API server would store: comments and key order do not matter. */
  private static JsonNode normalise(JsonNode d) {
    ObjectNode copy = d.deepCopy();
    ((ObjectNode) copy.path("metadata")).remove("annotations");
    return numbersAsDoubles(validator.withDefaults(copy));
  }

  /** YAML 6.0 and 6 are the same number to the API server. */
  private static JsonNode numbersAsDoubles(JsonNode node) {
    if (node.isNumber()) {
      return com.fasterxml.jackson.databind.node.DoubleNode.valueOf(node.asDouble());
    }
    if (node instanceof ObjectNode o) {
      o.properties().forEach(e -> o.set(e.getKey(), numbersAsDoubles(e.getValue())));
    } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, numbersAsDoubles(a.get(i)));
      }
    }
    return node;
  }
}
