package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.operator.promotion.Outcome.RollbackCause;
import io.plantops.operator.rollout.RingAccess;
import java.util.Optional;

/**
 * The site's rollout ring failed and the template's rollout returns it (onRingFailure RevertRing):
 * a FollowLatest site running the new version goes back at once, in the same stage, to the version
 * its ring runs again, without gates or approvals (as a load-failure rollback does).
 */
final class RingRevert implements Policy {

  @Override
  public Verdict evaluate(Situation s) {
    RingAccess ring = s.input().ring();
    if (!ring.reverted()
        || s.spec().versionPolicy() != VersionPolicy.FollowLatest
        || s.active().version().equals(s.selected().version())) {
      return Verdict.pass();
    }
    Stage live = s.liveStage();
    return Verdict.decide(
        new Outcome.RolledBack(
            new RollbackCause.RingFailed(s.spec().templateRef().name()),
            live,
            s.active().version(),
            live,
            s.selected(),
            Optional.empty()));
  }
}
