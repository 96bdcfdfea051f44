package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.TemplateRef;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.contract.InferenceStatus;
import io.plantops.operator.observe.PlantObservation;
import io.plantops.operator.observe.Probe;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.status.Reason;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.testing.Workloads;
import io.plantops.operator.validation.ContractCheck;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UngatedPromotionEngineTest {

  static final UseCaseTemplateSpec KILN =
      ((UseCaseTemplate)
              Examples.read(Examples.DIR.resolve("templates/kiln-energy-optimization.yaml")))
          .getSpec();
  static final UseCaseTemplateSpec FREE_LIME =
      ((UseCaseTemplate)
              Examples.read(Examples.DIR.resolve("templates/clinker-free-lime-soft-sensor.yaml")))
          .getSpec();
  static final ContractCheck.Report COVERED =
      new ContractCheck.Report(List.of(), List.of(), Map.of());
  static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");
  final UngatedPromotionEngine engine = new UngatedPromotionEngine();

  static SiteDeployment sd(Stage stage, SiteDeploymentStatus status) {
    SiteDeployment sd = new SiteDeployment();
    sd.getMetadata().setName("kiln1-energy");
    sd.getMetadata().setNamespace("plant-lyon");
    sd.setSpec(
        new SiteDeploymentSpec(
            "lyon",
            new TemplateRef("kiln", "1.2.0"),
            VersionPolicy.Pinned,
            "lyon-kiln1",
            stage,
            null,
            null));
    sd.setStatus(status);
    return sd;
  }

  static UseCaseObservation serving(InferenceStatus.UseCaseStatus useCase) {
    return UseCaseObservation.of(
        new PlantObservation(
            Probe.reachable(Workloads.inference("lyon", useCase)), Probe.notPolled()),
        useCase.name());
  }

  static final UseCaseObservation LOADED = serving(Workloads.loaded("kiln1-energy", "1.2.0", -1));

  PromotionDecision decide(
      SiteDeployment sd,
      UseCaseTemplateSpec t,
      ContractCheck.Report contract,
      UseCaseObservation obs,
      Instant now) {
    return engine.decide(
        new PromotionInput(
            sd, Optional.of(t), List.of(), true, Optional.of(contract), List.of(), obs, now));
  }

  @Test
  void staysPendingUntilTheInferenceServerVerifiesTheModelThenGoesLiveAtTheDesiredStage() {
    PromotionDecision waiting =
        decide(sd(Stage.Advisory, null), KILN, COVERED, UseCaseObservation.notPolled(), NOW);
    assertThat(waiting.phase()).isEqualTo(Phase.Pending);
    assertThat(waiting.reason()).isEqualTo(Reason.AwaitingModelVerification);
    assertThat(waiting.activeModel()).get().satisfies(a -> assertThat(a.sha256()).isNull());
    assertThat(waiting.pendingPromotion()).contains("Stage:Advisory");

    SiteDeployment after = sd(Stage.Advisory, status(waiting));
    PromotionDecision live = decide(after, KILN, COVERED, LOADED, NOW.plusSeconds(60));
    assertThat(live.phase()).isEqualTo(Phase.Advisory);
    assertThat(live.modelVerification().status()).isEqualTo(ConditionStatus.True);
    assertThat(live.activeModel().get().sha256()).isEqualTo(Workloads.exampleSha256("1.2.0"));
    assertThat(live.activeModel().get().since()).isEqualTo("2026-11-21T08:00:00Z");
    assertThat(live.history())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.reason()).isEqualTo(HistoryReason.Activated);
              assertThat(h.stage()).isEqualTo(Stage.Advisory);
              assertThat(h.to()).isNull();
            });
    assertThat(live.events())
        .anySatisfy(e -> assertThat(e.message()).startsWith("phase Pending -> Advisory"));
  }

  @Test
  void capsTheStageAtTheTemplatesMaxAutonomyAndRecordsTheRefusalOnce() {
    SiteDeployment sd = sd(Stage.ClosedLoop, null);
    var obs = serving(Workloads.loaded("kiln1-energy", "1.0.0", 0));
    sd.setSpec(
        new SiteDeploymentSpec(
            "lyon",
            new TemplateRef("free-lime", "1.0.0"),
            VersionPolicy.Pinned,
            "lyon-kiln1",
            Stage.ClosedLoop,
            null,
            null));
    PromotionDecision first = decide(sd, FREE_LIME, COVERED, obs, NOW);
    assertThat(first.phase()).isEqualTo(Phase.Advisory);
    assertThat(first.reason()).isEqualTo(Reason.CappedAtMaxAutonomy);
    assertThat(first.history())
        .extracting(HistoryEntry::reason)
        .containsExactly(HistoryReason.Activated, HistoryReason.Refused);
    sd.setStatus(status(first));
    PromotionDecision again = decide(sd, FREE_LIME, COVERED, obs, NOW.plusSeconds(60));
    assertThat(again.history()).isEqualTo(first.history());
    assertThat(again.events()).isEmpty();
  }

  @Test
  void keepsTheVerifiedModelWhileTheServerIsUnreachableButDropsItWhenTheServerRefusesIt() {
    PromotionDecision live =
        decide(
            sd(
                Stage.Advisory,
                status(decide(sd(Stage.Advisory, null), KILN, COVERED, LOADED, NOW))),
            KILN,
            COVERED,
            LOADED,
            NOW);
    SiteDeployment sd = sd(Stage.Advisory, status(live));
    var unreachable =
        UseCaseObservation.of(
            new PlantObservation(Probe.unreachable("connection refused"), Probe.notPolled()),
            "kiln1-energy");
    assertThat(decide(sd, KILN, COVERED, unreachable, NOW).phase()).isEqualTo(Phase.Advisory);
    var refused = serving(Workloads.refused("kiln1-energy", "1.2.0", "DigestMismatch: x"));
    PromotionDecision down = decide(sd, KILN, COVERED, refused, NOW);
    assertThat(down.phase()).isEqualTo(Phase.Pending);
    assertThat(down.modelVerification().reason()).isEqualTo(Reason.DigestMismatch);
    assertThat(down.history().get(0).to())
        .as("the live period is closed")
        .isEqualTo("2026-11-21T08:00:00Z");
  }

  @Test
  void uncoveredInputsKeepTheSitePendingAndAMissingTemplateFailsIt() {
    var gap = new ContractCheck.Gap("kiln.speed", ContractCheck.GapKind.NOT_MAPPED, "not mapped");
    var uncovered = new ContractCheck.Report(List.of("kiln.speed"), List.of(gap), Map.of());
    PromotionDecision d = decide(sd(Stage.Advisory, null), KILN, uncovered, LOADED, NOW);
    assertThat(d.phase()).isEqualTo(Phase.Pending);
    assertThat(d.reason()).isEqualTo(Reason.InputsNotCovered);
    assertThat(d.message()).contains("[kiln.speed]");
    PromotionDecision noTemplate =
        engine.decide(
            new PromotionInput(
                sd(Stage.Advisory, null),
                Optional.empty(),
                List.of(),
                true,
                Optional.empty(),
                List.of(),
                LOADED,
                NOW));
    assertThat(noTemplate.phase()).isEqualTo(Phase.Failed);
    assertThat(noTemplate.message())
        .contains("UseCaseTemplate kiln (spec.templateRef.name) does not exist");
  }

  static SiteDeploymentStatus status(PromotionDecision d) {
    return new SiteDeploymentStatus(
        1L,
        d.phase(),
        d.phaseSince(),
        d.resolvedVersion().orElse(null),
        null,
        d.activeModel().orElse(null),
        d.candidateModel().orElse(null),
        d.pendingPromotion().orElse(null),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        d.rollback().orElse(null),
        d.history(),
        null);
  }
}
