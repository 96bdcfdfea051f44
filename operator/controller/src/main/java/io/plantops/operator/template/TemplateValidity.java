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
 * not change cannot become valid or invalid.
 */
public final class TemplateValidity {

  private record Entry(Long generation, List<String> problems) {}

  private final Map<String, Entry> byUid = new ConcurrentHashMap<>();

  /** The problems of {@code template}; empty when it is valid. */
  public List<String> problems(UseCaseTemplate template) {
    if (template.getSpec() == null) {
      return List.of("spec is missing");
    }
    String key =
        Objects.requireNonNullElse(
            template.getMetadata().getUid(), template.getMetadata().getName());
    Long generation = template.getMetadata().getGeneration();
    Entry cached = byUid.get(key);
    if (cached != null && generation != null && generation.equals(cached.generation())) {
      return cached.problems();
    }
    List<String> problems = List.copyOf(TemplateValidator.validate(template.getSpec()));
    if (generation != null) {
      byUid.put(key, new Entry(generation, problems));
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
