package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Whether one approval in the spec counts for the pending promotion, and if not, why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalStatus(
    @JsonPropertyDescription("Who approved.") String approvedBy,
    @JsonPropertyDescription("Role they approved in.") String role,
    @JsonPropertyDescription("Stage approved, if any.") Stage stage,
    @JsonPropertyDescription("Version approved, if any.") String version,
    @JsonPropertyDescription("When it was given (RFC 3339).") String at,
    @JsonPropertyDescription("Whether it counts for the pending promotion.") Boolean counted,
    @JsonPropertyDescription(
            "Why it does or does not count: Valid, StaleVersion, Expired, BeforeRollback,"
                + " RoleNotRequired, OtherStage, InFuture.")
        ApprovalReason reason,
    @JsonPropertyDescription("The same for people, naming what to change when it does not count.")
        String message) {}
