package io.plantops.operator.model;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMapping;
import java.util.List;

/**
 * Informer cache indexes over the relationships that are references in a spec (a SiteDeployment
 * names its plant, template and TagMapping), so that a change to the referenced object finds the
 * referencing ones without a scan.
 */
public final class Indexes {

  /** SiteDeployments (or TagMappings) by {@code <namespace>/<plantRef>}. */
  public static final String BY_PLANT = "byPlant";

  /** SiteDeployments by template name (templates are cluster scoped). */
  public static final String BY_TEMPLATE = "byTemplate";

  /** SiteDeployments by {@code <namespace>/<tagMappingRef>}. */
  public static final String BY_TAG_MAPPING = "byTagMapping";

  private Indexes() {}

  /** Index key of a plant. */
  public static String plantKey(String namespace, String plant) {
    return namespace + "/" + plant;
  }

  /** Index key of a plant identified by its ResourceID. */
  public static String plantKey(ResourceID plant) {
    return plantKey(plant.getNamespace().orElse(""), plant.getName());
  }

  /** The plant a SiteDeployment runs at. */
  public static List<String> plantOf(SiteDeployment sd) {
    return sd.getSpec() == null || sd.getSpec().plantRef() == null
        ? List.of()
        : List.of(plantKey(sd.getMetadata().getNamespace(), sd.getSpec().plantRef()));
  }

  /** The plant a TagMapping maps tags of. */
  public static List<String> plantOf(TagMapping tm) {
    return tm.getSpec() == null || tm.getSpec().plantRef() == null
        ? List.of()
        : List.of(plantKey(tm.getMetadata().getNamespace(), tm.getSpec().plantRef()));
  }

  /** The template a SiteDeployment deploys. */
  public static List<String> templateOf(SiteDeployment sd) {
    return sd.getSpec() == null || sd.getSpec().templateRef() == null
        ? List.of()
        : List.of(sd.getSpec().templateRef().name());
  }

  /** The TagMapping a SiteDeployment reads through. */
  public static List<String> tagMappingOf(SiteDeployment sd) {
    return sd.getSpec() == null || sd.getSpec().tagMappingRef() == null
        ? List.of()
        : List.of(plantKey(sd.getMetadata().getNamespace(), sd.getSpec().tagMappingRef()));
  }
}
