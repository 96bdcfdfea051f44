package io.plantops.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.PromotionPolicy;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.operator.model.Names;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Copies of the example plants in fresh namespaces, so that tests do not share state. */
public final class Fixtures {

  private Fixtures() {}

  /** Creates the two example templates (cluster scoped), once per cluster. */
  public static void templates(KubernetesClient client) {
    for (String f :
        List.of("kiln-energy-optimization.yaml", "clinker-free-lime-soft-sensor.yaml")) {
      UseCaseTemplate t = (UseCaseTemplate) Examples.read(Examples.DIR.resolve("templates/" + f));
      client.resource(t).create();
    }
  }

  /**
   * Creates the two example templates with a promotion policy that has no gates and no required
   * approvals (same maxAutonomy and rollback rules), for tests about something else than promotion:
   * a verified site then climbs one stage per decision up to its spec.stage.
   */
  public static void ungatedTemplates(KubernetesClient client) {
    for (String f :
        List.of("kiln-energy-optimization.yaml", "clinker-free-lime-soft-sensor.yaml")) {
      UseCaseTemplate t = (UseCaseTemplate) Examples.read(Examples.DIR.resolve("templates/" + f));
      UseCaseTemplateSpec s = t.getSpec();
      PromotionPolicy p = s.promotion();
      t.setSpec(
          new UseCaseTemplateSpec(
              s.displayName(),
              s.description(),
              s.owner(),
              s.cadenceSeconds(),
              s.inputs(),
              s.observedSignals(),
              s.outputs(),
              s.models(),
              s.kpis(),
              s.drift(),
              new PromotionPolicy(
                  p.maxAutonomy(),
                  List.of(),
                  null,
                  p.rollback(),
                  p.approvalMaxAgeDays(),
                  p.maxSkippedCycles()),
              s.retraining()));
      client.resource(t).create();
    }
  }

  /**
   * Changes the spec of TagMapping {@code name} the way {@code kubectl edit} does: on the version
   * the API server holds now, sent as a patch of what changed. An update of a copy read earlier
   * would carry that copy's resourceVersion and fail with 409 Conflict whenever the operator wrote
   * the status in between (SpecEditRaceTest).
   */
  public static void editTagMapping(
      KubernetesClient client, String ns, String name, UnaryOperator<TagMappingSpec> change) {
    client
        .resources(TagMapping.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            tm -> {
              tm.setSpec(change.apply(tm.getSpec()));
              return tm;
            });
  }

  /**
   * Creates namespace {@code ns} with a copy of the Lyon example: Plant lyon, TagMapping
   * lyon-kiln1, SiteDeployments kiln1-energy and kiln1-free-lime.
   */
  public static void lyon(KubernetesClient client, String ns) {
    plant(client, ns, "lyon");
  }

  /** Creates namespace {@code ns} with a copy of the example plant {@code plant}. */
  public static void plant(KubernetesClient client, String ns, String plant) {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    Path dir = Examples.DIR.resolve("plants/" + plant);
    List<HasMetadata> objects = new ArrayList<>();
    for (String f : files(plant)) {
      HasMetadata o = Examples.read(dir.resolve(f));
      if (o instanceof Namespace) {
        continue;
      }
      o.getMetadata().setNamespace(ns);
      objects.add(o);
    }
    objects.forEach(o -> client.resource(o).create());
  }

  /** Marks a plant's two Deployments ready, as the Deployment controller would. */
  public static void workloadsReady(KubernetesClient client, String ns, String plant) {
    for (String name : List.of(Names.inferenceServer(plant), Names.connector(plant))) {
      Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
      d.setStatus(
          new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
              .withReplicas(1)
              .withReadyReplicas(1)
              .withAvailableReplicas(1)
              .withObservedGeneration(d.getMetadata().getGeneration())
              .build());
      client.resource(d).updateStatus();
    }
  }

  private static List<String> files(String plant) {
    return plant.equals("lyon")
        ? List.of("plant.yaml", "tagmapping.yaml", "kiln1-energy.yaml", "kiln1-free-lime.yaml")
        : List.of("plant.yaml", "tagmapping.yaml", "kiln-energy.yaml", "free-lime.yaml");
  }
}
