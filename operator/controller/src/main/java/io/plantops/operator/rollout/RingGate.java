package io.plantops.operator.rollout;

import io.plantops.api.v1alpha1.RingApproval;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One gate a ring must pass before the next ring opens: a pure function of the ring's facts that
 * says what it waits for, or nothing when it passes (cert-manager's policy functions).
 */
interface RingGate {

  /** What the ring still waits for, or empty when this gate passes. */
  Optional<String> waitsFor(RingFacts f);

  /** The gates, in the order their messages are shown. */
  List<RingGate> ALL = List.of(RingGate::promotedFraction, RingGate::soak, RingGate::approvals);

  /** minPromotedPercent of the ring's FollowLatest sites have the version active. */
  static Optional<String> promotedFraction(RingFacts f) {
    if (f.promotedEnough()) {
      return Optional.empty();
    }
    return Optional.of(
        "promoted "
            + f.promoted()
            + "/"
            + f.sites().size()
            + " (needs "
            + f.policy().minPromotedPercent()
            + " %)");
  }

  /** The version has been active in the ring for minSoakMinutes since the fraction was reached. */
  static Optional<String> soak(RingFacts f) {
    Duration soak = Duration.ofMinutes(f.policy().minSoakMinutes());
    if (soak.isZero()) {
      return Optional.empty();
    }
    if (f.promotedAt().isEmpty()) {
      return Optional.of("soak " + Durations.human(soak) + " once promoted");
    }
    Instant passes = f.promotedAt().get().plus(soak);
    return f.now().isBefore(passes)
        ? Optional.of(
            "soak " + Durations.human(soak) + ", passes at " + Conditions.timestamp(passes))
        : Optional.empty();
  }

  /** Every required role approved moving on from this ring for this version. */
  static Optional<String> approvals(RingFacts f) {
    Set<String> missing = new TreeSet<>(f.policy().requiredApprovals());
    for (RingApproval a : f.approvals()) {
      boolean counts =
          f.version().equals(a.version())
              && a.ring() != null
              && a.ring() == f.ring()
              && Conditions.instant(a.at()).filter(at -> !at.isAfter(f.now())).isPresent();
      if (counts) {
        missing.remove(a.role());
      }
    }
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of("approval of " + String.join(", ", missing));
  }
}
