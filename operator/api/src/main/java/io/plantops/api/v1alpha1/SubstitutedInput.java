package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An input a SiteDeployment reads from a declared substitute instead of a plant tag. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubstitutedInput(
    @JsonPropertyDescription("Canonical signal substituted.") String signal,
    @JsonPropertyDescription("The constant, in unit, when it is a constant.") Double constant,
    @JsonPropertyDescription("The CEL expression, when it is one.") String expression,
    @JsonPropertyDescription("Unit of the constant or of the expression's result.") String unit) {}
