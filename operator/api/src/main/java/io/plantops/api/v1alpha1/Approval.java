package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A declarative approval: who, in which role, approved a stage or a model version, and when. In a
 * GitOps flow the commit that adds it is the record.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.stage) || has(self.version)",
    message = "an approval is for a stage, a model version, or both: give stage or version")
public record Approval(
    @JsonPropertyDescription("The autonomy stage approved (Advisory or ClosedLoop).") Stage stage,
    @JsonPropertyDescription(
            "The model version approved. With a stage, the approval holds for that stage of that"
                + " version only.")
        @Pattern(Patterns.SEMVER)
        @Size(max = 64)
        String version,
    @JsonPropertyDescription("Who approved (user name or e-mail).")
        @Required
        @Size(min = 1, max = 256)
        String approvedBy,
    @JsonPropertyDescription(
            "Role in which they approved, as named in the template's promotion policy.")
        @Required
        @Pattern(Patterns.ROLE)
        @Size(max = 63)
        String role,
    @JsonPropertyDescription("When they approved (RFC 3339).") @Required @Pattern(Patterns.RFC3339)
        String at,
    @JsonPropertyDescription("Why, or a link to the change record.") @Size(max = 1024)
        String comment) {}
