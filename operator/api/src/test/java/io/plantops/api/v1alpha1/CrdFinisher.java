package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the CRDs that Fabric8's generator writes into the files committed under {@code crds/}.
 *
 * <p>Two things the generator does not do are taken from the same Java classes: the kind's own
 * description (from {@link JsonClassDescription}, shown by {@code kubectl explain <kind>}) and the
 * printer columns in the order they are declared (the generator sorts them by JSONPath, which would
 * put Age first in {@code kubectl get}).
 */
final class CrdFinisher {

  /** The four kinds, in the order the CRD files are listed. */
  static final List<Class<?>> KINDS =
      List.of(UseCaseTemplate.class, Plant.class, TagMapping.class, SiteDeployment.class);

  private static final String HEADER =
      "# Generated from the classes in operator/api by Fabric8's CRD generator; do not edit.\n"
          + "# Regenerate with: ./mvnw -pl operator/api -am verify -Dplantops.regenerate=true\n";

  private CrdFinisher() {}

  static String plural(Class<?> kind) {
    return kind.getSimpleName().toLowerCase() + "s";
  }

  static String fileName(Class<?> kind) {
    return plural(kind) + "." + ApiGroup.GROUP + ".yaml";
  }

  /** Reads the generator's output for {@code kind} and returns the finished YAML. */
  static String finish(Path generatedDir, Class<?> kind) throws IOException {
    Path generated = generatedDir.resolve(plural(kind) + "." + ApiGroup.GROUP + "-v1.yml");
    CustomResourceDefinition crd;
    try (InputStream in = Files.newInputStream(generated)) {
      crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
    JsonClassDescription description = kind.getAnnotation(JsonClassDescription.class);
    if (description == null) {
      throw new IllegalStateException(kind.getName() + " needs a @JsonClassDescription");
    }
    List<String> declaredOrder =
        Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      version.getSchema().getOpenAPIV3Schema().setDescription(description.value());
      List<CustomResourceColumnDefinition> columns =
          new ArrayList<>(version.getAdditionalPrinterColumns());
      columns.sort(Comparator.comparingInt(c -> declaredOrder.indexOf(c.getName())));
      version.setAdditionalPrinterColumns(columns);
    }
    return HEADER + Serialization.asYaml(crd).replaceFirst("^---\n", "");
  }

  /** Entry point for tools: writes every finished CRD into {@code target}. */
  static void writeAll(Path generatedDir, Path target) throws IOException {
    Files.createDirectories(target);
    for (Class<?> kind : KINDS) {
      Files.writeString(
          target.resolve(fileName(kind)), finish(generatedDir, kind), StandardCharsets.UTF_8);
    }
  }
}
