package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * One line of a site's audit history: a period during which a model version was live in a stage, a
 * period during which the site was not live (Pending or Failed), or a point in time (a refusal, a
 * candidate started or withdrawn). Answers "which model was active at this plant, when, approved by
 * whom".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEntry(
    @JsonPropertyDescription("Model version concerned.") String version,
    @JsonPropertyDescription(
            "Stage live from 'from' to 'to' (or refused, for a refusal); absent for a period when"
                + " the site was not live (reason NotLive) and a model load failure that left"
                + " nothing live.")
        Stage stage,
    @JsonPropertyDescription("Start of the period, or time of the event (RFC 3339).") String from,
    @JsonPropertyDescription("End of the period (RFC 3339); absent while it is current.") String to,
    @JsonPropertyDescription("Why the entry was added.") HistoryReason reason,
    @JsonPropertyDescription("Stage live just before this entry, if any.") Stage fromStage,
    @JsonPropertyDescription("Model version live just before this entry, if any.")
        String fromVersion,
    @JsonPropertyDescription("Approvals that counted, as 'who (role)'.") List<String> approvals,
    @JsonPropertyDescription("Details for people.") String message) {}
