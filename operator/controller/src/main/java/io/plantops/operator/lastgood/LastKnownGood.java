package io.plantops.operator.lastgood;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantStatus;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingStatus;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateStatus;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.template.TemplateValidity;
import io.plantops.operator.validation.TagMappingValidator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Last known good: the generation of a shared input the fleet runs. A UseCaseTemplate, a TagMapping
 * or a Plant whose stored generation is invalid (written while the admission webhook was down, or
 * before it existed) is run as its last valid generation, which its own reconciler keeps in its
 * status ({@code lastValidGeneration}, {@code lastValidSpec}), so that a bad edit never takes a
 * running site out of its stage or out of the resolved plant config, and an operator restarted
 * meanwhile finds it again in the cluster.
 *
 * <p>Every reader of a template or a TagMapping (the SiteDeployment and Plant reconcilers, the
 * TagMapping reconciler's canonical units) goes through here, so they all see the same generation.
 * The last valid generation is rebuilt as the resource was then: its spec, and {@code
 * metadata.generation} set back to that generation, so that validation caches keyed by generation
 * stay right. A resource that never had a valid generation is returned as it is (and its sites stay
 * Failed or Pending, as the checks say). A Plant is read through here by its own reconciler, which
 * renders the resolved config and the workloads from the generation it runs.
 */
public final class LastKnownGood {

  private final TemplateValidity validity;

  public LastKnownGood(TemplateValidity validity) {
    this.validity = validity;
  }

  /** The template's validity cache, shared with its readers. */
  public TemplateValidity validity() {
    return validity;
  }

  /** The template as the fleet runs it: {@code t} itself, or its last valid generation. */
  public UseCaseTemplate template(UseCaseTemplate t) {
    UseCaseTemplateStatus s = t.getStatus();
    if (s == null || s.lastValidSpec() == null || !older(s.lastValidGeneration(), t)) {
      return t;
    }
    if (validity.valid(t)) {
      return t;
    }
    UseCaseTemplate running = new UseCaseTemplate();
    running.setMetadata(atGeneration(t.getMetadata(), s.lastValidGeneration()));
    running.setSpec(s.lastValidSpec());
    running.setStatus(s);
    return running;
  }

  /**
   * The TagMapping as the fleet runs it: {@code tm} itself, or its last valid generation.
   *
   * @param canonicalUnits the canonical units to validate it against ({@link #canonicalUnits}),
   *     computed only when an older valid generation exists
   */
  public static TagMapping tagMapping(TagMapping tm, Supplier<Map<String, String>> canonicalUnits) {
    TagMappingStatus s = tm.getStatus();
    if (s == null || s.lastValidSpec() == null || !older(s.lastValidGeneration(), tm)) {
      return tm;
    }
    if (tm.getSpec() != null
        && TagMappingValidator.validate(tm.getSpec(), canonicalUnits.get()).valid()) {
      return tm;
    }
    TagMapping running = new TagMapping();
    running.setMetadata(atGeneration(tm.getMetadata(), s.lastValidGeneration()));
    running.setSpec(s.lastValidSpec());
    running.setStatus(s);
    return running;
  }

  /**
   * The Plant as its workloads run it: {@code p} itself, or its last valid generation when the
   * stored one has {@code problems} (PlantValidator: an unknown time zone, a session too weak for
   * the plant's ReadWrite mappings) and an older valid one is kept in its status.
   */
  public static Plant plant(Plant p, List<String> problems) {
    PlantStatus s = p.getStatus();
    if (problems.isEmpty()
        || s == null
        || s.lastValidSpec() == null
        || !older(s.lastValidGeneration(), p)) {
      return p;
    }
    Plant running = new Plant();
    running.setMetadata(atGeneration(p.getMetadata(), s.lastValidGeneration()));
    running.setSpec(s.lastValidSpec());
    running.setStatus(s);
    return running;
  }

  /**
   * Canonical unit per signal, as the templates the fleet runs declare it (inputs, observed
   * signals, outputs; the first template by name wins).
   */
  public Map<String, String> canonicalUnits(Stream<UseCaseTemplate> templates) {
    return TagMappingValidator.canonicalUnits(templates.map(this::template).toList());
  }

  /**
   * Whether a status says the stored generation of {@code r} is invalid: computed from that
   * generation, with Valid False (the {@code plantops_operator_invalid_generation} gauge).
   */
  public static boolean storedGenerationInvalid(
      HasMetadata r, Long observedGeneration, List<Condition> conditions) {
    return Objects.equals(observedGeneration, r.getMetadata().getGeneration())
        && Conditions.find(conditions, ConditionTypes.VALID)
            .filter(c -> c.status() == ConditionStatus.False)
            .isPresent();
  }

  private static boolean older(Long lastValid, HasMetadata r) {
    return lastValid != null && !Objects.equals(lastValid, r.getMetadata().getGeneration());
  }

  private static ObjectMeta atGeneration(ObjectMeta meta, long generation) {
    return new ObjectMetaBuilder(meta).withGeneration(generation).build();
  }
}
