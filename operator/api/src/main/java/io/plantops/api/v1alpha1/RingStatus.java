package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One ring of a fleet rollout: its sites by where they stand with the new version. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RingStatus(
    @JsonPropertyDescription("The ring (Plant spec.rolloutRing).") Integer ring,
    @JsonPropertyDescription(
            "When the ring received the new version (RFC 3339); absent while closed.")
        String openedAt,
    @JsonPropertyDescription(
            "When the ring first reached its minPromotedPercent (RFC 3339): the soak time counts"
                + " from here.")
        String promotedAt,
    @JsonPropertyDescription("FollowLatest sites of the template in the ring.") Integer sites,
    @JsonPropertyDescription("Sites whose active version is the new one.") Integer onNewVersion,
    @JsonPropertyDescription("Sites scoring the new version in shadow as their candidate.")
        Integer inShadow,
    @JsonPropertyDescription("Sites that do not run the new version yet (ring closed, or loading).")
        Integer waiting,
    @JsonPropertyDescription(
            "Sites that fail the ring: drift Alert or KPI degraded beyond the bound on the new"
                + " version, or rolled back from it.")
        Integer failed,
    @JsonPropertyDescription(
            "Pinned sites of the template in the ring: never moved by the rollout.")
        Integer pinned,
    @JsonPropertyDescription(
            "For the ring the rollout stands at: what the next ring waits for (gates, approvals).")
        String waitingFor) {}
