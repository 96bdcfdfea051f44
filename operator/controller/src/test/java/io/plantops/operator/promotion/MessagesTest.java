package io.plantops.operator.promotion;

import static io.plantops.operator.promotion.SiteState.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.operator.promotion.CandidateSelection.Change;
import io.plantops.operator.promotion.Outcome.KpiDegradation;
import io.plantops.operator.promotion.Outcome.RollbackCause;
import io.plantops.operator.promotion.PendingPromotion.ToStage;
import io.plantops.operator.promotion.PendingPromotion.ToVersion;
import io.plantops.operator.promotion.Policy.Note.Refusal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The texts users read in conditions, history and events, exactly as they have been written. */
class MessagesTest {

  static final Optional<CandidateSelection> NONE = Optional.empty();
  static final KpiDegradation HEAT = new KpiDegradation("specific_heat_consumption", 4.0, 3.0);

  @Test
  void rollbacksSayWhyAndWhereTo() {
    assertThat(
            Messages.rolledBack(
                new Outcome.RolledBack(
                    new RollbackCause.DriftAlert(Optional.of("kiln.feed.rate"), Optional.of(0.31)),
                    Stage.ClosedLoop,
                    "1.2.0",
                    Stage.Advisory,
                    model("1.2.0"),
                    NONE)))
        .isEqualTo(
            "input drift reached Alert in ClosedLoop (worst kiln.feed.rate, largest PSI 0.31):"
                + " setpoints are no longer written");
    assertThat(
            Messages.rolledBack(
                new Outcome.RolledBack(
                    new RollbackCause.DriftAlert(Optional.empty(), Optional.empty()),
                    Stage.ClosedLoop,
                    "1.2.0",
                    Stage.Advisory,
                    model("1.2.0"),
                    NONE)))
        .contains("(worst ?, largest PSI ?)");
    assertThat(
            Messages.rolledBack(
                new Outcome.RolledBack(
                    new RollbackCause.KpiDegraded(HEAT, 120),
                    Stage.ClosedLoop,
                    "1.2.0",
                    Stage.Advisory,
                    model("1.2.0"),
                    NONE)))
        .isEqualTo(
            "KPI specific_heat_consumption is 4 % worse than baseline (rollback bound 3 %) for 120"
                + " min: stepped down from ClosedLoop to Advisory");
    assertThat(
            Messages.rolledBack(
                new Outcome.RolledBack(
                    new RollbackCause.KpiDegraded(HEAT, 120),
                    Stage.Advisory,
                    "1.3.0",
                    Stage.Advisory,
                    model("1.2.0"),
                    NONE)))
        .isEqualTo(
            "KPI specific_heat_consumption is 4 % worse than baseline (rollback bound 3 %) for 120"
                + " min after model 1.3.0 was promoted: back to 1.2.0");
    assertThat(
            Messages.rolledBack(
                new Outcome.RolledBack(
                    new RollbackCause.LoadFailure("refused"),
                    Stage.Advisory,
                    "1.3.0",
                    Stage.Advisory,
                    model("1.2.0"),
                    NONE)))
        .isEqualTo("model 1.3.0 cannot be loaded (refused): back to 1.2.0");
    assertThat(
            Messages.loadFailedWithoutFallback(
                new Outcome.LoadFailedWithoutFallback(model("1.2.0"), "refused", true)))
        .isEqualTo(
            "model 1.2.0 cannot be loaded and no previous version is in the template: refused");
  }

  @Test
  void transitionsSayWhatMovedAndWhoApproved() {
    CandidateSelection none = new CandidateSelection(Optional.empty(), List.of());
    assertThat(
            Messages.lowered(
                new Outcome.StageLowered(
                    Stage.ClosedLoop,
                    Stage.Advisory,
                    Stage.ClosedLoop,
                    "1.2.0",
                    none,
                    Optional.empty())))
        .isEqualTo(
            "spec.stage asks for ClosedLoop (capped at maxAutonomy Advisory): stepped down from"
                + " ClosedLoop to Advisory");
    assertThat(
            Messages.lowered(
                new Outcome.StageLowered(
                    Stage.Shadow, Stage.Shadow, Stage.Advisory, "1.2.0", none, Optional.empty())))
        .isEqualTo("spec.stage asks for Shadow: stepped down from Advisory to Shadow");
    assertThat(
            Messages.versionPromoted(
                new Outcome.VersionPromoted(
                    model("1.3.0"),
                    "1.2.0",
                    Stage.Advisory,
                    3000,
                    List.of("k.schmidt (corporate-ai-lead)"),
                    Optional.empty())))
        .isEqualTo(
            "model 1.3.0 replaced 1.2.0 in Advisory after 3000 shadow evaluations, approved by"
                + " k.schmidt (corporate-ai-lead)");
    assertThat(
            Messages.stagePromoted(
                new Outcome.StagePromoted(
                    Stage.Advisory,
                    Stage.ClosedLoop,
                    "1.2.0",
                    true,
                    List.of("a.martin (plant-manager)", "k.schmidt (corporate-ai-lead)"))))
        .isEqualTo(
            "promoted from Advisory to ClosedLoop with model 1.2.0, all gates passed, approved by"
                + " a.martin (plant-manager), k.schmidt (corporate-ai-lead)");
    assertThat(
            Messages.stagePromoted(
                new Outcome.StagePromoted(Stage.Shadow, Stage.Advisory, "1.2.0", false, List.of())))
        .isEqualTo("promoted from Shadow to Advisory with model 1.2.0");
    assertThat(
            Messages.activated(
                new Outcome.Activated(
                    model("1.2.0"), ModelVerification.none("x"), Stage.Advisory, none)))
        .isEqualTo(
            "model 1.2.0 verified by the inference server and live in Shadow; Advisory follows as"
                + " gates and approvals allow");
    assertThat(Messages.liveAfterTransition(Phase.Advisory, Optional.empty()))
        .isEqualTo("live in Advisory");
    assertThat(Messages.phaseChanged(null, Phase.Shadow, "live in Shadow with model 1.2.0"))
        .isEqualTo("phase (none) -> Shadow: live in Shadow with model 1.2.0");
  }

