package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.plantops.contract.DriftStatus;

/**
 * Conditions that must all hold, from observed facts, before a promotion happens. An unset field is
 * not a gate.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Gates(
    @JsonPropertyDescription(
            "Minimum number of evaluations scored in the current stage (or in shadow, for a"
                + " candidate version).")
        @Min(0)
        Long minSamples,
    @JsonPropertyDescription("Minimum time, in minutes, spent in the current stage or in shadow.")
        @Min(0)
        Long minMinutes,
    @JsonPropertyDescription(
            "Largest mean absolute difference between candidate and active model outputs"
                + " (agreement), in the output unit.")
        @Min(0)
        Double maxMeanAbsDelta,
    @JsonPropertyDescription(
            "Largest mean absolute error against the output's measuredSignal, in the output unit.")
        @Min(0)
        Double maxMeanAbsError,
    @JsonPropertyDescription(
            "Worst drift status tolerated: Ok, or Warn (the default: never promote on Alert).")
        DriftStatus maxDriftStatus,
    @JsonPropertyDescription(
            "Largest tolerated KPI degradation versus baseline, in percent (0 = must not be"
                + " worse).")
        @Min(0)
        Double maxKpiDegradationPercent,
    @JsonPropertyDescription(
            "Extra CEL condition over the facts samples, minutes, meanAbsDelta, meanAbsError,"
                + " driftScore, kpiChangePercent (map by KPI name), e.g. samples >= 7200 &&"
                + " kpiChangePercent.specific_heat_consumption < 0.0.")
        @Size(max = 1024)
        String condition) {}
