package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.ApprovalReason;
import io.plantops.api.v1alpha1.ApprovalStatus;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.GateResult;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.RollbackReason;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.TemplateRef;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus.KpiReport;
import io.plantops.contract.InferenceStatus.ModelState;
import io.plantops.contract.InferenceStatus.ShadowStats;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.KpiAssessment;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.ModelRefusal;
import io.plantops.contract.ModelRefusalReason;
import io.plantops.operator.observe.PlantObservation;
import io.plantops.operator.observe.Probe;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.promotion.PendingPromotion.ToStage;
import io.plantops.operator.promotion.PendingPromotion.ToVersion;
import io.plantops.operator.sitedeployment.SiteDeploymentStatusAggregator;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.testing.Workloads;
import io.plantops.operator.validation.ContractCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The staged promotion state machine as a pure function, driven step by step through the status it
 * writes (each decision is written by the real status aggregator and read back by the next one), on
 * the kiln energy example template: Advisory needs 1440 samples, 1440 minutes and the process
 * engineer; ClosedLoop 10080 samples, 7 days, drift Ok, the KPI improving by 0.5 % and the plant
 * manager and corporate AI lead; a new version 2880 shadow samples, 2 days, agreement 0.5 and the
 * corporate AI lead; rollback on drift, on the KPI 3 % worse for 120 minutes, and on load failure.
 */
class StagedPromotionEngineTest {

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
  static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
  static final String SHA_12 = Workloads.exampleSha256("1.2.0");
  static final String SHA_13 = Workloads.exampleSha256("1.3.0");

  static final Approval ENGINEER =
      approval(Stage.Advisory, null, "j.dupont", "plant-process-engineer", "2026-11-20T10:00:00Z");
  static final Approval MANAGER =
      approval(Stage.ClosedLoop, null, "a.martin", "plant-manager", "2026-11-20T11:00:00Z");
  static final Approval AI_LEAD =
      approval(Stage.ClosedLoop, null, "k.schmidt", "corporate-ai-lead", "2026-11-20T12:00:00Z");
  static final Approval AI_LEAD_13 =
      approval(null, "1.3.0", "k.schmidt", "corporate-ai-lead", "2026-11-20T12:00:00Z");

  final StagedPromotionEngine engine = new StagedPromotionEngine();

  static Approval approval(Stage stage, String version, String who, String role, String at) {
    return new Approval(stage, version, who, role, at, null);
  }

  /** A SiteDeployment driven through the engine and the status aggregator. */
  final class Site {
    final SiteDeployment sd = new SiteDeployment();
    UseCaseTemplateSpec template = KILN;
    PromotionDecision last;

    Site(Stage stage, Approval... approvals) {
      sd.getMetadata().setName("kiln1-energy");
      sd.getMetadata().setNamespace("plant-lyon");
      sd.getMetadata().setGeneration(1L);
      spec(stage, VersionPolicy.Pinned, "1.2.0", approvals);
    }

    Site spec(Stage stage, VersionPolicy policy, String version, Approval... approvals) {
      sd.setSpec(
          new SiteDeploymentSpec(
              "lyon",
              new TemplateRef("kiln-energy-optimization", version),
              policy,
              "lyon-kiln1",
              stage,
              null,
              Arrays.asList(approvals)));
      return this;
    }

    Site stage(Stage stage) {
      SiteDeploymentSpec s = sd.getSpec();
      return spec(
          stage,
          s.versionPolicy(),
          s.templateRef().version(),
          s.approvals().toArray(Approval[]::new));
    }

    Site approvals(Approval... approvals) {
      SiteDeploymentSpec s = sd.getSpec();
      return spec(s.stage(), s.versionPolicy(), s.templateRef().version(), approvals);
    }

    PromotionDecision step(UseCaseObservation obs, Instant now) {
      last =
          engine.decide(
              new PromotionInput(
                  sd,
                  Optional.of(template),
                  List.of(),
                  true,
                  Optional.of(COVERED),
                  List.of(),
                  obs,
                  now));
      sd.setStatus(
          SiteDeploymentStatusAggregator.compute(
                  new SiteDeploymentStatusAggregator.Facts(
                      sd,
                      last,
                      Optional.of(template),
                      Optional.of(COVERED),
                      List.of(),
                      obs,
                      Optional.empty(),
                      now))
              .status());
      return last;
    }

    List<HistoryReason> reasons() {
      return sd.getStatus().history().stream().map(HistoryEntry::reason).toList();
    }
  }

  /** What the inference server reports: the active model loaded, with figures. */
  static UseCaseStatus serving(
      String version, long evaluations, DriftStatus drift, double kpiChange) {
    return new UseCaseStatus(
        "kiln1-energy",
        new ModelState(
            version, Workloads.exampleSha256(version), ModelLoadState.Loaded, null, 1L, version),
        null,
        null,
        Workloads.drift(drift, drift == DriftStatus.Alert ? 0.31 : 0.04),
        List.of(
            new KpiReport(
                "specific_heat_consumption",
                "kJ/kg",
                3450.0,
                BaselineSource.Calibration,
                3450.0 * (1 + kpiChange / 100),
                kpiChange,
                kpiChange < 0 ? KpiAssessment.Improved : KpiAssessment.Worse,
                60)),
        evaluations,
        Map.of(),
        null,
        1L,
        null);
  }

  static UseCaseStatus withCandidate(
      UseCaseStatus u, String version, Instant since, long samples, double meanAbsDelta) {
    return new UseCaseStatus(
        u.name(),
        u.active(),
        new ModelState(
            version, Workloads.exampleSha256(version), ModelLoadState.Loaded, null, 1L, version),
        new ShadowStats(version, since.toEpochMilli(), samples, meanAbsDelta, 0.9, 0, null, null),
        u.drift(),
        u.kpis(),
        u.evaluations(),
        u.skipped(),
        u.skipStreak(),
        u.firstValidInferenceAtMs(),
        null);
  }

