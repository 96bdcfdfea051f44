package io.plantops.operator.promotion;

import static io.plantops.operator.promotion.SiteState.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.operator.promotion.CandidateSelection.Change;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CandidateSelectionTest {

  static final String NOW = "2026-11-21T08:00:00Z";
  static final String EARLIER = "2026-11-20T08:00:00Z";

  static CandidateModel shadowed(String version, String sha, String since) {
    return new CandidateModel(
        version, sha, Stage.Shadow, since, null, null, null, null, null, null);
  }

  static final CandidateModel C13 = shadowed("1.3.0", model("1.3.0").sha256(), EARLIER);

  @Test
  void noCandidateWhileThePolicySelectsTheActiveVersion() {
    assertThat(
            CandidateSelection.of(
                model("1.2.0"), model("1.2.0"), Optional.empty(), VersionPolicy.Pinned, NOW))
        .isEqualTo(new CandidateSelection(Optional.empty(), List.of()));
  }

  @Test
  void startsTheSelectedVersionInShadowBesideTheActiveOne() {
    assertThat(
            CandidateSelection.of(
                model("1.3.0"), model("1.2.0"), Optional.empty(), VersionPolicy.FollowLatest, NOW))
        .isEqualTo(
            new CandidateSelection(
                Optional.of(shadowed("1.3.0", model("1.3.0").sha256(), NOW)),
                List.of(new Change.Started("1.3.0", "1.2.0", VersionPolicy.FollowLatest))));
  }

  @Test
  void keepsTheCandidateAndWhenItStartedWhileThePolicyStillSelectsIt() {
    assertThat(
            CandidateSelection.of(
                model("1.3.0"), model("1.2.0"), Optional.of(C13), VersionPolicy.FollowLatest, NOW))
        .isEqualTo(new CandidateSelection(Optional.of(C13), List.of()));
  }

  @Test
  void withdrawsTheCandidateWhenThePolicySelectsTheActiveVersionAgain() {
    assertThat(
            CandidateSelection.of(
                model("1.2.0"), model("1.2.0"), Optional.of(C13), VersionPolicy.Pinned, NOW))
        .isEqualTo(
            new CandidateSelection(
                Optional.empty(),
                List.of(new Change.Withdrawn("1.3.0", VersionPolicy.Pinned, "1.2.0"))));
  }

  @Test
  void replacesACandidateThePolicyNoLongerSelects() {
    CandidateModel c14 = shadowed("1.4.0", "ab".repeat(32), EARLIER);
    assertThat(
            CandidateSelection.of(
                    model("1.3.0"), model("1.2.0"), Optional.of(c14), VersionPolicy.Pinned, NOW)
                .changes())
        .containsExactly(
            new Change.Withdrawn("1.4.0", VersionPolicy.Pinned, "1.3.0"),
            new Change.Started("1.3.0", "1.2.0", VersionPolicy.Pinned));
  }

  @Test
  void aCandidateThatBecameActiveWasPromotedNotWithdrawn() {
    assertThat(
            CandidateSelection.of(
                model("1.3.0"), model("1.3.0"), Optional.of(C13), VersionPolicy.FollowLatest, NOW))
        .isEqualTo(new CandidateSelection(Optional.empty(), List.of()));
  }
}
