package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/**
 * When a site falls back on its own: to the previous model version, or one autonomy stage down
 * (ClosedLoop to Advisory). It does not climb back without a fresh approval.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RollbackPolicy(
    @JsonPropertyDescription("Fall back when the active model's drift status reaches Alert.")
        @Default("true")
        Boolean onDriftAlert,
    @JsonPropertyDescription(
            "Fall back when any KPI is worse than baseline by more than this many percent...")
        @Min(0)
        Double kpiDegradationPercent,
    @JsonPropertyDescription("...for at least this many minutes.") @Default("60") @Min(0)
        Long kpiDegradationMinutes,
    @JsonPropertyDescription(
            "Fall back to the previous version when the active version cannot be loaded.")
        @Default("true")
        Boolean onModelLoadFailure,
    @JsonPropertyDescription(
            "On KPI degradation, a version promoted less than this many hours ago is blamed and"
                + " the site returns to the previous version; otherwise it steps one autonomy"
                + " stage down.")
        @Default("168")
        @Min(1)
        Long recentPromotionHours) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public RollbackPolicy {
    onDriftAlert = onDriftAlert == null ? Boolean.TRUE : onDriftAlert;
    kpiDegradationMinutes = kpiDegradationMinutes == null ? 60L : kpiDegradationMinutes;
    onModelLoadFailure = onModelLoadFailure == null ? Boolean.TRUE : onModelLoadFailure;
    recentPromotionHours = recentPromotionHours == null ? 168L : recentPromotionHours;
  }
}
