package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An approval to move a model version's rollout on from a ring to the next one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RingApproval(
    @JsonPropertyDescription("The model version rolled out.")
        @Required
        @Pattern(Patterns.SEMVER)
        @Size(max = 64)
        String version,
    @JsonPropertyDescription("The ring the rollout may move on from.") @Required @Min(0) @Max(9)
        Integer ring,
    @JsonPropertyDescription("Who approved (user name or e-mail).")
        @Required
        @Size(min = 1, max = 256)
        String approvedBy,
    @JsonPropertyDescription(
            "Role in which they approved, as the ring's requiredApprovals name it.")
        @Required
        @Pattern(Patterns.ROLE)
        @Size(max = 63)
        String role,
    @JsonPropertyDescription("When they approved (RFC 3339); a time in the future does not count.")
        @Required
        @Pattern(Patterns.RFC3339)
        String at) {}
