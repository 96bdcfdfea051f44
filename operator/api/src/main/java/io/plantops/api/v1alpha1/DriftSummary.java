package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.plantops.contract.DriftStatus;
import java.util.List;

/** Drift of the use case's inputs, worst signal first. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftSummary(
    @JsonPropertyDescription("Worst status over all inputs.") DriftStatus status,
    @JsonPropertyDescription("Largest PSI over all inputs.") Double score,
    @JsonPropertyDescription("Signal with the worst drift.") String worstSignal,
    @JsonPropertyDescription("Per-signal drift.") List<SignalDrift> signals) {}
