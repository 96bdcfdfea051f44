package io.plantops.operator.admission;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import java.util.List;
import java.util.Optional;

/**
 * The other objects a write is checked against (a TagMapping against its Plant and the templates, a
 * SiteDeployment against its template). On a cluster it reads through the client with list calls,
 * the verbs the operator already holds ({@link #of(KubernetesClient)}).
 */
public interface ClusterReader {

  /** Every UseCaseTemplate. */
  List<UseCaseTemplate> templates();

  /** Every Plant of {@code namespace}. */
  List<Plant> plants(String namespace);

  /** Every TagMapping of {@code namespace}. */
  List<TagMapping> tagMappings(String namespace);

  /** The UseCaseTemplate named {@code name}. */
  default Optional<UseCaseTemplate> template(String name) {
    return templates().stream().filter(t -> t.getMetadata().getName().equals(name)).findFirst();
  }

  /** The Plant {@code name} of {@code namespace}. */
  default Optional<Plant> plant(String namespace, String name) {
    return plants(namespace).stream()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst();
  }

  /** A reader over the API server. */
  static ClusterReader of(KubernetesClient client) {
    return new ClusterReader() {
      @Override
      public List<UseCaseTemplate> templates() {
        return client.resources(UseCaseTemplate.class).list().getItems();
      }

      @Override
      public List<Plant> plants(String namespace) {
        return client.resources(Plant.class).inNamespace(namespace).list().getItems();
      }

      @Override
      public List<TagMapping> tagMappings(String namespace) {
        return client.resources(TagMapping.class).inNamespace(namespace).list().getItems();
      }
    };
  }

  /** A reader over fixed lists (tests, and the sandbox). */
  static ClusterReader of(
      List<UseCaseTemplate> templates, List<Plant> plants, List<TagMapping> mappings) {
    return new ClusterReader() {
      @Override
      public List<UseCaseTemplate> templates() {
        return templates;
      }

      @Override
      public List<Plant> plants(String namespace) {
        return plants.stream()
            .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
            .toList();
      }

      @Override
      public List<TagMapping> tagMappings(String namespace) {
        return mappings.stream()
            .filter(m -> namespace.equals(m.getMetadata().getNamespace()))
            .toList();
      }
    };
  }
}
