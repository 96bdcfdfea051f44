package io.plantops.operator.rollout;

import io.plantops.api.v1alpha1.RingApproval;
import io.plantops.api.v1alpha1.RingPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the ring gates and failures of one ring decide on.
 *
 * @param ring the ring
 * @param version the version rolled out
 * @param policy the ring's gates
 * @param sites the ring's FollowLatest sites
 * @param promotedAt when the ring first reached its minPromotedPercent, if it did
 * @param approvals the rollout's approvals
 * @param now the time of the decision
 */
record RingFacts(
    int ring,
    String version,
    RingPolicy policy,
    List<RolloutSite> sites,
    Optional<Instant> promotedAt,
    List<RingApproval> approvals,
    Instant now) {

  RingFacts {
    sites = List.copyOf(sites);
    approvals = List.copyOf(approvals);
  }

  long promoted() {
    return sites.stream().filter(s -> s.runs(version)).count();
  }

  /** Whether the share of sites that promoted the version reaches the ring's minimum. */
  boolean promotedEnough() {
    return sites.isEmpty() || promoted() * 100 >= (long) policy.minPromotedPercent() * sites.size();
  }
}
