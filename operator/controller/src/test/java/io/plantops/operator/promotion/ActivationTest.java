package io.plantops.operator.promotion;

import static io.plantops.operator.promotion.SiteState.T0;
import static io.plantops.operator.promotion.SiteState.T0_TEXT;
import static io.plantops.operator.promotion.SiteState.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.promotion.CandidateSelection.Change;
import io.plantops.operator.testing.Workloads;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActivationTest {

  final Activation policy = new Activation();

  @Test
  void passesForALiveSiteWhoseVersionTheTemplateStillHas() {
    assertThat(SiteState.live(Phase.Advisory).passed(policy)).isEmpty();
  }

  @Test
  void waitsUntilTheInferenceServerVerifiesTheSelectedModel() {
    SiteState s = new SiteState();
    s.observation = UseCaseObservation.notPolled();
    Outcome.AwaitingModel waiting = (Outcome.AwaitingModel) s.decided(policy);
    assertThat(waiting.model()).isEqualTo(model("1.2.0"));
    assertThat(waiting.verification().status()).isEqualTo(ConditionStatus.Unknown);
    assertThat(waiting.activeSince()).isEqualTo(T0_TEXT);
  }

  @Test
  void keepsSinceWhenItWaitsForTheSameVersionAgain() {
    SiteState s = new SiteState();
    s.phase = Optional.of(Phase.Pending);
    s.observation = UseCaseObservation.notPolled();
    s.now = T0.plusSeconds(3600);
    assertThat(((Outcome.AwaitingModel) s.decided(policy)).activeSince())
        .isEqualTo("2026-11-19T08:00:00Z");
  }

  @Test
  void goesLiveInShadowOnceVerifiedAndWithdrawsACandidateOfBefore() {
    SiteState s = new SiteState();
    s.phase = Optional.of(Phase.Pending);
    s.candidate =
        new CandidateModel(
            "1.3.0",
            Workloads.exampleSha256("1.3.0"),
            Stage.Shadow,
            T0_TEXT,
            null,
            null,
            null,
            null,
            null,
            null);
    Outcome.Activated live = (Outcome.Activated) s.decided(policy);
    assertThat(live.model()).isEqualTo(model("1.2.0"));
    assertThat(live.verification().loadedSha256()).contains(Workloads.exampleSha256("1.2.0"));
    assertThat(live.target()).isEqualTo(Stage.ClosedLoop);
    assertThat(live.candidate())
        .isEqualTo(
            new CandidateSelection(
                Optional.empty(),
                List.of(new Change.Withdrawn("1.3.0", VersionPolicy.Pinned, "1.2.0"))));
  }

  @Test
  void startsTheSelectedVersionOverInShadowWhenTheLiveOneLeftTheTemplate() {
    SiteState s = SiteState.live(Phase.ClosedLoop);
    s.template = SiteState.withModels(s.template, "1.3.0");
    s.versionPolicy = VersionPolicy.FollowLatest;
    s.pinned = null;
    s.observation = SiteState.healthy("1.3.0", 10);
    Outcome.Activated live = (Outcome.Activated) s.decided(policy);
    assertThat(live.model()).isEqualTo(model("1.3.0"));
    assertThat(live.candidate()).isEqualTo(new CandidateSelection(Optional.empty(), List.of()));
  }
}