  @Test
  void readyAndPromotingSayWhatIsLiveAndWhatAPromotionWaitsFor() {
    Outcome.Waiting version =
        new Outcome.Waiting(
            new ToVersion("1.3.0"),
            new GateEvaluator.Evaluation(List.of(), Optional.empty()),
            new Approvals.Result(List.of(), List.of(), List.of()),
            Stage.Shadow,
            "1.2.0",
            Optional.of(Stage.Advisory));
    assertThat(Messages.waiting(version))
        .isEqualTo(
            "live in Shadow with model 1.2.0; candidate 1.3.0 scored in shadow (the promotion to"
                + " Advisory waits for it)");
    assertThat(
            Messages.stay(
                new Outcome.Stay(
                    Stage.Advisory,
                    "1.0.0",
                    Optional.of(
                        new Outcome.Cap(
                            Stage.ClosedLoop,
                            "clinker-free-lime-soft-sensor",
                            Stage.Advisory,
                            Optional.empty())))))
        .isEqualTo(
            "live in Advisory: spec.stage asks for ClosedLoop but UseCaseTemplate"
                + " clinker-free-lime-soft-sensor allows at most Advisory");
    assertThat(Messages.awaitingApprovals(new ToVersion("1.3.0"), List.of("corporate-ai-lead")))
        .isEqualTo(
            "Version:1.3.0: all gates pass; waiting for approvals by [corporate-ai-lead] (add"
                + " them to spec.approvals with version 1.3.0)");
    assertThat(
            Messages.awaitingGates(
                new ToStage(Stage.Advisory),
                List.of("minSamples (1040 more evaluations)"),
                List.of("plant-process-engineer")))
        .isEqualTo(
            "Stage:Advisory waits for gates: minSamples (1040 more evaluations); and approvals by"
                + " [plant-process-engineer] in spec.approvals");
    assertThat(Messages.awaitingVerification(new ToStage(Stage.Shadow)))
        .isEqualTo("Stage:Shadow waits for the inference server to verify the model");
  }

  @Test
  void historyPointsNameTheVersionAndThePolicy() {
    assertThat(Messages.candidate(new Change.Started("1.3.0", "1.2.0", VersionPolicy.FollowLatest)))
        .isEqualTo(
            "model 1.3.0 scored in shadow beside 1.2.0 (selected by versionPolicy FollowLatest)");
    assertThat(Messages.candidate(new Change.Withdrawn("1.3.0", VersionPolicy.Pinned, "1.2.0")))
        .isEqualTo("candidate 1.3.0 withdrawn: versionPolicy Pinned selects 1.2.0 now");
    assertThat(
            Messages.refusal(
                new Refusal(
                    Stage.ClosedLoop, "1.0.0", "clinker-free-lime-soft-sensor", Stage.Advisory)))
        .isEqualTo(
            "spec.stage asks for ClosedLoop but UseCaseTemplate clinker-free-lime-soft-sensor"
                + " allows at most Advisory (promotion.maxAutonomy)");
  }

  @Test
  void notReadySaysWhatToFix() {
    assertThat(Messages.notReady(new Readiness.TemplateNotFound("kiln")))
        .isEqualTo(
            "UseCaseTemplate kiln (spec.templateRef.name) does not exist: create it or reference"
                + " an existing one");
    assertThat(Messages.notReady(new Readiness.TemplateInvalid("kiln", List.of("a", "b"))))
        .isEqualTo("UseCaseTemplate kiln is invalid (a; b); see its Valid condition");
    assertThat(Messages.notReady(new Readiness.CalibrationInvalid(List.of("a", "b"))))
        .isEqualTo("spec.calibration is invalid: a; b");
    assertThat(Messages.notReady(new Readiness.PlantNotFound("lyon")))
        .isEqualTo("Plant lyon (spec.plantRef) does not exist in this namespace");
    assertThat(
            Messages.notReady(new Readiness.InputsNotCovered("lyon-kiln1", List.of("kiln.speed"))))
        .isEqualTo(
            "TagMapping lyon-kiln1 does not cover [kiln.speed]; see the InputsCovered condition");
  }
}
