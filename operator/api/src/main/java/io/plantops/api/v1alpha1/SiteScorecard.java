package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The repeatability scorecard of one SiteDeployment: the mapping and calibration it needed, how
 * operators take its advice, and when its KPIs first gained measurably (docs/scorecard.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SiteScorecard(
    @JsonPropertyDescription("Mapping effort of its TagMapping (spec.tagMappingRef).")
        MappingEffort mapping,
    @JsonPropertyDescription("Template values its spec.calibration overrides.")
        CalibrationEffort calibration,
    @JsonPropertyDescription(
            "Operator adoption of its advice, from the connector; kept while the connector cannot"
                + " be read.")
        AdviceAdoption adoption,
    @JsonPropertyDescription(
            "Since when, while live in Advisory or ClosedLoop, some KPI has been Improved (beyond"
                + " its noise band against the baseline) and none Worse (RFC 3339); absent"
                + " otherwise.")
        String kpiGainingSince,
    @JsonPropertyDescription(
            "When the KPI gain first held for the rollback policy's window"
                + " (spec.promotion.rollback.kpiDegradationMinutes of the template), RFC 3339: the"
                + " time of measurable KPI gain. Set once, never cleared.")
        String kpiGainAt) {}
