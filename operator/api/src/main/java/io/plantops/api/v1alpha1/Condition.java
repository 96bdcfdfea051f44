package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A status condition in the standard Kubernetes shape (API conventions, "Typical status
 * properties"), so that kubectl wait, Argo CD and Flux understand it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
    @JsonPropertyDescription(
            "Type of condition in CamelCase: Ready, InputsCovered, ModelVerified, Connected,"
                + " Promoting, Degraded, Valid or CalibrationValid.")
        @Required
        @Pattern("^[A-Z][A-Za-z0-9]*$")
        @Size(max = 316)
        String type,
    @JsonPropertyDescription("Status of the condition: True, False or Unknown.") @Required
        ConditionStatus status,
    @JsonPropertyDescription(
            "Machine-readable reason for the last transition, in CamelCase (e.g. Reconciled,"
                + " SignalsMissing, DigestMismatch).")
        @Required
        @Pattern("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
        @Size(max = 1024)
        String reason,
    @JsonPropertyDescription(
            "Human-readable explanation: names the resource, the field and the fix when something"
                + " is wrong.")
        @Size(max = 32768)
        String message,
    @JsonPropertyDescription(
            "Last time the status changed from one value to another (RFC 3339). Does not move"
                + " while the status stays the same.")
        @Required
        @Pattern(Patterns.RFC3339)
        String lastTransitionTime,
    @JsonPropertyDescription(
            "metadata.generation of the resource that this condition was computed from.")
        @Min(0)
        Long observedGeneration) {}
