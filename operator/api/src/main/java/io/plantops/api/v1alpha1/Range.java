package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** A closed interval of values in a stated unit; either bound may be omitted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "min must not be greater than max")
@ValidationRule(
    value = "has(self.min) || has(self.max)",
    message = "give at least one of min and max")
public record Range(
    @JsonPropertyDescription("Lowest allowed value, inclusive, in the unit of the enclosing field.")
        Double min,
    @JsonPropertyDescription(
            "Highest allowed value, inclusive, in the unit of the enclosing field.")
        Double max) {

  /** True when {@code value} lies inside the bounds that are set. */
  public boolean contains(double value) {
    return (min == null || value >= min) && (max == null || value <= max);
  }

  /** True when every value of {@code inner} also lies inside this range. */
  public boolean encloses(Range inner) {
    boolean lowOk = min == null || (inner.min() != null && inner.min() >= min);
    boolean highOk = max == null || (inner.max() != null && inner.max() <= max);
    return lowOk && highOk;
  }
}
