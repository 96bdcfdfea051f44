package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.PromotionPolicy;
import io.plantops.api.v1alpha1.RollbackPolicy;
import io.plantops.api.v1alpha1.RollbackStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.TemplateRef;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.contract.DriftStatus;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.promotion.Policy.Verdict;
import io.plantops.operator.rollout.RingAccess;
import io.plantops.operator.testing.Workloads;
import io.plantops.operator.validation.ContractCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A SiteDeployment in a chosen state (spec, the status as last written, what the inference server
 * reports, the time), and the {@link Situation} a policy sees in it. Fields are set directly.
 */
final class SiteState {

  static final Instant T0 = StagedPromotionEngineTest.T0;
  static final String T0_TEXT = "2026-11-21T08:00:00Z";

  UseCaseTemplateSpec template = StagedPromotionEngineTest.KILN;
  Stage stage = Stage.ClosedLoop;
  VersionPolicy versionPolicy = VersionPolicy.Pinned;
  String pinned = "1.2.0";
  List<Approval> approvals = List.of();
  Optional<Phase> phase = Optional.empty();
  String activeVersion = "1.2.0";
  String activeSha = Workloads.exampleSha256("1.2.0");
  String phaseSince = T0_TEXT;
  Long phaseStartEvaluations = 0L;
  CandidateModel candidate;
  String kpiDegradedSince;
  RollbackStatus rollback;
  List<HistoryEntry> history = new ArrayList<>();
  UseCaseObservation observation = healthy("1.2.0", 100);
  Instant now = T0;
  ContractCheck.Report contract = StagedPromotionEngineTest.COVERED;
  RingAccess ring = RingAccess.LATEST;

  /** Live in {@code phase} since T0 with 1.2.0, activated then promoted step by step. */
  static SiteState live(Phase phase) {
    SiteState s = new SiteState();
    s.phase = Optional.of(phase);
    s.period("1.2.0", Stage.Shadow, HistoryReason.Activated, "2026-11-19T08:00:00Z");
    if (phase.stage().atLeast(Stage.Advisory)) {
      s.period("1.2.0", Stage.Advisory, HistoryReason.StagePromoted, "2026-11-20T08:00:00Z");
    }
    if (phase == Phase.ClosedLoop) {
      s.period("1.2.0", Stage.ClosedLoop, HistoryReason.StagePromoted, T0_TEXT);
    }
    return s;
  }

  /** Adds a period to the history, closing the one open. */
  SiteState period(String version, Stage stage, HistoryReason why, String from) {
    if (!history.isEmpty()) {
      HistoryEntry h = history.get(history.size() - 1);
      history.set(
          history.size() - 1,
          new HistoryEntry(
              h.version(),
              h.stage(),
              h.from(),
              from,
              h.reason(),
              h.fromStage(),
              h.fromVersion(),
              h.approvals(),
              h.message()));
    }
    history.add(new HistoryEntry(version, stage, from, null, why, null, null, null, why.name()));
    return this;
  }

  /** {@code t} with only the model {@code versions}. */
  static UseCaseTemplateSpec withModels(UseCaseTemplateSpec t, String... versions) {
    List<String> keep = List.of(versions);
    return with(
        t, t.models().stream().filter(m -> keep.contains(m.version())).toList(), t.promotion());
  }

  /** {@code t} with another promotion policy. */
  static UseCaseTemplateSpec withPromotion(UseCaseTemplateSpec t, PromotionPolicy promotion) {
    return with(t, t.models(), promotion);
  }

  /** {@code t}'s promotion policy with another maxAutonomy. */
  static UseCaseTemplateSpec withMaxAutonomy(UseCaseTemplateSpec t, Stage max) {
    PromotionPolicy p = t.promotion();
    return withPromotion(
        t,
        new PromotionPolicy(
            max,
            p.stages(),
            p.versionUpdate(),
            p.rollback(),
            p.approvalMaxAgeDays(),
            p.maxSkippedCycles()));
  }

  /** {@code t}'s promotion policy with another rollback policy. */
  static UseCaseTemplateSpec withRollback(UseCaseTemplateSpec t, RollbackPolicy rollback) {
    PromotionPolicy p = t.promotion();
    return withPromotion(
        t,
        new PromotionPolicy(
            p.maxAutonomy(),
            p.stages(),
            p.versionUpdate(),
            rollback,
            p.approvalMaxAgeDays(),
            p.maxSkippedCycles()));
  }

  private static UseCaseTemplateSpec with(
      UseCaseTemplateSpec t, List<ModelVersion> models, PromotionPolicy promotion) {
    return new UseCaseTemplateSpec(
        t.displayName(),
        t.description(),
        t.owner(),
        t.cadenceSeconds(),
        t.inputs(),
        t.observedSignals(),
        t.outputs(),
        models,
        t.kpis(),
        t.drift(),
        promotion,
        t.retraining());
  }

  /** The example template's model {@code version}. */
  static ModelVersion model(String version) {
    return StagedPromotionEngineTest.KILN.models().stream()
        .filter(m -> m.version().equals(version))
        .findFirst()
        .orElseThrow();
  }

  static UseCaseObservation healthy(String version, long evaluations) {
    return StagedPromotionEngineTest.obs(
        StagedPromotionEngineTest.serving(version, evaluations, DriftStatus.Ok, -1.5));
  }

  static UseCaseObservation serving(String version, DriftStatus drift, double kpiChange) {
    return StagedPromotionEngineTest.obs(
        StagedPromotionEngineTest.serving(version, 100, drift, kpiChange));
  }

  PromotionInput input() {
    SiteDeployment sd = new SiteDeployment();
    sd.getMetadata().setName("kiln1-energy");
    sd.getMetadata().setNamespace("plant-lyon");
    sd.getMetadata().setGeneration(1L);
    sd.setSpec(
        new SiteDeploymentSpec(
            "lyon",
            new TemplateRef("kiln-energy-optimization", pinned),
            versionPolicy,
            "lyon-kiln1",
            stage,
            null,
            approvals));
    phase.ifPresent(
        p ->
            sd.setStatus(
                new SiteDeploymentStatus(
                    1L,
                    p,
                    phaseSince,
                    phaseStartEvaluations,
                    pinned,
                    null,
                    new ActiveModel(activeVersion, activeSha, "2026-11-19T08:00:00Z"),
                    candidate,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    100L,
                    null,
                    kpiDegradedSince,
                    rollback,
                    List.copyOf(history),
                    List.of())));
    return new PromotionInput(
        sd,
        Optional.of(template),
        List.of(),
        true,
        Optional.of(contract),
        List.of(),
        observation,
        now,
        ring);
  }

  Situation situation() {
    return Situation.of(input());
  }

  /** What {@code policy} decides here; fails when it passes. */
  Outcome decided(Policy policy) {
    Verdict v = policy.evaluate(situation());
    if (v instanceof Verdict.Decide d) {
      return d.outcome();
    }
    throw new AssertionError(policy.getClass().getSimpleName() + " passed: " + v);
  }

  /** The notes {@code policy} passes with here; fails when it decides. */
  List<Policy.Note> passed(Policy policy) {
    Verdict v = policy.evaluate(situation());
    if (v instanceof Verdict.Pass p) {
      return p.notes();
    }
    throw new AssertionError(policy.getClass().getSimpleName() + " decided: " + v);
  }
}