  static UseCaseObservation obs(UseCaseStatus u) {
    return UseCaseObservation.of(
        new PlantObservation(
            Probe.reachable(Workloads.inference("lyon", u)), Probe.notPolled(), Optional.empty()),
        u.name());
  }

  static UseCaseObservation healthy(long evaluations) {
    return obs(serving("1.2.0", evaluations, DriftStatus.Ok, -1.5));
  }

  static Instant days(double d) {
    return T0.plus(Duration.ofMinutes((long) (d * 24 * 60)));
  }

  static GateResult gate(PromotionDecision d, String name) {
    return d.gates().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
  }

  static ApprovalStatus approvalOf(PromotionDecision d, String who) {
    return d.approvals().stream().filter(a -> a.approvedBy().equals(who)).findFirst().orElseThrow();
  }

  /** A site live in Shadow since T0 with 100 evaluations at its start. */
  Site shadow(Stage stage, Approval... approvals) {
    Site s = new Site(stage, approvals);
    assertThat(s.step(UseCaseObservation.notPolled(), T0).phase()).isEqualTo(Phase.Pending);
    assertThat(s.step(healthy(100), T0).phase()).isEqualTo(Phase.Shadow);
    return s;
  }

  /** A site that climbed to ClosedLoop with every approval: Advisory at day 2, ClosedLoop at 10. */
  Site closedLoop() {
    Site s = shadow(Stage.ClosedLoop, ENGINEER, MANAGER, AI_LEAD);
    assertThat(s.step(healthy(2000), days(2)).phase()).isEqualTo(Phase.Advisory);
    assertThat(s.step(healthy(13000), days(10)).phase()).isEqualTo(Phase.ClosedLoop);
    return s;
  }

