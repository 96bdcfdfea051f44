package io.plantops.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs under {@code crds/} are generated from the Java classes; this test fails the build when
 * they are stale. Regenerate them with {@code ./mvnw -pl operator/api -am verify
 * -Dplantops.regenerate=true}.
 */
class CommittedCrdsTest {

  static final Path ROOT = Path.of(System.getProperty("plantops.root", "../..")).normalize();
  static final Path CRDS = ROOT.resolve("crds");
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");

  @Test
  void committedCrdsMatchTheJavaClasses() throws IOException {
    if (Boolean.getBoolean("plantops.regenerate")) {
      CrdFinisher.writeAll(GENERATED, CRDS);
    }
    for (Class<?> kind : CrdFinisher.KINDS) {
      Path committed = CRDS.resolve(CrdFinisher.fileName(kind));
      assertThat(committed)
          .as(
              "crds/%s is missing; generate it with ./mvnw -pl operator/api -am verify"
                  + " -Dplantops.regenerate=true",
              CrdFinisher.fileName(kind))
          .exists();
      assertThat(Files.readString(committed, StandardCharsets.UTF_8))
          .as(
              "crds/%s differs from the CRD generated from %s. Regenerate with ./mvnw -pl"
                  + " operator/api verify -Dplantops.regenerate=true and commit the result.",
              CrdFinisher.fileName(kind), kind.getSimpleName())
          .isEqualTo(CrdFinisher.finish(GENERATED, kind));
    }
  }

  @Test
  void noCrdFileWithoutAKind() throws IOException {
    try (Stream<Path> files = Files.list(CRDS)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("every file in crds/ must come from a class in operator/api")
          .containsExactlyInAnyOrderElementsOf(
              CrdFinisher.KINDS.stream().map(CrdFinisher::fileName).toList());
    }
  }

  @Test
  void printerColumnsKeepDeclaredOrderAndKindsHaveDescriptions() throws IOException {
    String crd = CrdFinisher.finish(GENERATED, SiteDeployment.class);
    assertThat(crd.indexOf("name: \"Plant\"")).isLessThan(crd.indexOf("name: \"Age\""));
    assertThat(crd).contains("A UseCaseTemplate deployed at one plant");
  }
}
