package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The latest automatic fallback. Approvals given before {@code at} do not count for climbing back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RollbackStatus(
    @JsonPropertyDescription("When it happened (RFC 3339).") String at,
    @JsonPropertyDescription("DriftAlert, KpiDegraded, ModelLoadFailed or RingFailed.")
        RollbackReason reason,
    @JsonPropertyDescription("Phase before the fallback.") Phase fromPhase,
    @JsonPropertyDescription("Phase after the fallback.") Phase toPhase,
    @JsonPropertyDescription("Version before the fallback.") String fromVersion,
    @JsonPropertyDescription("Version after the fallback.") String toVersion,
    @JsonPropertyDescription("Details: which signal or KPI, which values.") String message) {}
