package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.operator.promotion.Policy.Note.Candidate;
import org.junit.jupiter.api.Test;

class CandidateTrackingTest {

  @Test
  void notesTheCandidateBesideTheActiveVersionAndNeverDecides() {
    SiteState s = SiteState.live(Phase.Advisory);
    s.versionPolicy = VersionPolicy.FollowLatest;
    s.pinned = null;
    assertThat(s.passed(new CandidateTracking()))
        .containsExactly(new Candidate(s.situation().candidate()));
    assertThat(s.situation().candidate().candidate()).isPresent();
  }
}
