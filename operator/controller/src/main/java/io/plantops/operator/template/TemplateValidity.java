package io.plantops.operator.template;

import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.operator.validation.TemplateValidator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Template validation results, shared by the reconcilers and computed once per template generation:
 * compiling CEL for each of thousands of SiteDeployments would cost seconds, and a spec that did
 * not change cannot become valid or invalid. Two generations are kept per template: while a stored
 * generation is invalid, the fleet runs the last valid one ({@link
 * io.plantops.operator.lastgood.LastKnownGood}) and both are asked about.
 */
public final class TemplateValidity {

  private record Entry(Long generation, List<String> problems) {}

  /** The latest two generations validated, per template. */
  private record Entries(Entry latest, Entry before) {
    Entry find(Long generation) {
      if (latest != null && generation.equals(latest.generation())) {
        return latest;
      }
      return before != null && generation.equals(before.generation()) ? before : null;
    }

    Entries with(Entry e) {
      return new Entries(e, latest);
    }
  }

  private final Map<String, Entries> byUid = new ConcurrentHashMap<>();

  /** The problems of {@code template}; empty when it is valid. */
  public List<String> problems(UseCaseTemplate template) {
    if (template.getSpec() == null) {
      return List.of("spec is missing");
    }
    String key =
        Objects.requireNonNullElse(
            template.getMetadata().getUid(), template.getMetadata().getName());
    Long generation = template.getMetadata().getGeneration();
    Entries cached = byUid.get(key);
    Entry hit = cached == null || generation == null ? null : cached.find(generation);
    if (hit != null) {
      return hit.problems();
    }
    List<String> problems = List.copyOf(TemplateValidator.validate(template.getSpec()));
    if (generation != null) {
      Entry entry = new Entry(generation, problems);
      byUid.merge(key, new Entries(entry, null), (old, fresh) -> old.with(entry));
    }
    return problems;
  }

  /** True when {@code template} is valid. */
  public boolean valid(UseCaseTemplate template) {
    return problems(template).isEmpty();
  }

  /** Forgets a deleted template. */
  public void forget(UseCaseTemplate template) {
    if (template.getMetadata().getUid() != null) {
      byUid.remove(template.getMetadata().getUid());
    }
  }
}
