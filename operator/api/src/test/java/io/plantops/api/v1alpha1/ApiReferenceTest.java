package io.plantops.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/api.md is generated from crds/, so the reference cannot drift from the schema. */
class ApiReferenceTest {

  private static final Path DOC = CommittedCrdsTest.ROOT.resolve("docs/api.md");

  @Test
  void committedApiReferenceMatchesTheCrds() throws Exception {
    String fresh = ApiReference.render(CommittedCrdsTest.CRDS);
    if (Boolean.getBoolean("plantops.regenerate")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, fresh, StandardCharsets.UTF_8);
    }
    assertThat(DOC).as("docs/api.md is missing").exists();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as(
            "docs/api.md differs from the CRDs; regenerate with ./mvnw -pl operator/api -am verify"
                + " -Dplantops.regenerate=true")
        .isEqualTo(fresh);
  }

  @Test
  void everyFieldOfEveryCrdHasADescription() throws Exception {
    var yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
    java.util.List<String> missing = new java.util.ArrayList<>();
    for (Class<?> kind : CrdFinisher.KINDS) {
      var schema =
          yaml.readTree(CommittedCrdsTest.CRDS.resolve(CrdFinisher.fileName(kind)).toFile())
              .at("/spec/versions/0/schema/openAPIV3Schema");
      collectUndescribed(kind.getSimpleName(), schema, missing);
    }
    assertThat(missing).as("fields without a description").isEmpty();
  }

  private static void collectUndescribed(
      String path, com.fasterxml.jackson.databind.JsonNode schema, java.util.List<String> out) {
    schema
        .path("properties")
        .properties()
        .forEach(
            e -> {
              String field = path + "." + e.getKey();
              boolean builtin =
                  path.indexOf('.') < 0
                      && !e.getKey().equals("spec")
                      && !e.getKey().equals("status");
              if (!builtin && e.getValue().path("description").asText().isBlank()) {
                out.add(field);
              }
              collectUndescribed(field, e.getValue(), out);
              collectUndescribed(field + "[]", e.getValue().path("items"), out);
              collectUndescribed(field + ".<name>", e.getValue().path("additionalProperties"), out);
            });
  }

  @Test
  void everySpecFieldOfEveryKindIsDocumentedWithADescription() throws Exception {
    String doc = ApiReference.render(CommittedCrdsTest.CRDS);
    assertThat(doc)
        .contains("| `spec.opcua.clientCertificateSecretRef.name` | string | yes |")
        .contains("`spec.mappings[].nodeId`")
        .contains("`spec.calibration.limits.<name>.min`")
        .doesNotContain("|  |\n");
  }
}
