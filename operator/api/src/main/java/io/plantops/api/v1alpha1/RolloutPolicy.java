package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * How a new model version reaches the fleet: ring by ring (Plant spec.rolloutRing, lowest first),
 * each ring's FollowLatest sites receiving it as a candidate only once the rings below passed their
 * gates. Pinned sites are never moved.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.rings) || self.rings.all(r, self.rings.exists_one(s, s.ring == r.ring))",
    message = "each ring may have only one policy")
public record RolloutPolicy(
    @JsonPropertyDescription(
            "Pause the rollout: rings already open keep the new version, no further ring opens"
                + " until this is false again.")
        Boolean paused,
    @JsonPropertyDescription(
            "When a ring fails (drift Alert, or a KPI degraded beyond the ring's bound, at a site"
                + " running the new version): Halt stops the rollout; RevertRing also returns the"
                + " failed ring's FollowLatest sites to the previous version (default Halt).")
        RingFailureAction onRingFailure,
    @JsonPropertyDescription("Fleet gates per ring.") @Size(max = 10) List<RingPolicy> rings,
    @JsonPropertyDescription("Approvals to move a version's rollout on from a ring.")
        @Size(max = 256)
        List<RingApproval> approvals) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public RolloutPolicy {
    paused = paused != null && paused;
    onRingFailure = onRingFailure == null ? RingFailureAction.Halt : onRingFailure;
    rings = rings == null ? List.of() : List.copyOf(rings);
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
  }

  /** The gates of {@code ring}: its policy, or every site promoted with no drift Alert. */
  public RingPolicy forRing(int ring) {
    return rings.stream()
        .filter(r -> r.ring() == ring)
        .findFirst()
        .orElse(new RingPolicy(ring, null, null, null, null));
  }
}
