package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * The fleet rollout of a template's model version, ring by ring. Everything the rollout remembers
 * is here, so that an operator restart neither repeats nor skips a ring.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutStatus(
    @JsonPropertyDescription("The model version rolled out (the template's latest release).")
        String version,
    @JsonPropertyDescription(
            "The version FollowLatest sites of closed rings keep running; absent for a first"
                + " version, which every ring receives at once.")
        String fromVersion,
    @JsonPropertyDescription("Progressing, Paused, Halted or Complete.") RolloutState state,
    @JsonPropertyDescription("The highest ring open to the new version.") Integer openRing,
    @JsonPropertyDescription("When the rollout of this version started (RFC 3339).")
        String startedAt,
    @JsonPropertyDescription("The ring that failed, when the rollout is Halted.")
        Integer haltedRing,
    @JsonPropertyDescription("When the rollout halted (RFC 3339).") String haltedAt,
    @JsonPropertyDescription(
            "Whether the halted ring's FollowLatest sites return to fromVersion (onRingFailure"
                + " RevertRing).")
        Boolean reverted,
    @JsonPropertyDescription("What the next ring waits for, or why the rollout halted.")
        String message,
    @JsonPropertyDescription(
            "One line per ring for printing, e.g. 0:2/2 1:1/3(1 shadow) 2:closed (sites on the new"
                + " version / FollowLatest sites).")
        String summary,
    @JsonPropertyDescription("Each ring, lowest first.") List<RingStatus> rings) {}
