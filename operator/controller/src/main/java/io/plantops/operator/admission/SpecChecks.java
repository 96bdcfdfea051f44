package io.plantops.operator.admission;

import io.plantops.api.v1alpha1.Access;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.contract.opcua.SessionSecurity;
import io.plantops.operator.render.PlantConfigRenderer;
import io.plantops.operator.validation.CalibrationCheck;
import io.plantops.operator.validation.PlantValidator;
import io.plantops.operator.validation.TagMappingValidator;
import io.plantops.operator.validation.TemplateValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What the operator would refuse in a plantops resource, checked at admission with the operator's
 * own validators ({@link TemplateValidator}, {@link TagMappingValidator}, {@link PlantValidator},
 * {@link CalibrationCheck}, {@link SessionSecurity}); the other objects a check needs are read
 * through a {@link ClusterReader}. An object that refers to one that does not exist yet is not
 * refused for it (GitOps applies in any order); the operator reports it in status.
 */
public final class SpecChecks {

  private final ClusterReader reader;

  public SpecChecks(ClusterReader reader) {
    this.reader = reader;
  }

  /** Every problem of a UseCaseTemplate. */
  public List<String> template(UseCaseTemplate t) {
    return t.getSpec() == null
        ? List.of("spec is required")
        : TemplateValidator.validate(t.getSpec());
  }

  /** Every problem of a TagMapping, against the templates' units and its Plant's session. */
  public List<String> tagMapping(TagMapping tm) {
    if (tm.getSpec() == null) {
      return List.of("spec is required");
    }
    List<String> p = new ArrayList<>();
    TagMappingValidator.validate(
            tm.getSpec(), TagMappingValidator.canonicalUnits(reader.templates()))
        .problems()
        .forEach(m -> p.add(m.field() + ": " + m.message()));
    String ns = tm.getMetadata().getNamespace();
    List<TagMappingEntry> entries =
        tm.getSpec().mappings() == null ? List.of() : tm.getSpec().mappings();
    int firstWrite = -1;
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).access() == Access.ReadWrite) {
        firstWrite = i;
      }
    }
    if (firstWrite >= 0) {
      String at = "spec.mappings[" + firstWrite + "].access";
      reader
          .plant(ns, tm.getSpec().plantRef())
          .filter(plant -> plant.getSpec() != null && plant.getSpec().opcua() != null)
          .ifPresent(
              plant -> {
                List<TagMapping> atPlant =
                    Stream.concat(
                            reader.tagMappings(ns).stream()
                                .filter(
                                    o ->
                                        !o.getMetadata()
                                            .getName()
                                            .equals(tm.getMetadata().getName()))
                                .filter(o -> o.getSpec() != null)
                                .filter(
                                    o ->
                                        Objects.equals(
                                            o.getSpec().plantRef(), tm.getSpec().plantRef())),
                            Stream.of(tm))
                        .toList();
                var settings =
                    PlantConfigRenderer.opcuaSettings(
                        plant.getSpec().opcua(), PlantConfigRenderer.readWriteSignals(atPlant));
                SessionSecurity.refusals(settings, List.of()).stream()
                    .filter(r -> r.kind() == SessionSecurity.Kind.WRITES_OVER_INSECURE_SESSION)
                    .forEach(
                        r ->
                            p.add(
                                at
                                    + " ReadWrite: Plant "
                                    + plant.getMetadata().getName()
                                    + " connects over an insecure session, so its connector would"
                                    + " refuse to connect: "
                                    + r.message()));
              });
    }
    return p;
  }

  /** Every problem of a Plant, with the TagMappings that name it. */
  public List<String> plant(Plant plant) {
    if (plant.getSpec() == null) {
      return List.of("spec is required");
    }
    String name = plant.getMetadata().getName();
    List<TagMapping> atPlant =
        reader.tagMappings(plant.getMetadata().getNamespace()).stream()
            .filter(tm -> tm.getSpec() != null && name.equals(tm.getSpec().plantRef()))
            .toList();
    return PlantValidator.validate(plant.getSpec(), atPlant);
  }

  /** Every problem of a SiteDeployment's calibration against its template. */
  public List<String> siteDeployment(SiteDeployment sd) {
    if (sd.getSpec() == null) {
      return List.of("spec is required");
    }
    if (sd.getSpec().templateRef() == null) {
      return List.of();
    }
    return reader
        .template(sd.getSpec().templateRef().name())
        .filter(t -> t.getSpec() != null)
        .map(t -> CalibrationCheck.check(sd.getSpec().calibration(), t.getSpec()))
        .orElse(List.of());
  }
}
