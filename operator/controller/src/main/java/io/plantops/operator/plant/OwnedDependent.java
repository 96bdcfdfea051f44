package io.plantops.operator.plant;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.contract.rules.Digests;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.model.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An object the operator owns for a Plant (owner reference, garbage collected with it), with a pure
 * {@link #build(PlantView)} of its desired state.
 *
 * <p>Matching: the desired object's hash is kept in the {@value #HASH_ANNOTATION} annotation, and
 * an object matches when that hash is unchanged and no field the operator sets was changed by
 * someone else. The hash catches what the add-only default matcher cannot (a removed volume or env
 * var); tolerating added fields keeps the API server's defaults from causing endless updates. Same
 * inputs, same hash: a resync writes nothing.
 *
 * @param <R> the Kubernetes kind
 */
public abstract class OwnedDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, Plant> {

  /** Annotation holding the hash of the desired state the object was last written from. */
  public static final String HASH_ANNOTATION = "plantops.io/desired-hash";

  private final OperatorMetrics metrics;

  protected OwnedDependent(
      Class<R> type, String name, Labels.Component component, OperatorMetrics metrics) {
    super(type, name);
    this.metrics = metrics;
    configureWith(
        new KubernetesDependentResourceConfigBuilder<R>()
            .withKubernetesDependentInformerConfig(
                InformerConfiguration.builder(type)
                    .withLabelSelector(Labels.selector(component))
                    .build())
            .build());
  }

  /** Name of the object for {@code plant}. */
  protected abstract String name(Plant plant);

  /** The desired object, without the hash annotation. */
  protected abstract R build(PlantView view);

  @Override
  protected R desired(Plant plant, Context<Plant> context) {
    R desired = build(PlantView.of(context));
    // controller: true marks the Plant as the managing owner (Kubernetes API conventions,
    // "Controller references"); without blockOwnerDeletion, which would need update on
    // plants/finalizers
    desired
        .getMetadata()
        .setOwnerReferences(
            new ArrayList<>(
                List.of(
                    new OwnerReferenceBuilder()
                        .withApiVersion(plant.getApiVersion())
                        .withKind(plant.getKind())
                        .withName(plant.getMetadata().getName())
                        .withUid(plant.getMetadata().getUid())
                        .withController(true)
                        .build())));
    Map<String, String> annotations = new LinkedHashMap<>();
    if (desired.getMetadata().getAnnotations() != null) {
      annotations.putAll(desired.getMetadata().getAnnotations());
    }
    annotations.remove(HASH_ANNOTATION);
    desired.getMetadata().setAnnotations(annotations);
    String hash =
        Digests.shortSha256Hex(
            context.getClient().getKubernetesSerialization().asJson(desired), 12);
    annotations.put(HASH_ANNOTATION, hash);
    return desired;
  }

  @Override
  protected ResourceID targetSecondaryResourceID(Plant plant, Context<Plant> context) {
    // the name is known without rendering the desired object
    return new ResourceID(name(plant), plant.getMetadata().getNamespace());
  }

  @Override
  public Matcher.Result<R> match(R actual, Plant plant, Context<Plant> context) {
    R desired = desired(plant, context);
    String wanted = desired.getMetadata().getAnnotations().get(HASH_ANNOTATION);
    Map<String, String> actualAnnotations = actual.getMetadata().getAnnotations();
    String current = actualAnnotations == null ? null : actualAnnotations.get(HASH_ANNOTATION);
    if (!wanted.equals(current)) {
      return Matcher.Result.computed(false, desired);
    }
    return GenericKubernetesResourceMatcher.match(desired, actual, false, false, context);
  }

  @Override
  public R create(R desired, Plant plant, Context<Plant> context) {
    R created = super.create(desired, plant, context);
    metrics.dependentWritten(desired.getKind(), "create");
    return created;
  }

  @Override
  public R update(R actual, R desired, Plant plant, Context<Plant> context) {
    R updated = super.update(actual, desired, plant, context);
    metrics.dependentWritten(desired.getKind(), "update");
    return updated;
  }
}
