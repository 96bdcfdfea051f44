package io.plantops.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.plantops.expressions.manifest.ManifestValidator;
import io.plantops.expressions.manifest.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example must be accepted by the generated CRD schemas, CEL rules included, and every
 * deliberately bad manifest under {@code src/test/resources/invalid} must be rejected with a
 * message naming its field (the {@code # expect:} line of the file).
 */
class ExamplesConformToCrdsTest {

  private static final ObjectMapper YAML = new YAMLMapper();
  private static ManifestValidator validator;

  @BeforeAll
  static void loadCrds() throws IOException {
    validator = ManifestValidator.fromCrdDirectory(CommittedCrdsTest.CRDS);
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && doc.has("kind")) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  @TestFactory
  Stream<DynamicTest> everyExampleIsValid() throws IOException {
    Path examples = CommittedCrdsTest.ROOT.resolve("examples");
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : yamlFiles(examples)) {
      if (examples.relativize(file).startsWith("gitops")) {
        // kustomize bases and patches are fragments: the helm module's GitOpsOverlaysTest
        // validates what each overlay renders
        continue;
      }
      for (JsonNode doc : documents(file)) {
        String apiVersion = doc.path("apiVersion").asText();
        if (!apiVersion.startsWith(ApiGroup.GROUP + "/")) {
          continue;
        }
        String name = examples.relativize(file) + " " + doc.path("kind").asText();
        tests.add(
            DynamicTest.dynamicTest(
                name,
                () -> {
                  assertThat(validator.knows(apiVersion, doc.path("kind").asText()))
                      .as("%s: no CRD defines %s %s", name, apiVersion, doc.path("kind"))
                      .isTrue();
                  assertThat(validator.validate(doc)).as(name).isEmpty();
                }));
      }
    }
    assertThat(tests).as("examples of all four kinds").hasSizeGreaterThanOrEqualTo(10);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyValidFixtureIsAccepted() throws IOException {
    Path dir = Path.of("src/test/resources/valid");
    return yamlFiles(dir).stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      for (JsonNode doc : documents(file)) {
                        assertThat(validator.validate(doc)).isEmpty();
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> everyInvalidManifestIsRejectedNamingItsField() throws IOException {
    Path dir = Path.of("src/test/resources/invalid");
    List<Path> files = yamlFiles(dir);
    assertThat(files).hasSizeGreaterThanOrEqualTo(20);
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      String expected = expectation(file);
                      List<Violation> violations = new ArrayList<>();
                      for (JsonNode doc : documents(file)) {
                        violations.addAll(validator.validate(doc));
                      }
                      assertThat(violations)
                          .as("%s must be rejected", file.getFileName())
                          .isNotEmpty();
                      assertThat(violations.stream().map(Violation::toString).toList())
                          .as("%s: a violation must say '%s'", file.getFileName(), expected)
                          .anySatisfy(v -> assertThat(v).contains(expected));
                    }));
  }

  private static String expectation(Path file) throws IOException {
    String first = Files.readAllLines(file).get(0);
    assertThat(first)
        .as("%s starts with '# expect: <field>: <message>'", file)
        .startsWith("# expect: ");
    return first.substring("# expect: ".length()).trim();
  }

  @Test
  void celRulesAreEvaluatedNotJustParsed() throws IOException {
    JsonNode template = documents(Path.of("src/test/resources/valid/minimal-template.yaml")).get(0);
    ((com.fasterxml.jackson.databind.node.ObjectNode) template.path("spec"))
        .putObject("drift")
        .put("psiWarn", 0.1)
        .put("psiAlert", 0.25);
    assertThat(validator.validate(template)).isEmpty();
    ((com.fasterxml.jackson.databind.node.ObjectNode) template.path("spec").path("drift"))
        .put("psiWarn", 0.5);
    assertThat(validator.validate(template))
        .extracting(Violation::path)
        .containsExactly("spec.drift");
  }

  @Test
  void defaultsAreAppliedBeforeRulesLikeTheApiServer() throws IOException {
    JsonNode plant =
        documents(CommittedCrdsTest.ROOT.resolve("examples/plants/joliet/plant.yaml")).get(0);
    JsonNode defaulted = validator.withDefaults(plant);
    assertThat(defaulted.at("/spec/opcua/allowInsecure").asBoolean(true)).isFalse();
    assertThat(defaulted.at("/spec/connector/writesEnabled").asBoolean(false)).isTrue();
    assertThat(defaulted.at("/spec/connector/bufferMaxMiB").asInt()).isEqualTo(512);
    assertThat(plant.at("/spec/opcua/allowInsecure").isMissingNode())
        .as("the input is not modified")
        .isTrue();
  }

  @Test
  void yamlStreamsValidateEachDocument() throws IOException {
    String two =
        Files.readString(Path.of("src/test/resources/valid/minimal-template.yaml"))
            + "\n---\n"
            + Files.readString(Path.of("src/test/resources/invalid/tm-zero-scale.yaml"));
    Map<String, List<Violation>> result = validator.validateYaml(two);
    assertThat(result.get("UseCaseTemplate/minimal")).isEmpty();
    assertThat(result.get("TagMapping/bad")).isNotEmpty();
  }
}
