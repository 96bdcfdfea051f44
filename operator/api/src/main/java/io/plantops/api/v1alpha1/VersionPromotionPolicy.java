package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What it takes for a new model version, scored in shadow beside the active one, to replace it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionPromotionPolicy(
    @JsonPropertyDescription("Gates the candidate must pass while in shadow.") Gates gates,
    @JsonPropertyDescription(
            "Roles that must each have approved the candidate version in spec.approvals.")
        @Size(max = 16)
        List<@Pattern(Patterns.ROLE) String> requiredApprovals) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public VersionPromotionPolicy {
    gates = gates == null ? new Gates(null, null, null, null, null, null, null) : gates;
    requiredApprovals = requiredApprovals == null ? List.of() : List.copyOf(requiredApprovals);
  }
}