  @Test
  void goesLiveInShadowOnceTheModelIsVerifiedThenWaitsForTheAdvisoryGates() {
    Site s = new Site(Stage.Advisory, ENGINEER);
    PromotionDecision waiting = s.step(UseCaseObservation.notPolled(), T0);
    assertThat(waiting.phase()).isEqualTo(Phase.Pending);
    assertThat(waiting.reason()).isEqualTo(Reason.AwaitingModelVerification);
    assertThat(waiting.pendingPromotion()).contains(new ToStage(Stage.Shadow));

    PromotionDecision live = s.step(healthy(100), T0.plusSeconds(30));
    assertThat(live.phase()).isEqualTo(Phase.Shadow);
    assertThat(live.activeModel().get().sha256()).isEqualTo(SHA_12);
    assertThat(live.history())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.reason()).isEqualTo(HistoryReason.Activated);
              assertThat(h.stage()).isEqualTo(Stage.Shadow);
              assertThat(h.to()).isNull();
            });
    assertThat(live.recheckAfter()).contains(StagedPromotionEngine.AFTER_TRANSITION);
    assertThat(live.phaseStartEvaluations()).contains(0L);

    PromotionDecision gated = s.step(healthy(400), T0.plusSeconds(60));
    assertThat(gated.phase()).isEqualTo(Phase.Shadow);
    assertThat(gated.pendingPromotion()).contains(new ToStage(Stage.Advisory));
    assertThat(gate(gated, "minSamples").passed()).isFalse();
    assertThat(gate(gated, "minSamples").observed()).isEqualTo("400");
    assertThat(gate(gated, "minSamples").required()).isEqualTo(">= 1440");
    assertThat(gate(gated, "minMinutes").message()).isEqualTo("passes at 2026-11-22T08:00:30Z");
    assertThat(gate(gated, "maxDriftStatus").passed()).isTrue();
    assertThat(gated.promoting().get().reason()).isEqualTo(Reason.AwaitingGates);
    assertThat(gated.promoting().get().message()).contains("minSamples", "minMinutes");
    assertThat(gated.pendingApprovals()).isEmpty();
    assertThat(approvalOf(gated, "j.dupont").reason()).isEqualTo(ApprovalReason.Valid);
    assertThat(gated.recheckAfter()).isPresent();
    assertThat(gated.recheckAfter().get()).isLessThanOrEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void missingApprovalKeepsTheSiteInShadowAndNamesTheRole() {
    Site s = shadow(Stage.Advisory);
    PromotionDecision d = s.step(healthy(2000), days(2));
    assertThat(d.phase()).isEqualTo(Phase.Shadow);
    assertThat(d.gates()).allSatisfy(g -> assertThat(g.passed()).as(g.toString()).isTrue());
    assertThat(d.pendingApprovals()).containsExactly("plant-process-engineer");
    assertThat(d.promoting().get().reason()).isEqualTo(Reason.AwaitingApprovals);
    assertThat(d.promoting().get().message())
        .contains("[plant-process-engineer]", "stage Advisory");
    assertThat(s.sd.getStatus().pendingSince()).isEqualTo("2026-11-23T08:00:00Z");

    // the approval lands (a Git commit): the next decision promotes, one stage only
    s.approvals(ENGINEER);
    PromotionDecision promoted = s.step(healthy(2000), days(2));
    assertThat(promoted.phase()).isEqualTo(Phase.Advisory);
    HistoryEntry h = promoted.history().get(promoted.history().size() - 1);
    assertThat(h.reason()).isEqualTo(HistoryReason.StagePromoted);
    assertThat(h.fromStage()).isEqualTo(Stage.Shadow);
    assertThat(h.approvals()).containsExactly("j.dupont (plant-process-engineer)");
    assertThat(promoted.events())
        .anySatisfy(e -> assertThat(e.reason()).isEqualTo(Reason.StagePromoted));
  }

  @Test
  void anApprovalInAnotherRoleDoesNotCount() {
    Site s =
        shadow(
            Stage.Advisory,
            approval(Stage.Advisory, null, "a.martin", "plant-manager", "2026-11-20T11:00:00Z"));
    PromotionDecision d = s.step(healthy(2000), days(2));
    assertThat(d.phase()).isEqualTo(Phase.Shadow);
    ApprovalStatus a = approvalOf(d, "a.martin");
    assertThat(a.counted()).isFalse();
    assertThat(a.reason()).isEqualTo(ApprovalReason.RoleNotRequired);
    assertThat(a.message()).contains("plant-manager", "[plant-process-engineer]");
    assertThat(d.pendingApprovals()).containsExactly("plant-process-engineer");
  }

  @Test
  void staleApprovalsDoNotCountAndStatusSaysWhy() {
    Site s =
        shadow(
            Stage.Advisory,
            approval(
                Stage.Advisory,
                "1.1.0",
                "old.version",
                "plant-process-engineer",
                "2026-11-20T10:00:00Z"),
            approval(
                Stage.Advisory, null, "too.old", "plant-process-engineer", "2026-08-01T10:00:00Z"),
            approval(
                Stage.Advisory,
                null,
                "time.traveller",
                "plant-process-engineer",
                "2027-01-01T00:00:00Z"),
            approval(
                Stage.ClosedLoop,
                null,
                "too.early",
                "plant-process-engineer",
                "2026-11-20T10:00:00Z"));
    PromotionDecision d = s.step(healthy(2000), days(2));
    assertThat(d.phase()).isEqualTo(Phase.Shadow);
    assertThat(approvalOf(d, "old.version").reason()).isEqualTo(ApprovalReason.StaleVersion);
    assertThat(approvalOf(d, "too.old").reason()).isEqualTo(ApprovalReason.Expired);
    assertThat(approvalOf(d, "too.old").message()).contains("approvalMaxAgeDays (90)");
    assertThat(approvalOf(d, "time.traveller").reason()).isEqualTo(ApprovalReason.InFuture);
    assertThat(approvalOf(d, "too.early").reason()).isEqualTo(ApprovalReason.OtherStage);
    assertThat(d.approvals()).allSatisfy(a -> assertThat(a.counted()).isFalse());
    assertThat(d.pendingApprovals()).containsExactly("plant-process-engineer");
  }

  @Test
  void aGateNotMetBlocksAnApprovedPromotionAndUnknownFactsNeverPromote() {
    Site s = shadow(Stage.Advisory, ENGINEER);
    PromotionDecision alert = s.step(obs(serving("1.2.0", 2000, DriftStatus.Alert, -1.5)), days(2));
    assertThat(alert.phase()).isEqualTo(Phase.Shadow);
    GateResult drift = gate(alert, "maxDriftStatus");
    assertThat(drift.passed()).isFalse();
    assertThat(drift.observed()).isEqualTo("Alert");
    assertThat(drift.required()).isEqualTo("<= Warn");
    assertThat(alert.pendingApprovals()).isEmpty();

    var unreachable =
        UseCaseObservation.of(
            new PlantObservation(
                Probe.unreachable("connection refused"), Probe.notPolled(), Optional.empty()),
            "kiln1-energy");
    PromotionDecision unknown = s.step(unreachable, days(3));
    assertThat(unknown.phase()).isEqualTo(Phase.Shadow);
    assertThat(unknown.gates())
        .allSatisfy(
            g -> {
              assertThat(g.passed()).isFalse();
              assertThat(g.message())
                  .startsWith("facts unknown: the inference server is unreachable");
            });
  }

  @Test
  void gatesMetAndApprovedClimbOneStageAtATimeMeasuringSamplesInTheCurrentStage() {
    Site s = shadow(Stage.ClosedLoop, ENGINEER, MANAGER, AI_LEAD);
    assertThat(s.step(healthy(2000), days(2)).phase()).isEqualTo(Phase.Advisory);
    assertThat(s.sd.getStatus().phaseStartEvaluations()).isEqualTo(2000L);

    // a week later, but only 9000 samples scored in Advisory: the ClosedLoop gate waits
    PromotionDecision waiting = s.step(healthy(11000), days(9.5));
    assertThat(waiting.phase()).isEqualTo(Phase.Advisory);
    assertThat(waiting.pendingPromotion()).contains(new ToStage(Stage.ClosedLoop));
    assertThat(gate(waiting, "minSamples").observed()).isEqualTo("9000");
    assertThat(gate(waiting, "condition").passed()).isTrue();
    assertThat(gate(waiting, "maxKpiDegradationPercent").passed()).isTrue();

    PromotionDecision closed = s.step(healthy(13000), days(9.5));
    assertThat(closed.phase()).isEqualTo(Phase.ClosedLoop);
    assertThat(closed.history().get(closed.history().size() - 1).approvals())
        .containsExactly("a.martin (plant-manager)", "k.schmidt (corporate-ai-lead)");
    assertThat(s.reasons())
        .containsExactly(
            HistoryReason.Activated, HistoryReason.StagePromoted, HistoryReason.StagePromoted);
  }

  @Test
  void aKpiThatIsNotBetterEnoughFailsTheClosedLoopCondition() {
    Site s = shadow(Stage.ClosedLoop, ENGINEER, MANAGER, AI_LEAD);
    s.step(healthy(2000), days(2));
    PromotionDecision d = s.step(obs(serving("1.2.0", 13000, DriftStatus.Ok, -0.2)), days(10));
    assertThat(d.phase()).isEqualTo(Phase.Advisory);
    assertThat(gate(d, "condition").passed()).isFalse();
    assertThat(gate(d, "condition").observed()).isEqualTo("false");
    assertThat(gate(d, "maxKpiDegradationPercent").passed()).isTrue();
  }

  @Test
  void driftAlertInClosedLoopFallsBackToAdvisoryAndOldApprovalsDoNotLetItClimbBack() {
    Site s = closedLoop();
    PromotionDecision rolled =
        s.step(obs(serving("1.2.0", 14000, DriftStatus.Alert, -1.5)), days(11));
    assertThat(rolled.phase()).isEqualTo(Phase.Advisory);
    assertThat(rolled.reason()).isEqualTo(Reason.Running);
    assertThat(rolled.rollback().get().reason()).isEqualTo(RollbackReason.DriftAlert);
    assertThat(rolled.rollback().get().fromPhase()).isEqualTo(Phase.ClosedLoop);
    assertThat(rolled.rolledBack().get().status()).isEqualTo(ConditionStatus.True);
    assertThat(rolled.events())
        .anySatisfy(
            e -> {
              assertThat(e.warning()).isTrue();
              assertThat(e.reason()).isEqualTo(Reason.RolledBackDrift);
              assertThat(e.message()).contains("kiln.feed.rate");
            });

    // drift recovers and gates pass again a week later: the approvals predate the rollback
    PromotionDecision blocked = s.step(healthy(30000), days(19));
    assertThat(blocked.phase()).isEqualTo(Phase.Advisory);
    assertThat(blocked.gates()).allSatisfy(g -> assertThat(g.passed()).isTrue());
    assertThat(approvalOf(blocked, "a.martin").reason()).isEqualTo(ApprovalReason.BeforeRollback);
    assertThat(blocked.pendingApprovals()).containsExactly("plant-manager", "corporate-ai-lead");

    s.approvals(
        ENGINEER,
        approval(Stage.ClosedLoop, null, "a.martin", "plant-manager", "2026-12-09T09:00:00Z"),
        approval(Stage.ClosedLoop, null, "k.schmidt", "corporate-ai-lead", "2026-12-09T09:30:00Z"));
    PromotionDecision back = s.step(healthy(30000), days(19));
    assertThat(back.phase()).isEqualTo(Phase.ClosedLoop);
    assertThat(back.rolledBack().get().status()).isEqualTo(ConditionStatus.False);
    assertThat(back.rolledBack().get().reason()).isEqualTo(Reason.PromotedSince);
  }

  @Test
  void aKpiDegradedForThePolicysDurationStepsOneStageDown() {
    Site s = closedLoop();
    var worse = obs(serving("1.2.0", 14000, DriftStatus.Ok, 4.0));
    PromotionDecision first = s.step(worse, days(11));
    assertThat(first.phase()).isEqualTo(Phase.ClosedLoop);
    assertThat(first.kpiDegradedSince()).contains("2026-12-02T08:00:00Z");
    assertThat(first.recheckAfter()).contains(Duration.ofMinutes(120));

    assertThat(s.step(worse, days(11).plus(Duration.ofMinutes(119))).phase())
        .isEqualTo(Phase.ClosedLoop);
    PromotionDecision rolled = s.step(worse, days(11).plus(Duration.ofMinutes(120)));
    assertThat(rolled.phase()).isEqualTo(Phase.Advisory);
    assertThat(rolled.rollback().get().reason()).isEqualTo(RollbackReason.KpiDegraded);
    assertThat(rolled.rollback().get().message())
        .contains("specific_heat_consumption is 4 % worse than baseline");
    assertThat(rolled.kpiDegradedSince()).isEmpty();
    assertThat(s.reasons()).endsWith(HistoryReason.RolledBackKpi);
  }

  @Test
  void aKpiDegradationThatRecoversInTimeResetsTheClock() {
    Site s = closedLoop();
    s.step(obs(serving("1.2.0", 14000, DriftStatus.Ok, 4.0)), days(11));
    assertThat(s.step(healthy(14100), days(11).plusSeconds(3600)).kpiDegradedSince()).isEmpty();
    PromotionDecision again =
        s.step(obs(serving("1.2.0", 14200, DriftStatus.Ok, 4.0)), days(11).plusSeconds(7300));
    assertThat(again.phase()).isEqualTo(Phase.ClosedLoop);
    assertThat(again.kpiDegradedSince()).contains("2026-12-02T10:01:40Z");
  }

  /** Follow-latest makes 1.3.0 a candidate; its gates pass and the AI lead approves it. */
  Site promotedTo13(Site s, Instant start) {
    s.spec(
        s.sd.getSpec().stage(),
        VersionPolicy.FollowLatest,
        null,
        s.sd.getSpec().approvals().toArray(Approval[]::new));
    PromotionDecision started = s.step(healthy(20000), start);
    assertThat(started.candidateModel())
        .get()
        .satisfies(c -> assertThat(c.version()).isEqualTo("1.3.0"));
    assertThat(started.pendingPromotion()).contains(new ToVersion("1.3.0"));
    UseCaseStatus shadowed =
        withCandidate(serving("1.2.0", 25000, DriftStatus.Ok, -1.5), "1.3.0", start, 3000, 0.2);
    PromotionDecision d = s.step(obs(shadowed), start.plus(Duration.ofDays(2)));
    assertThat(d.pendingApprovals()).as(d.gates().toString()).isEmpty();
    assertThat(d.activeModel().get().version()).isEqualTo("1.3.0");
    return s;
  }

  @Test
  void pinnedStaysOnItsVersionAndFollowLatestScoresTheNewOneInShadowFirst() {
    Site s = shadow(Stage.Advisory, ENGINEER, AI_LEAD_13);
    s.step(healthy(2000), days(2));
    assertThat(s.sd.getStatus().phase()).isEqualTo(Phase.Advisory);
    PromotionDecision pinned = s.step(healthy(2100), days(3));
    assertThat(pinned.candidateModel()).isEmpty();
    assertThat(pinned.resolvedVersion()).contains("1.2.0");

    s.spec(Stage.Advisory, VersionPolicy.FollowLatest, null, ENGINEER, AI_LEAD_13);
    PromotionDecision started = s.step(healthy(2200), days(3));
    assertThat(started.activeModel().get().version()).isEqualTo("1.2.0");
    assertThat(started.candidateModel().get().version()).isEqualTo("1.3.0");
    assertThat(started.candidateModel().get().sha256()).isEqualTo(SHA_13);
    assertThat(s.reasons()).endsWith(HistoryReason.CandidateStarted);

    // the inference server scores it, but not for long enough
    UseCaseStatus shadowed =
        withCandidate(serving("1.2.0", 2300, DriftStatus.Ok, -1.5), "1.3.0", days(3), 500, 0.2);
    PromotionDecision early = s.step(obs(shadowed), days(3.5));
    assertThat(early.activeModel().get().version()).isEqualTo("1.2.0");
    assertThat(gate(early, "candidateLoaded").passed()).isTrue();
    assertThat(gate(early, "minSamples").observed()).isEqualTo("500");
    assertThat(gate(early, "maxMeanAbsDelta").passed()).isTrue();
    assertThat(s.sd.getStatus().candidateModel().samples()).isEqualTo(500L);

    // pinned back to 1.2.0: the candidate is withdrawn
    s.spec(Stage.Advisory, VersionPolicy.Pinned, "1.2.0", ENGINEER, AI_LEAD_13);
    PromotionDecision withdrawn = s.step(obs(shadowed), days(3.6));
    assertThat(withdrawn.candidateModel()).isEmpty();
    assertThat(withdrawn.pendingPromotion()).isEmpty();
    assertThat(s.reasons()).endsWith(HistoryReason.CandidateWithdrawn);
  }

  @Test
  void aCandidatePassingItsGatesWithTheVersionApprovalReplacesTheActiveModel() {
    Site s = shadow(Stage.Advisory, ENGINEER);
    s.step(healthy(2000), days(2));
    s.spec(Stage.Advisory, VersionPolicy.FollowLatest, null, ENGINEER);
    s.step(healthy(2200), days(3));
    UseCaseStatus shadowed =
        withCandidate(serving("1.2.0", 6000, DriftStatus.Ok, -1.5), "1.3.0", days(3), 3000, 0.2);
    PromotionDecision unapproved = s.step(obs(shadowed), days(5.1));
    assertThat(unapproved.activeModel().get().version()).isEqualTo("1.2.0");
    assertThat(unapproved.pendingApprovals()).containsExactly("corporate-ai-lead");
    assertThat(approvalOf(unapproved, "j.dupont").reason()).isEqualTo(ApprovalReason.OtherStage);

    s.approvals(
        ENGINEER,
        approval(null, "1.2.5", "k.schmidt", "corporate-ai-lead", "2026-11-20T12:00:00Z"));
    PromotionDecision stale = s.step(obs(shadowed), days(5.1));
    assertThat(approvalOf(stale, "k.schmidt").reason()).isEqualTo(ApprovalReason.StaleVersion);

    s.approvals(ENGINEER, AI_LEAD_13);
    PromotionDecision promoted = s.step(obs(shadowed), days(5.1));
    assertThat(promoted.phase()).isEqualTo(Phase.Advisory);
    assertThat(promoted.activeModel().get().version()).isEqualTo("1.3.0");
    assertThat(promoted.activeModel().get().sha256()).isEqualTo(SHA_13);
    assertThat(promoted.candidateModel()).isEmpty();
    HistoryEntry h = promoted.history().get(promoted.history().size() - 1);
    assertThat(h.reason()).isEqualTo(HistoryReason.VersionPromoted);
    assertThat(h.fromVersion()).isEqualTo("1.2.0");
    assertThat(h.approvals()).containsExactly("k.schmidt (corporate-ai-lead)");
  }

  @Test
  void aStagePromotionWaitsWhileACandidateIsInShadow() {
    Site s = shadow(Stage.Shadow, ENGINEER);
    s.spec(Stage.Advisory, VersionPolicy.FollowLatest, null, ENGINEER);
    PromotionDecision d = s.step(healthy(2000), days(2));
    assertThat(d.phase()).isEqualTo(Phase.Shadow);
    assertThat(d.pendingPromotion()).contains(new ToVersion("1.3.0"));
    assertThat(d.message()).contains("the promotion to Advisory waits for it");
  }

  @Test
  void aVersionThatCannotBeLoadedFallsBackToThePreviousOne() {
    Site s = shadow(Stage.Advisory, ENGINEER, AI_LEAD_13);
    s.step(healthy(2000), days(2));
    promotedTo13(s, days(3));
    UseCaseStatus refused =
        new UseCaseStatus(
            "kiln1-energy",
            new ModelState(
                "1.3.0",
                null,
                ModelLoadState.Failed,
                ModelRefusal.of(ModelRefusalReason.DigestMismatch, "file has 1f3a"),
                null,
                "1.2.0"),
            null,
            null,
            Workloads.drift(DriftStatus.Ok, 0.04),
            List.of(),
            30000,
            Map.of(),
            null,
            1L,
            null);
    PromotionDecision rolled = s.step(obs(refused), days(5.5));
    assertThat(rolled.phase()).isEqualTo(Phase.Advisory);
    assertThat(rolled.activeModel().get().version()).isEqualTo("1.2.0");
    assertThat(rolled.rollback().get().reason()).isEqualTo(RollbackReason.ModelLoadFailed);
    assertThat(rolled.rollback().get().fromVersion()).isEqualTo("1.3.0");
    assertThat(rolled.rollback().get().toVersion()).isEqualTo("1.2.0");
    assertThat(s.reasons())
        .endsWith(HistoryReason.VersionPromoted, HistoryReason.RolledBackModelLoad);

    // 1.3.0 is still selected: it is a candidate again, and its approval predates the rollback
    PromotionDecision after = s.step(obs(serving("1.2.0", 30100, DriftStatus.Ok, -1.5)), days(5.6));
    assertThat(after.activeModel().get().version()).isEqualTo("1.2.0");
    assertThat(after.candidateModel().get().version()).isEqualTo("1.3.0");
    assertThat(approvalOf(after, "k.schmidt").reason()).isEqualTo(ApprovalReason.BeforeRollback);
    assertThat(gate(after, "candidateLoaded").passed()).isFalse();
  }

  @Test
  void aKpiDegradationRightAfterAVersionPromotionReturnsToThePreviousVersion() {
    Site s = shadow(Stage.Advisory, ENGINEER, AI_LEAD_13);
    s.step(healthy(2000), days(2));
    promotedTo13(s, days(3));
    var worse = obs(serving("1.3.0", 30000, DriftStatus.Ok, 5.0));
    s.step(worse, days(5.2));
    PromotionDecision rolled = s.step(worse, days(5.2).plus(Duration.ofMinutes(121)));
    assertThat(rolled.phase()).isEqualTo(Phase.Advisory);
    assertThat(rolled.activeModel().get().version()).isEqualTo("1.2.0");
    assertThat(rolled.rollback().get().reason()).isEqualTo(RollbackReason.KpiDegraded);
    assertThat(rolled.rollback().get().message()).contains("after model 1.3.0 was promoted");
  }

  @Test
  void theActiveModelRefusedWithoutAPreviousVersionMakesTheSitePending() {
    Site s = shadow(Stage.Advisory, ENGINEER);
    s.step(healthy(2000), days(2));
    var refused =
        obs(
            Workloads.refused(
                "kiln1-energy", "1.2.0", ModelRefusal.of(ModelRefusalReason.DigestMismatch, "x")));
    PromotionDecision down = s.step(refused, days(2.5));
    assertThat(down.phase()).isEqualTo(Phase.Pending);
    assertThat(down.reason()).isEqualTo(Reason.ModelLoadFailed);
    assertThat(down.rollback().get().toPhase()).isEqualTo(Phase.Pending);
    assertThat(down.history().get(1).to())
        .as("the live period is closed")
        .isEqualTo("2026-11-23T20:00:00Z");
  }

  @Test
  void aLiveVersionRemovedFromTheTemplateStartsTheSelectedOneOverInShadow() {
    Site s = closedLoop();
    s.template =
        new UseCaseTemplateSpec(
            KILN.displayName(),
            KILN.description(),
            KILN.owner(),
            KILN.cadenceSeconds(),
            KILN.inputs(),
            KILN.observedSignals(),
            KILN.outputs(),
            KILN.models().stream().filter(m -> m.version().equals("1.3.0")).toList(),
            KILN.kpis(),
            KILN.drift(),
            KILN.promotion(),
            KILN.retraining());
    s.spec(Stage.ClosedLoop, VersionPolicy.FollowLatest, null, ENGINEER, MANAGER, AI_LEAD);
    PromotionDecision d = s.step(healthy(14000), days(11));
    assertThat(d.phase()).isEqualTo(Phase.Pending);
    assertThat(d.activeModel().get().version()).isEqualTo("1.3.0");
    assertThat(d.history().get(d.history().size() - 2).to())
        .as("the ClosedLoop period of 1.2.0 is closed")
        .isEqualTo("2026-12-02T08:00:00Z");
    HistoryEntry excursion = d.history().get(d.history().size() - 1);
    assertThat(excursion.reason()).isEqualTo(HistoryReason.NotLive);
    assertThat(excursion.fromStage()).isEqualTo(Stage.ClosedLoop);
    assertThat(excursion.to()).as("open while not live").isNull();
    PromotionDecision shadow = s.step(obs(serving("1.3.0", 10, DriftStatus.Ok, -1.5)), days(11.1));
    assertThat(shadow.phase()).isEqualTo(Phase.Shadow);
    assertThat(s.reasons()).endsWith(HistoryReason.Activated);
  }

  @Test
  void loweringSpecStageStepsDownAtOnceWithoutApprovals() {
    Site s = closedLoop();
    s.stage(Stage.Shadow).approvals();
    PromotionDecision d = s.step(healthy(14000), days(11));
    assertThat(d.phase()).isEqualTo(Phase.Shadow);
    assertThat(d.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo(Reason.StageLowered));
    HistoryEntry h = d.history().get(d.history().size() - 1);
    assertThat(h.reason()).isEqualTo(HistoryReason.StageLowered);
    assertThat(h.fromStage()).isEqualTo(Stage.ClosedLoop);
    assertThat(h.stage()).isEqualTo(Stage.Shadow);
    assertThat(d.history().get(d.history().size() - 2).to()).isEqualTo("2026-12-02T08:00:00Z");
  }

  @Test
  void decidingAgainOnWhatWasWrittenRepeatsNoTransition() {
    // every step of a full scenario, decided a second time on the status it wrote (an operator
    // restarted, or another replica): same status, no new history, no event
    Site s = new Site(Stage.ClosedLoop, ENGINEER, MANAGER, AI_LEAD);
    List<Object[]> steps = new ArrayList<>();
    steps.add(new Object[] {UseCaseObservation.notPolled(), T0});
    steps.add(new Object[] {healthy(100), T0});
    steps.add(new Object[] {healthy(800), days(1)});
    steps.add(new Object[] {healthy(2000), days(2)});
    steps.add(new Object[] {healthy(13000), days(10)});
    steps.add(new Object[] {obs(serving("1.2.0", 14000, DriftStatus.Alert, -1.5)), days(11)});
    for (Object[] step : steps) {
      UseCaseObservation o = (UseCaseObservation) step[0];
      Instant t = (Instant) step[1];
      s.step(o, t);
      var written = s.sd.getStatus();
      PromotionDecision again = s.step(o, t.plusSeconds(1));
      assertThat(again.events()).as("events at %s", t).isEmpty();
      assertThat(s.sd.getStatus().history()).isEqualTo(written.history());
      assertThat(s.sd.getStatus().phase()).isEqualTo(written.phase());
      assertThat(s.sd.getStatus().phaseSince()).isEqualTo(written.phaseSince());
      if (written.pendingPromotion() != null) {
        assertThat(s.sd.getStatus().pendingSince()).isEqualTo(written.pendingSince());
      }
    }
    assertThat(s.reasons())
        .containsExactly(
            HistoryReason.Activated,
            HistoryReason.StagePromoted,
            HistoryReason.StagePromoted,
            HistoryReason.RolledBackDrift);
  }

  @Test
  void capsTheStageAtTheTemplatesMaxAutonomyAndRecordsTheRefusalOnce() {
    Site s = new Site(Stage.ClosedLoop);
    s.template = FREE_LIME;
    s.spec(Stage.ClosedLoop, VersionPolicy.Pinned, "1.0.0");
    var obs = obs(Workloads.loaded("kiln1-energy", "1.0.0", 0));
    s.step(obs, T0);
    PromotionDecision first = s.step(obs, T0.plusSeconds(5));
    assertThat(first.phase()).isEqualTo(Phase.Shadow);
    assertThat(first.history())
        .extracting(HistoryEntry::reason)
        .containsExactly(HistoryReason.Activated, HistoryReason.Refused);
    PromotionDecision again = s.step(obs, T0.plusSeconds(60));
    assertThat(again.history()).isEqualTo(first.history());
    assertThat(again.events()).isEmpty();
  }

  @Test
  void historyIsBoundedToTheLatestFiftyEntries() {
    Site s = shadow(Stage.Advisory, ENGINEER);
    for (int i = 0; i < 30; i++) {
      // each climb back after a lowering needs an approval given after it
      s.approvals(
          approval(
              Stage.Advisory,
              null,
              "j.dupont",
              "plant-process-engineer",
              Conditions.timestamp(days(1 + i * 2))));
      s.stage(Stage.Advisory);
      s.step(healthy(2000 + i * 4000L), days(2 + i * 2));
      s.stage(Stage.Shadow);
      s.step(healthy(3000 + i * 4000L), days(2 + i * 2).plusSeconds(60));
    }
    assertThat(s.sd.getStatus().history()).hasSize(PromotionDecision.HISTORY_LIMIT);
    assertThat(s.reasons()).endsWith(HistoryReason.StagePromoted, HistoryReason.StageLowered);
  }

  @Test
  void uncoveredInputsKeepTheSitePendingAndAMissingTemplateFailsIt() {
    Site s = new Site(Stage.Advisory);
    var gap = new ContractCheck.Gap("kiln.speed", ContractCheck.GapKind.NOT_MAPPED, "not mapped");
    var uncovered = new ContractCheck.Report(List.of("kiln.speed"), List.of(gap), Map.of());
    PromotionDecision d =
        engine.decide(
            new PromotionInput(
                s.sd,
                Optional.of(KILN),
                List.of(),
                true,
                Optional.of(uncovered),
                List.of(),
                healthy(10),
                T0));
    assertThat(d.phase()).isEqualTo(Phase.Pending);
    assertThat(d.reason()).isEqualTo(Reason.InputsNotCovered);
    assertThat(d.message()).contains("[kiln.speed]");
    PromotionDecision noTemplate =
        engine.decide(
            new PromotionInput(
                s.sd,
                Optional.empty(),
                List.of(),
                true,
                Optional.empty(),
                List.of(),
                healthy(10),
                T0));
    assertThat(noTemplate.phase()).isEqualTo(Phase.Failed);
    assertThat(noTemplate.message())
        .contains(
            "UseCaseTemplate kiln-energy-optimization (spec.templateRef.name) does not exist");
  }

  @Test
  void aSiteLoweredBelowAnApprovedStageNeedsAFreshApprovalToClimbBack() {
    Site s = closedLoop();
    s.stage(Stage.Advisory);
    assertThat(s.step(healthy(14000), days(11)).phase()).isEqualTo(Phase.Advisory);
    s.stage(Stage.ClosedLoop);
    PromotionDecision waiting = s.step(healthy(30000), days(19));
    assertThat(waiting.phase()).isEqualTo(Phase.Advisory);
    assertThat(gate(waiting, "minSamples").passed()).isTrue();
    assertThat(approvalOf(waiting, "a.martin").reason()).isEqualTo(ApprovalReason.BeforeDrop);
    assertThat(approvalOf(waiting, "a.martin").message())
        .contains("fell below ClosedLoop at 2026-12-02T08:00:00Z");
    assertThat(approvalOf(waiting, "k.schmidt").reason()).isEqualTo(ApprovalReason.BeforeDrop);
    assertThat(waiting.pendingApprovals()).containsExactly("plant-manager", "corporate-ai-lead");

    Approval freshManager =
        approval(Stage.ClosedLoop, null, "a.martin", "plant-manager", "2026-12-09T08:00:00Z");
    Approval freshLead =
        approval(Stage.ClosedLoop, null, "k.schmidt", "corporate-ai-lead", "2026-12-09T09:00:00Z");
    s.approvals(ENGINEER, freshManager, freshLead);
    assertThat(s.step(healthy(30100), days(19.1)).phase()).isEqualTo(Phase.ClosedLoop);
  }

  @Test
  void aLiveSiteThatGoesPendingRecordsTheExcursionAndClimbsBackOnlyOnFreshApprovals() {
    Site s = closedLoop();
    var gap = new ContractCheck.Gap("kiln.speed", ContractCheck.GapKind.NOT_MAPPED, "not mapped");
    var uncovered = new ContractCheck.Report(List.of("kiln.speed"), List.of(gap), Map.of());
    PromotionDecision pending =
        engine.decide(
            new PromotionInput(
                s.sd,
                Optional.of(KILN),
                List.of(),
                true,
                Optional.of(uncovered),
                List.of(),
                healthy(14000),
                days(11)));
    assertThat(pending.phase()).isEqualTo(Phase.Pending);
    HistoryEntry excursion = pending.history().get(pending.history().size() - 1);
    assertThat(excursion.reason()).isEqualTo(HistoryReason.NotLive);
    assertThat(excursion.stage()).isNull();
    assertThat(excursion.fromStage()).isEqualTo(Stage.ClosedLoop);
    assertThat(excursion.from()).isEqualTo("2026-12-02T08:00:00Z");
    assertThat(excursion.message())
        .startsWith(
            "phase ClosedLoop -> Pending: TagMapping lyon-kiln1 does not cover [kiln.speed]");
    assertThat(pending.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.NotLive);
              assertThat(e.warning()).isTrue();
            });
    s.sd.setStatus(
        SiteDeploymentStatusAggregator.compute(
                new SiteDeploymentStatusAggregator.Facts(
                    s.sd,
                    pending,
                    Optional.of(KILN),
                    Optional.of(uncovered),
                    List.of(),
                    healthy(14000),
                    Optional.empty(),
                    days(11)))
            .status());

    // covered again: live in Shadow, then Advisory and ClosedLoop each wait for a fresh approval
    PromotionDecision back = s.step(healthy(14100), days(11.5));
    assertThat(back.phase()).isEqualTo(Phase.Shadow);
    assertThat(s.reasons())
        .endsWith(HistoryReason.StagePromoted, HistoryReason.NotLive, HistoryReason.Activated);
    HistoryEntry closed = back.history().get(back.history().size() - 2);
    assertThat(closed.to()).as("the excursion ends when live again").isEqualTo(back.phaseSince());
    PromotionDecision waiting = s.step(healthy(20000), days(13));
    assertThat(waiting.phase()).isEqualTo(Phase.Shadow);
    assertThat(approvalOf(waiting, "j.dupont").reason()).isEqualTo(ApprovalReason.BeforeDrop);
    s.approvals(
        approval(
            Stage.Advisory, null, "j.dupont", "plant-process-engineer", "2026-12-04T08:00:00Z"),
        MANAGER,
        AI_LEAD);
    assertThat(s.step(healthy(20100), days(13.1)).phase()).isEqualTo(Phase.Advisory);
    PromotionDecision closedLoopWaits = s.step(healthy(40000), days(22));
    assertThat(closedLoopWaits.phase()).isEqualTo(Phase.Advisory);
    assertThat(approvalOf(closedLoopWaits, "a.martin").reason())
        .isEqualTo(ApprovalReason.BeforeDrop);
  }

  @Test
  void anApprovalGivenWhileTheSiteWasBelowTheStageStillCounts() {
    // the engineer approves Advisory while the site is in Shadow; a drop from Shadow to Pending and
    // back does not take the site below Advisory, so the approval stands
    Site s = shadow(Stage.Advisory, ENGINEER);
    var gap = new ContractCheck.Gap("kiln.speed", ContractCheck.GapKind.NOT_MAPPED, "not mapped");
    var uncovered = new ContractCheck.Report(List.of("kiln.speed"), List.of(gap), Map.of());
    PromotionDecision pending =
        engine.decide(
            new PromotionInput(
                s.sd,
                Optional.of(KILN),
                List.of(),
                true,
                Optional.of(uncovered),
                List.of(),
                healthy(200),
                days(0.5)));
    assertThat(pending.history().get(pending.history().size() - 1).reason())
        .isEqualTo(HistoryReason.NotLive);
    s.sd.setStatus(
        SiteDeploymentStatusAggregator.compute(
                new SiteDeploymentStatusAggregator.Facts(
                    s.sd,
                    pending,
                    Optional.of(KILN),
                    Optional.of(uncovered),
                    List.of(),
                    healthy(200),
                    Optional.empty(),
                    days(0.5)))
            .status());
    assertThat(s.step(healthy(300), days(0.6)).phase()).isEqualTo(Phase.Shadow);
    PromotionDecision advisory = s.step(healthy(3000), days(2));
    assertThat(advisory.phase()).isEqualTo(Phase.Advisory);
  }
}
