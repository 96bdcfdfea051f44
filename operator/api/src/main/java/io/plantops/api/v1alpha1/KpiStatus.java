package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.KpiAssessment;

/** A KPI's current value against the plant's baseline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KpiStatus(
    @JsonPropertyDescription("KPI name from the template.") String name,
    @JsonPropertyDescription("KPI unit.") String unit,
    @JsonPropertyDescription("Baseline value.") Double baseline,
    @JsonPropertyDescription("Calibration (given by the plant) or Measured (before first advice).")
        BaselineSource baselineSource,
    @JsonPropertyDescription("Current value over the KPI window.") Double current,
    @JsonPropertyDescription(
            "Change of current versus baseline in percent, signed as measured (negative = lower).")
        Double changePercent,
    @JsonPropertyDescription("Improved, Worse, Unchanged or Unknown, given the KPI's direction.")
        KpiAssessment assessment) {}
