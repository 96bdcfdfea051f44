package io.plantops.operator.promotion;

import static io.plantops.operator.promotion.SiteState.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.RollbackPolicy;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.contract.ModelRefusal;
import io.plantops.contract.ModelRefusalReason;
import io.plantops.operator.promotion.Outcome.RollbackCause;
import io.plantops.operator.testing.Workloads;
import org.junit.jupiter.api.Test;

class LoadFailureRollbackTest {

  final LoadFailureRollback policy = new LoadFailureRollback();

  static SiteState refusing(String version) {
    SiteState s = SiteState.live(Phase.Advisory);
    s.observation =
        StagedPromotionEngineTest.obs(
            Workloads.refused(
                "kiln1-energy",
                version,
                ModelRefusal.of(ModelRefusalReason.DigestMismatch, "file has 1f3a")));
    return s;
  }

  /** Live in Advisory with 1.3.0, promoted from 1.2.0 two hours ago. */
  static SiteState promotedTo13(SiteState s) {
    s.period("1.3.0", Stage.Advisory, HistoryReason.VersionPromoted, "2026-11-21T06:00:00Z");
    s.activeVersion = "1.3.0";
    s.activeSha = Workloads.exampleSha256("1.3.0");
    s.versionPolicy = VersionPolicy.FollowLatest;
    s.pinned = null;
    return s;
  }

  @Test
  void passesWhileTheServerDoesNotRefuseTheActiveModel() {
    assertThat(SiteState.live(Phase.Advisory).passed(policy)).isEmpty();
  }

  @Test
  void fallsBackToTheVersionLiveBeforeTheRefusedOne() {
    Outcome.RolledBack rolled =
        (Outcome.RolledBack) promotedTo13(refusing("1.3.0")).decided(policy);
    assertThat(rolled.cause()).isInstanceOf(RollbackCause.LoadFailure.class);
    assertThat(((RollbackCause.LoadFailure) rolled.cause()).problem())
        .startsWith("the inference server refused model 1.3.0");
    assertThat(rolled.from()).isEqualTo(Stage.Advisory);
    assertThat(rolled.fromVersion()).isEqualTo("1.3.0");
    assertThat(rolled.to()).isEqualTo(Stage.Advisory);
    assertThat(rolled.toVersion()).isEqualTo(model("1.2.0"));
    assertThat(rolled.candidate()).isEmpty();
  }

  @Test
  void withoutAVersionToFallBackToTheSiteWaitsForALoadableOne() {
    Outcome.LoadFailedWithoutFallback down =
        (Outcome.LoadFailedWithoutFallback) refusing("1.2.0").decided(policy);
    assertThat(down.active()).isEqualTo(model("1.2.0"));
    assertThat(down.problem()).startsWith("the inference server refused model 1.2.0");
    assertThat(down.recorded()).isTrue();
  }

  @Test
  void aPolicyThatDoesNotRollBackOnLoadFailureNeitherFallsBackNorRecordsIt() {
    SiteState s = promotedTo13(refusing("1.3.0"));
    s.template =
        SiteState.withRollback(s.template, new RollbackPolicy(true, 3.0, 120L, false, null));
    Outcome.LoadFailedWithoutFallback down = (Outcome.LoadFailedWithoutFallback) s.decided(policy);
    assertThat(down.active()).isEqualTo(model("1.3.0"));
    assertThat(down.recorded()).isFalse();
  }

  @Test
  void aPreviousVersionGoneFromTheTemplateIsNoFallback() {
    SiteState s = promotedTo13(refusing("1.3.0"));
    s.template = SiteState.withModels(s.template, "1.3.0");
    assertThat(s.decided(policy))
        .isEqualTo(
            new Outcome.LoadFailedWithoutFallback(
                model("1.3.0"), s.situation().verification().message(), true));
  }
}
