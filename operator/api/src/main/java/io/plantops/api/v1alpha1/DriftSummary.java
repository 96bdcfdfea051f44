package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.plantops.contract.DriftStatus;
import java.util.List;

/** Drift of the use case's inputs, worst signal first. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftSummary(
    @JsonPropertyDescription("Worst status over all inputs.") DriftStatus status,
    @JsonPropertyDescription(
            "Largest PSI over the inputs that have the drift rule's minimum samples; absent while"
                + " none has (status Unknown).")
        Double score,
    @JsonPropertyDescription(
            "Signal with the worst drift among those with their minimum samples; absent while"
                + " none has.")
        String worstSignal,
    @JsonPropertyDescription("Per-signal drift.") List<SignalDrift> signals) {}
