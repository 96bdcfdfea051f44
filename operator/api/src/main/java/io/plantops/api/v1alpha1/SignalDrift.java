package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.plantops.contract.DriftStatus;

/** Drift of one input signal against the active model's reference statistics. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignalDrift(
    @JsonPropertyDescription("Canonical signal.") String signal,
    @JsonPropertyDescription(
            "Population stability index over the reference bins; absent while the signal has fewer"
                + " than the drift rule's minimum samples (status Unknown).")
        Double psi,
    @JsonPropertyDescription(
            "Page-Hinkley statistic in reference standard deviations (mean shift); absent while"
                + " the signal has fewer than the drift rule's minimum samples (status Unknown).")
        Double meanShift,
    @JsonPropertyDescription("Ok, Warn, Alert or Unknown.") DriftStatus status,
    @JsonPropertyDescription("Samples seen.") Long samples) {}
