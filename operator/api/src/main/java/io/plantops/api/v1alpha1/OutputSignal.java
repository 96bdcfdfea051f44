package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One output of a use case's model: the canonical signal it targets, its hard limits and, for
 * setpoints, the rate limit and deadband that bound every write.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.kind != 'Setpoint' || (has(self.limits.min) && has(self.limits.max))",
    message = "a Setpoint output needs both limits.min and limits.max")
@ValidationRule(
    value = "self.kind != 'Setpoint' || has(self.maxRatePerMinute)",
    message = "a Setpoint output needs maxRatePerMinute")
public record OutputSignal(
    @JsonPropertyDescription(
            "Output name, used as the key in SiteDeployment calibration maps, e.g."
                + " fuel_setpoint.")
        @Required
        @Pattern(Patterns.IDENTIFIER)
        @Size(max = 63)
        String name,
    @JsonPropertyDescription(
            "Canonical signal the output targets, e.g. kiln.fuel.setpoint. For a Setpoint it must"
                + " be mapped ReadWrite at any plant that runs the use case in ClosedLoop.")
        @Required
        @Pattern(Patterns.SIGNAL)
        @Size(max = 63)
        String signal,
    @JsonPropertyDescription("What the output means, for process engineers.") @Size(max = 512)
        String description,
    @JsonPropertyDescription(
            "Setpoint (may be written in ClosedLoop) or Prediction (never written).")
        @Required
        OutputKind kind,
    @JsonPropertyDescription("Unit of the output value (plantops unit catalog).")
        @Required
        @Pattern(Patterns.UNIT)
        String unit,
    @JsonPropertyDescription(
            "Hard limits in the output unit. No plant may calibrate outside them and no write ever"
                + " leaves them.")
        @Required
        Range limits,
    @JsonPropertyDescription(
            "Largest change of a written setpoint per minute, in the output unit per minute.")
        @Min(value = 0, inclusive = false)
        Double maxRatePerMinute,
    @JsonPropertyDescription(
            "Smallest change worth writing, in the output unit: smaller recommended moves are not"
                + " written.")
        @Min(0)
        Double deadband,
    @JsonPropertyDescription(
            "Canonical signal that measures the true value of this output (e.g. lab free lime"
                + " clinker.free_lime.lab), used to score active and candidate models.")
        @Pattern(Patterns.SIGNAL)
        @Size(max = 63)
        String measuredSignal) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public OutputSignal {
    deadband = deadband == null ? 0.0 : deadband;
  }
}
