package io.plantops.operator.rollout;

import io.plantops.api.v1alpha1.RolloutState;
import io.plantops.api.v1alpha1.RolloutStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * The version a template's fleet rollout lets a FollowLatest site of one ring run: the new version
 * once the ring is open, the previous one while it is closed, or when the ring failed and the
 * rollout returns it (RevertRing). Read from the template's status only, so every reconciler and an
 * operator restarted mid-rollout agree.
 *
 * @param version the version the site's ring may run; empty when no rollout governs it (the latest
 *     release then)
 * @param reverted whether the ring failed and returns to the previous version at once
 */
public record RingAccess(Optional<String> version, boolean reverted) {

  /** No rollout: the latest release. */
  public static final RingAccess LATEST = new RingAccess(Optional.empty(), false);

  /** What {@code rollout} lets a site of {@code ring} run. */
  public static RingAccess of(Optional<RolloutStatus> rollout, int ring) {
    if (rollout.isEmpty() || rollout.get().version() == null) {
      return LATEST;
    }
    RolloutStatus r = rollout.get();
    Optional<String> next = Optional.of(r.version());
    if (r.fromVersion() == null || r.state() == RolloutState.Complete) {
      return new RingAccess(next, false);
    }
    Optional<String> previous = Optional.of(r.fromVersion());
    if (r.state() == RolloutState.Halted
        && Boolean.TRUE.equals(r.reverted())
        && Objects.equals(r.haltedRing(), ring)) {
      return new RingAccess(previous, true);
    }
    return r.openRing() != null && ring <= r.openRing()
        ? new RingAccess(next, false)
        : new RingAccess(previous, false);
  }
}
