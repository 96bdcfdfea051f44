package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The fleet gates a rollout ring must pass before the next ring receives the new model version. A
 * ring without a policy must have every FollowLatest site promote the version, with no drift Alert.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RingPolicy(
    @JsonPropertyDescription("The ring (Plant spec.rolloutRing) these gates guard.")
        @Required
        @Min(0)
        @Max(9)
        Integer ring,
    @JsonPropertyDescription(
            "Minutes the new version must have been active in the ring, counted from when the"
                + " ring reached minPromotedPercent, before the next ring opens.")
        @Min(0)
        @Max(525600)
        Integer minSoakMinutes,
    @JsonPropertyDescription(
            "Percentage of the ring's FollowLatest sites that must have promoted the new version"
                + " (active, not only in shadow) before the next ring opens (default 100).")
        @Min(0)
        @Max(100)
        Integer minPromotedPercent,
    @JsonPropertyDescription(
            "A site of the ring running the new version with a KPI worse than its baseline by"
                + " more than this percentage fails the ring. Without it, only drift fails a ring.")
        @Min(0)
        Double maxKpiDegradationPercent,
    @JsonPropertyDescription(
            "Roles that must each approve moving on from this ring (spec.promotion.rollout"
                + ".approvals, for this ring and the version rolled out).")
        @Size(max = 16)
        List<@Pattern(Patterns.ROLE) String> requiredApprovals) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public RingPolicy {
    minSoakMinutes = minSoakMinutes == null ? 0 : minSoakMinutes;
    minPromotedPercent = minPromotedPercent == null ? 100 : minPromotedPercent;
    requiredApprovals = requiredApprovals == null ? List.of() : List.copyOf(requiredApprovals);
  }
}
