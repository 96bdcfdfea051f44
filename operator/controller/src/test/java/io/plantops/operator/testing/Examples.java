package io.plantops.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reads the manifests under {@code examples/} as the typed resources the operator watches. */
public final class Examples {

  public static final Path DIR = MockCluster.ROOT.resolve("examples");

  private Examples() {}

  /** Every example object, namespaces first, then templates, plants, mappings, deployments. */
  public static List<HasMetadata> all() {
    List<HasMetadata> objects = new ArrayList<>();
    try (Stream<Path> files = Files.walk(DIR)) {
      // examples/gitops holds kustomize bases and patches (fragments), checked after rendering by
      // the helm module's GitOpsOverlaysTest; examples/substitutes holds variants applied over a
      // plant's example (same names), checked by SubstitutedInputRenderTest
      for (Path f :
          files
              .filter(p -> p.toString().endsWith(".yaml"))
              .filter(p -> !DIR.relativize(p).startsWith("gitops"))
              .filter(p -> !DIR.relativize(p).startsWith("substitutes"))
              .sorted()
              .toList()) {
        objects.add(read(f));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DIR, e);
    }
    objects.sort(Comparator.comparingInt(Examples::order));
    return objects;
  }

  /** How many example objects of {@code kind} {@link #all()} holds. */
  public static long count(Class<? extends HasMetadata> kind) {
    return all().stream().filter(kind::isInstance).count();
  }

  /** One example file as its typed resource. */
  public static HasMetadata read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      Class<? extends HasMetadata> type = typeOf(text, file);
      return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(text, type);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  /** Creates every example with {@code client}. */
  public static void apply(KubernetesClient client) {
    for (HasMetadata o : all()) {
      client.resource(o).create();
    }
  }

  private static Class<? extends HasMetadata> typeOf(String text, Path file) {
    for (var kind :
        List.of(
            Namespace.class,
            UseCaseTemplate.class,
            Plant.class,
            TagMapping.class,
            SiteDeployment.class)) {
      if (text.contains("\nkind: " + kind.getSimpleName() + "\n")) {
        return kind;
      }
    }
    throw new IllegalStateException(file + " has no kind this test knows");
  }

  private static int order(HasMetadata o) {
    return switch (o.getKind()) {
      case "Namespace" -> 0;
      case "UseCaseTemplate" -> 1;
      case "Plant" -> 2;
      case "TagMapping" -> 3;
      default -> 4;
    };
  }
}
