package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Desired state of a {@link TagMapping}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.mappings.all(m, self.mappings.exists_one(n, n.signal == m.signal))",
    message = "each canonical signal may be mapped only once")
public record TagMappingSpec(
    @JsonPropertyDescription("Name of the Plant, in the same namespace, whose tags these are.")
        @Required
        @Pattern(Patterns.OBJECT_NAME)
        @Size(max = 253)
        String plantRef,
    @JsonPropertyDescription("What the mapping covers (line, unit, DCS).") @Size(max = 512)
        String description,
    @JsonPropertyDescription("Plant tag to canonical signal mappings.")
        @Required
        @Size(min = 1, max = 500)
        List<TagMappingEntry> mappings,
    @JsonPropertyDescription(
            "Guidance tags: where the HMI shows the advice of a use-case output (value, optional"
                + " reasons text, optional heartbeat). Written in Advisory and ClosedLoop only, never"
                + " read as signals; their NodeIds may not be mapped in mappings.")
        @Size(max = 100)
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<GuidanceMapping> guidance) {

  /** Compact constructor: no guidance reads as an empty list. */
  public TagMappingSpec {
    guidance = guidance == null ? List.of() : List.copyOf(guidance);
  }

  /** A TagMapping without guidance tags. */
  public TagMappingSpec(String plantRef, String description, List<TagMappingEntry> mappings) {
    this(plantRef, description, mappings, List.of());
  }
}
