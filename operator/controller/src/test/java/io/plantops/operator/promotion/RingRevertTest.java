package io.plantops.operator.promotion;

import static io.plantops.operator.promotion.SiteState.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.RollbackReason;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.operator.promotion.Outcome.RollbackCause;
import io.plantops.operator.rollout.RingAccess;
import io.plantops.operator.testing.Workloads;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RingRevertTest {

  final RingRevert policy = new RingRevert();

  /** A FollowLatest site live in Advisory with 1.3.0, whose ring the rollout returns to 1.2.0. */
  static SiteState onNewVersionInARevertedRing() {
    SiteState s = SiteState.live(Phase.Advisory);
    s.versionPolicy = VersionPolicy.FollowLatest;
    s.pinned = null;
    s.activeVersion = "1.3.0";
    s.activeSha = Workloads.exampleSha256("1.3.0");
    s.observation = SiteState.healthy("1.3.0", 100);
    s.ring = new RingAccess(Optional.of("1.2.0"), true);
    return s;
  }

  @Test
  void returnsTheSiteOfAFailedRingToThePreviousVersionInItsStage() {
    Outcome.RolledBack back = (Outcome.RolledBack) onNewVersionInARevertedRing().decided(policy);
    assertThat(back.cause()).isEqualTo(new RollbackCause.RingFailed("kiln-energy-optimization"));
    assertThat(back.cause().reason()).isEqualTo(RollbackReason.RingFailed);
    assertThat(back.from()).isEqualTo(Stage.Advisory);
    assertThat(back.to()).isEqualTo(Stage.Advisory);
    assertThat(back.fromVersion()).isEqualTo("1.3.0");
    assertThat(back.toVersion()).isEqualTo(model("1.2.0"));
    assertThat(Messages.rolledBack(back))
        .isEqualTo(
            "the rollout ring of this plant failed with model 1.3.0 and UseCaseTemplate"
                + " kiln-energy-optimization returns it (spec.promotion.rollout.onRingFailure"
                + " RevertRing): back to 1.2.0");
  }

  @Test
  void passesWhenTheRingIsOnlyClosedNotReverted() {
    SiteState s = onNewVersionInARevertedRing();
    s.ring = new RingAccess(Optional.of("1.2.0"), false);
    assertThat(s.passed(policy)).isEmpty();
  }

  @Test
  void passesOnceTheSiteRunsThePreviousVersion() {
    SiteState s = onNewVersionInARevertedRing();
    s.activeVersion = "1.2.0";
    s.activeSha = Workloads.exampleSha256("1.2.0");
    s.observation = SiteState.healthy("1.2.0", 100);
    assertThat(s.passed(policy)).isEmpty();
  }

  @Test
  void neverMovesAPinnedSite() {
    SiteState s = onNewVersionInARevertedRing();
    s.versionPolicy = VersionPolicy.Pinned;
    s.pinned = "1.3.0";
    assertThat(s.passed(policy)).isEmpty();
  }
}
