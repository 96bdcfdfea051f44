package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What it takes to enter one autonomy stage: gates over facts and approvals by roles. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.stage != 'Shadow'",
    message = "Shadow is where every deployment starts; give policies for Advisory or ClosedLoop")
public record StagePolicy(
    @JsonPropertyDescription("The stage this policy guards: Advisory or ClosedLoop.") @Required
        Stage stage,
    @JsonPropertyDescription("Gates measured in the stage below that must pass before entering.")
        Gates gates,
    @JsonPropertyDescription(
            "Roles that must each have approved this stage in the SiteDeployment's"
                + " spec.approvals, e.g. [plant-process-engineer] or [plant-manager,"
                + " corporate-ai-lead].")
        @Size(max = 16)
        List<@Pattern(Patterns.ROLE) String> requiredApprovals) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public StagePolicy {
    gates = gates == null ? new Gates(null, null, null, null, null, null, null) : gates;
    requiredApprovals = requiredApprovals == null ? List.of() : List.copyOf(requiredApprovals);
  }
}
