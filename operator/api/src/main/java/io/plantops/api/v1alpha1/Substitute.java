package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Locale;

/**
 * A declared stand-in for a canonical signal the plant does not measure: a constant, or a CEL
 * expression over other canonical signals the plant does provide. Its value is in the unit of the
 * enclosing TagMapping entry and is converted to the canonical unit like a mapped tag. Allowed only
 * for inputs the template marks {@code substitutable}; visible in the SiteDeployment's status.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.constant) != has(self.expression)",
    message = "give exactly one of constant and expression")
public record Substitute(
    @JsonPropertyDescription(
            "A fixed value, in the entry's unit, e.g. 42 with unit kW. Drift is not measured on a"
                + " constant (it has no distribution); status lists it as substituted.")
        Double constant,
    @JsonPropertyDescription(
            "A CEL expression over canonical signals that this TagMapping maps from plant tags"
                + " (each a double in the canonical unit of the template that reads it), giving a"
                + " double in the entry's unit, e.g. kiln.speed * 100.0 + kiln.feed.rate * 1.7."
                + " It may not read another substituted signal. The inference server evaluates it"
                + " each cycle over its inputs aggregated like the substituted input.")
        @Size(max = 1024)
        String expression,
    @JsonPropertyDescription("Why the substitute holds: its source or its assumptions.")
        @Size(max = 512)
        String description) {

  /** True when this is a constant rather than an expression. */
  public boolean holdsConstant() {
    return constant != null;
  }

  /** How status shows it: {@code constant 42 kW} or {@code expression a * 2.0 (kW)}. */
  public String describe(String unit) {
    return holdsConstant()
        ? "constant " + number(constant) + " " + unit
        : "expression " + expression + " (" + unit + ")";
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15
        ? String.format(Locale.ROOT, "%d", (long) d)
        : Double.toString(d);
  }
}
