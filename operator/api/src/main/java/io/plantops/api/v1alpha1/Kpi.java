package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A key performance indicator of the use case, computed the same way at every plant so plants can
 * be compared with their own baseline.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Kpi(
    @JsonPropertyDescription("KPI name, e.g. specific_heat_consumption.")
        @Required
        @Pattern(Patterns.IDENTIFIER)
        @Size(max = 63)
        String name,
    @JsonPropertyDescription("What the KPI measures and why it matters.") @Size(max = 512)
        String description,
    @JsonPropertyDescription(
            "CEL expression over canonical signals (each aggregated over its window), returning a"
                + " number, e.g. kiln.fuel.rate * 26000.0 / kiln.clinker.rate. Only signals"
                + " declared in inputs or observedSignals may appear.")
        @Required
        @Size(min = 1, max = 1024)
        String expression,
    @JsonPropertyDescription("Unit of the KPI value (plantops unit catalog).")
        @Required
        @Pattern(Patterns.UNIT)
        String unit,
    @JsonPropertyDescription("LowerIsBetter or HigherIsBetter: sets the sign of the change.")
        @Required
        KpiDirection direction,
    @JsonPropertyDescription(
            "Rolling window, in minutes, over which the current value is averaged.")
        @Default("60")
        @Min(1)
        @Max(43200)
        Integer windowMinutes,
    @JsonPropertyDescription(
            "When a plant gives no baseline in its calibration: hours of data before the first"
                + " recommendation used as the baseline.")
        @Default("24")
        @Min(1)
        @Max(8760)
        Integer baselineWindowHours) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public Kpi {
    windowMinutes = windowMinutes == null ? 60 : windowMinutes;
    baselineWindowHours = baselineWindowHours == null ? 24 : baselineWindowHours;
  }
}
