package io.plantops.operator.plant;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.contract.DataPathToken;
import io.plantops.contract.MountPaths;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.model.Labels;
import io.plantops.operator.model.Names;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The objects the operator owns for each Plant, one dependent class per object. */
public final class Dependents {

  /** Annotation on the config ConfigMap: the full configVersion of the document inside. */
  public static final String CONFIG_VERSION_ANNOTATION = "plantops.io/config-version";

  private Dependents() {}

  /** The ConfigMap holding the resolved plant config ({@code plant-config.json}). */
  public static final class PlantConfigMap extends OwnedDependent<ConfigMap> {
    public PlantConfigMap(OperatorMetrics metrics) {
      super(ConfigMap.class, "plant-config", Labels.Component.PLANT_CONFIG, metrics);
    }

    @Override
    protected String name(Plant plant) {
      return Names.plantConfig(plant.getMetadata().getName());
    }

    @Override
    protected ConfigMap build(PlantView view) {
      Plant plant = view.plant();
      return new ConfigMapBuilder()
          .withNewMetadata()
          .withName(name(plant))
          .withNamespace(plant.getMetadata().getNamespace())
          .withLabels(Labels.of(Labels.Component.PLANT_CONFIG, plant.getMetadata().getName(), null))
          .withAnnotations(
              Map.of(CONFIG_VERSION_ANNOTATION, view.rendered().config().configVersion()))
          .endMetadata()
          .withData(Map.of(MountPaths.CONFIG_KEY, view.rendered().json()))
          .build();
    }
  }

  /** The Deployment of one workload. */
  public static final class WorkloadDeployment extends OwnedDependent<Deployment> {
    private final Workload workload;

    public WorkloadDeployment(Workload workload, OperatorMetrics metrics) {
      super(Deployment.class, workload.container() + "-deployment", workload.component(), metrics);
      this.workload = workload;
    }

    @Override
    protected String name(Plant plant) {
      return workload.name(plant.getMetadata().getName());
    }

    @Override
    protected Deployment build(PlantView view) {
      return DeploymentSpecs.deployment(workload, view);
    }
  }

  /** The ClusterIP Service of one workload. */
  public static final class WorkloadService extends OwnedDependent<Service> {
    private final Workload workload;

    public WorkloadService(Workload workload, OperatorMetrics metrics) {
      super(Service.class, workload.container() + "-service", workload.component(), metrics);
      this.workload = workload;
    }

    @Override
    protected String name(Plant plant) {
      return workload.name(plant.getMetadata().getName());
    }

    @Override
    protected Service build(PlantView view) {
      String plant = view.plant().getMetadata().getName();
      return new ServiceBuilder()
          .withNewMetadata()
          .withName(name(view.plant()))
          .withNamespace(view.plant().getMetadata().getNamespace())
          .withLabels(Labels.of(workload.component(), plant, null))
          .endMetadata()
          .withNewSpec()
          .withType("ClusterIP")
          .withSelector(Labels.selectorOf(workload.component(), plant))
          .addNewPort()
          .withName(Names.HTTP_PORT_NAME)
          .withPort(workload.port())
          .withTargetPort(new IntOrString(Names.HTTP_PORT_NAME))
          .withProtocol("TCP")
          .endPort()
          .endSpec()
          .build();
    }
  }

  /** The ServiceAccount of one workload: its own identity, with no token mounted. */
  public static final class WorkloadServiceAccount extends OwnedDependent<ServiceAccount> {
    private final Workload workload;

    public WorkloadServiceAccount(Workload workload, OperatorMetrics metrics) {
      super(
          ServiceAccount.class,
          workload.container() + "-serviceaccount",
          workload.component(),
          metrics);
      this.workload = workload;
    }

    @Override
    protected String name(Plant plant) {
      return workload.name(plant.getMetadata().getName());
    }

    @Override
    protected ServiceAccount build(PlantView view) {
      String plant = view.plant().getMetadata().getName();
      return new ServiceAccountBuilder()
          .withNewMetadata()
          .withName(name(view.plant()))
          .withNamespace(view.plant().getMetadata().getNamespace())
          .withLabels(Labels.of(workload.component(), plant, null))
          .endMetadata()
          .withAutomountServiceAccountToken(false)
          .build();
    }
  }

  /**
   * The plant's data-path Secret: a bearer token the connector sends and the inference server
   * requires ({@link DataPathToken}). Created once, when absent, with a fresh random token; never
   * updated, so rotation is replacing its {@code token} data (by a person or a tool) and the
   * operator leaves the new value alone. Owned by the Plant, so deleted with it.
   *
   * <p>Created with a plain create, not server-side apply: a Secret someone replaced without the
   * operator's labels is invisible to the label-selected informer, and an apply would take its
   * token back. The create then meets a conflict, and the Secret is left as it is.
   */
  public static final class DataPathSecret extends KubernetesDependentResource<Secret, Plant>
      implements Creator<Secret, Plant> {

    private static final Logger LOG = LoggerFactory.getLogger(DataPathSecret.class);

    private final OperatorMetrics metrics;

    public DataPathSecret(OperatorMetrics metrics) {
      super(Secret.class, "datapath-secret");
      this.metrics = metrics;
      configureWith(
          new KubernetesDependentResourceConfigBuilder<Secret>()
              .withKubernetesDependentInformerConfig(
                  InformerConfiguration.builder(Secret.class)
                      .withLabelSelector(Labels.selector(Labels.Component.DATAPATH_SECRET))
                      .build())
              .build());
    }

    @Override
    protected Secret desired(Plant plant, Context<Plant> context) {
      String name = plant.getMetadata().getName();
      return new SecretBuilder()
          .withNewMetadata()
          .withName(Names.dataPathSecret(name))
          .withNamespace(plant.getMetadata().getNamespace())
          .withLabels(Labels.of(Labels.Component.DATAPATH_SECRET, name, null))
          .withOwnerReferences(
              new OwnerReferenceBuilder()
                  .withApiVersion(plant.getApiVersion())
                  .withKind(plant.getKind())
                  .withName(name)
                  .withUid(plant.getMetadata().getUid())
                  .withController(true)
                  .build())
          .endMetadata()
          .withType("Opaque")
          .withStringData(Map.of(DataPathToken.SECRET_KEY, DataPathToken.generate() + "\n"))
          .build();
    }

    @Override
    protected ResourceID targetSecondaryResourceID(Plant plant, Context<Plant> context) {
      // the name is known without generating a token
      return new ResourceID(
          Names.dataPathSecret(plant.getMetadata().getName()), plant.getMetadata().getNamespace());
    }

    @Override
    public Secret create(Secret desired, Plant plant, Context<Plant> context) {
      try {
        Secret created = super.create(desired, plant, context);
        metrics.dependentWritten(desired.getKind(), "create");
        return created;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // there, but not as the informer sees the operator's Secrets: kept as it is
        LOG.warn(
            "Secret {}/{} exists without the operator's labels; it is used as it is (its token"
                + " is not touched). Give it the labels {} to silence this.",
            desired.getMetadata().getNamespace(),
            desired.getMetadata().getName(),
            Labels.selector(Labels.Component.DATAPATH_SECRET));
        return desired;
      }
    }
  }

  /** Dependents are created only when the Plant's name can name its Services. */
  public static final class NamesValid implements Condition<Object, Plant> {
    @Override
    public boolean isMet(
        DependentResource<Object, Plant> dependent, Plant plant, Context<Plant> context) {
      return PlantView.of(context).namesProblem().isEmpty();
    }
  }
}
