package io.plantops.sandbox;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.TemplateRef;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The plantops resources of the sandbox, read and edited as typed values. */
final class Resources {

  private final KubernetesClient client;

  Resources(KubernetesClient client) {
    this.client = client;
  }

  Plant plant(String namespace, String name) {
    return client.resources(Plant.class).inNamespace(namespace).withName(name).get();
  }

  SiteDeployment siteDeployment(String namespace, String name) {
    return client.resources(SiteDeployment.class).inNamespace(namespace).withName(name).get();
  }

  UseCaseTemplate template(String name) {
    return client.resources(UseCaseTemplate.class).withName(name).get();
  }

  /** The template a SiteDeployment deploys. */
  UseCaseTemplate templateOf(SiteDeployment sd) {
    return template(sd.getSpec().templateRef().name());
  }

  /**
   * The SiteDeployment of an example file under another name, asking for Shadow and without
   * approvals: a deployment a scenario owns.
   */
  static SiteDeployment copyInShadow(Path example, String name) throws IOException {
    SiteDeployment sd = Serialization.unmarshal(Files.readString(example), SiteDeployment.class);
    SiteDeploymentSpec spec = sd.getSpec();
    sd.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(sd.getMetadata().getNamespace())
            .build());
    sd.setSpec(
        new SiteDeploymentSpec(
            spec.plantRef(),
            spec.templateRef(),
            spec.versionPolicy(),
            spec.tagMappingRef(),
            Stage.Shadow,
            spec.calibration(),
            List.of()));
    return sd;
  }

  SiteDeployment create(SiteDeployment sd) {
    return client.resource(sd).create();
  }

  void delete(SiteDeployment sd) {
    client.resource(sd).delete();
  }

  /**
   * Edits a SiteDeployment's spec as {@code kubectl edit} or GitOps would: the whole edited spec
   * sent as a JSON merge patch, so that the status the operator writes meanwhile is untouched.
   */
  void editSpec(String namespace, String name, UnaryOperator<SiteDeploymentSpec> edit) {
    SiteDeploymentSpec spec = edit.apply(siteDeployment(namespace, name).getSpec());
    client
        .resources(SiteDeployment.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("spec", spec)));
  }

  /** {@code spec} asking for {@code stage}. */
  static SiteDeploymentSpec withStage(SiteDeploymentSpec spec, Stage stage) {
    return new SiteDeploymentSpec(
        spec.plantRef(),
        spec.templateRef(),
        spec.versionPolicy(),
        spec.tagMappingRef(),
        stage,
        spec.calibration(),
        spec.approvals());
  }

  /** {@code spec} pinned to model {@code version}. */
  static SiteDeploymentSpec withVersion(SiteDeploymentSpec spec, String version) {
    return new SiteDeploymentSpec(
        spec.plantRef(),
        new TemplateRef(spec.templateRef().name(), version),
        spec.versionPolicy(),
        spec.tagMappingRef(),
        spec.stage(),
        spec.calibration(),
        spec.approvals());
  }

  /** {@code spec} with {@code more} approvals after those it has. */
  static SiteDeploymentSpec withApprovals(SiteDeploymentSpec spec, List<Approval> more) {
    List<Approval> approvals = new ArrayList<>(spec.approvals());
    approvals.addAll(more);
    return new SiteDeploymentSpec(
        spec.plantRef(),
        spec.templateRef(),
        spec.versionPolicy(),
        spec.tagMappingRef(),
        spec.stage(),
        spec.calibration(),
        approvals);
  }
}
