package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Thresholds for drift per input: the population stability index (PSI) over the reference bins, and
 * a Page-Hinkley mean-shift test in units of the reference standard deviation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.psiWarn) || !has(self.psiAlert) || self.psiWarn < self.psiAlert",
    message = "psiWarn must be below psiAlert")
@ValidationRule(
    value =
        "!has(self.meanShiftWarn) || !has(self.meanShiftAlert)"
            + " || self.meanShiftWarn < self.meanShiftAlert",
    message = "meanShiftWarn must be below meanShiftAlert")
public record DriftPolicy(
    @JsonPropertyDescription("PSI at or above which an input is Warn (0.1 is the usual rule).")
        @Default("0.1")
        @Min(value = 0, inclusive = false)
        Double psiWarn,
    @JsonPropertyDescription("PSI at or above which an input is Alert (0.25 is the usual rule).")
        @Default("0.25")
        @Min(value = 0, inclusive = false)
        Double psiAlert,
    @JsonPropertyDescription(
            "Page-Hinkley statistic, in reference standard deviations, at or above which an input"
                + " is Warn.")
        @Default("20")
        @Min(value = 0, inclusive = false)
        Double meanShiftWarn,
    @JsonPropertyDescription(
            "Page-Hinkley statistic, in reference standard deviations, at or above which an input"
                + " is Alert.")
        @Default("50")
        @Min(value = 0, inclusive = false)
        Double meanShiftAlert,
    @JsonPropertyDescription(
            "Page-Hinkley tolerance, in reference standard deviations: shifts smaller than this"
                + " are not accumulated.")
        @Default("0.5")
        @Min(0)
        Double meanShiftTolerance,
    @JsonPropertyDescription("Samples per input before any status other than Unknown is given.")
        @Default("200")
        @Min(1)
        @Max(10000000)
        Integer minSamples) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public DriftPolicy {
    psiWarn = psiWarn == null ? 0.1 : psiWarn;
    psiAlert = psiAlert == null ? 0.25 : psiAlert;
    meanShiftWarn = meanShiftWarn == null ? 20.0 : meanShiftWarn;
    meanShiftAlert = meanShiftAlert == null ? 50.0 : meanShiftAlert;
    meanShiftTolerance = meanShiftTolerance == null ? 0.5 : meanShiftTolerance;
    minSamples = minSamples == null ? 200 : minSamples;
  }

  /** The policy with every default. */
  public static DriftPolicy defaults() {
    return new DriftPolicy(null, null, null, null, null, null);
  }
}
