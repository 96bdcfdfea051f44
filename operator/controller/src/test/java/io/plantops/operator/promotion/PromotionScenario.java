package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.Gates;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.PromotionPolicy;
import io.plantops.api.v1alpha1.RollbackPolicy;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.StagePolicy;
import io.plantops.api.v1alpha1.TemplateRef;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.api.v1alpha1.VersionPromotionPolicy;
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
import io.plantops.operator.observe.Reachability;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.sitedeployment.SiteDeploymentStatusAggregator;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.testing.Workloads;
import io.plantops.operator.validation.ContractCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A generated promotion scenario: a template and its promotion policy, then steps that change the
 * spec (stage, version policy, approvals), the template's models, readiness (plant, inputs,
 * calibration, template), and what the inference server reports (reachability, the active and the
 * candidate slot, shadow figures, drift, KPIs, an evaluation counter that may restart), at times
 * from seconds to days apart. Choices are small integers, so that jqwik shrinks a failing scenario
 * to a short one with plain choices.
 */
final class PromotionScenario {

  static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
  static final String OTHER_SHA = "ab".repeat(32);
  static final ContractCheck.Report COVERED =
      new ContractCheck.Report(List.of(), List.of(), Map.of());
  static final ContractCheck.Report UNCOVERED =
      new ContractCheck.Report(
          List.of("kiln.speed"),
          List.of(
              new ContractCheck.Gap("kiln.speed", ContractCheck.GapKind.NOT_MAPPED, "not mapped")),
          Map.of());
  static final Duration[] ADVANCES = {
    Duration.ZERO,
    Duration.ofSeconds(1),
    Duration.ofSeconds(30),
    Duration.ofMinutes(5),
    Duration.ofHours(1),
    Duration.ofMinutes(121),
    Duration.ofHours(12),
    Duration.ofDays(1),
    Duration.ofDays(2).plusMinutes(1),
    Duration.ofDays(3),
    Duration.ofDays(8)
  };
  static final Double[] KPI_CHANGES = {-1.5, -0.6, -0.2, 0.0, 4.0, 5.0, null, 3.5};
  static final long[] EVALUATION_STEPS = {0, 10, 100, 1500, 3000, 11000, -1};

  final UseCaseTemplateSpec base;
  final PromotionPolicy policy;
  final List<Approval> pool;
  List<ModelVersion> models;
  boolean templateMissing;
  List<String> templateProblems = List.of();
  boolean plantFound = true;
  ContractCheck.Report contract = COVERED;
  List<String> calibrationProblems = List.of();
  SiteDeploymentSpec spec;
  long evaluations;
  Instant now = T0;
  UseCaseObservation observation = UseCaseObservation.notPolled();

  /** A scenario from eight setup choices. */
  PromotionScenario(List<Integer> s) {
    base = s.get(0) % 2 == 0 ? StagedPromotionEngineTest.KILN : StagedPromotionEngineTest.FREE_LIME;
    String kpi = base.kpis().get(0).name();
    policy =
        switch (s.get(1) % 3) {
          case 0 -> base.promotion();
          case 1 -> fastPolicy(s, kpi);
          default -> ungated(s);
        };
    models = base.models();
    pool =
        List.of(
            approval(Stage.Advisory, null, "plant-process-engineer", T0.minus(days(1))),
            approval(Stage.ClosedLoop, null, "plant-manager", T0.minus(days(1))),
            approval(Stage.ClosedLoop, null, "corporate-ai-lead", T0.minus(days(1))),
            approval(null, "1.3.0", "corporate-ai-lead", T0.minus(days(1))),
            approval(null, "1.4.0", "corporate-ai-lead", T0.plus(days(3))),
            approval(Stage.Advisory, null, "plant-process-engineer", T0.plus(days(5))),
            approval(Stage.ClosedLoop, null, "plant-manager", T0.plus(days(5))),
            approval(Stage.Advisory, "1.2.0", "plant-process-engineer", T0.minus(days(1))),
            approval(Stage.Advisory, null, "plant-quality-manager", T0.minus(days(1))),
            approval(Stage.ClosedLoop, null, "corporate-ai-lead", T0.plus(days(12))));
    spec(
        Stage.values()[s.get(2) % 3],
        VersionPolicy.Pinned,
        models.get(0).version(),
        approvals(s.get(3)));
  }

  static Duration days(long d) {
    return Duration.ofDays(d);
  }

  static Approval approval(Stage stage, String version, String role, Instant at) {
    return new Approval(stage, version, role.substring(0, 4) + "@" + at, role, at.toString(), null);
  }

  List<Approval> approvals(int mask) {
    List<Approval> out = new ArrayList<>();
    for (int i = 0; i < pool.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        out.add(pool.get(i));
      }
    }
    return out;
  }

  static PromotionPolicy fastPolicy(List<Integer> s, String kpi) {
    RollbackPolicy rollback =
        new RollbackPolicy(
            s.get(4) % 2 == 0,
            new Double[] {null, 3.0, 0.5}[s.get(5) % 3],
            new Long[] {1L, 60L, 120L}[s.get(6) % 3],
            s.get(7) % 2 == 0,
            new Long[] {1L, 24L, 168L}[(s.get(5) / 3) % 3]);
    return new PromotionPolicy(
        s.get(6) / 3 % 2 == 0 ? Stage.ClosedLoop : Stage.Advisory,
        List.of(
            new StagePolicy(
                Stage.Advisory,
                new Gates(10L, 5L, null, null, DriftStatus.Warn, null, null),
                List.of("plant-process-engineer")),
            new StagePolicy(
                Stage.ClosedLoop,
                new Gates(
                    20L,
                    10L,
                    null,
                    null,
                    DriftStatus.Ok,
                    0.0,
                    "kpiChangePercent." + kpi + " <= -0.5"),
                List.of("plant-manager"))),
        new VersionPromotionPolicy(
            new Gates(10L, 5L, 0.5, s.get(7) / 2 % 2 == 0 ? null : 0.4, null, null, null),
            List.of("corporate-ai-lead")),
        rollback,
        s.get(4) / 2 % 2 == 0 ? 90 : 1,
        null);
  }

  static PromotionPolicy ungated(List<Integer> s) {
    return new PromotionPolicy(
        s.get(4) % 2 == 0 ? Stage.ClosedLoop : Stage.Advisory,
        List.of(),
        null,
        new RollbackPolicy(
            s.get(5) % 2 == 0, s.get(6) % 2 == 0 ? 3.0 : null, 1L, s.get(7) % 2 == 0, 24L),
        null,
        null);
  }

  void spec(Stage stage, VersionPolicy vp, String version, List<Approval> approvals) {
    spec =
        new SiteDeploymentSpec(
            "lyon",
            new TemplateRef("kiln-energy-optimization", version),
            vp,
            "lyon-kiln1",
            stage,
            null,
            approvals);
  }

  UseCaseTemplateSpec template() {
    return new UseCaseTemplateSpec(
        base.displayName(),
        base.description(),
        base.owner(),
        base.cadenceSeconds(),
        base.inputs(),
        base.observedSignals(),
        base.outputs(),
        models,
        base.kpis(),
        base.drift(),
        policy,
        base.retraining());
  }

  /** A new SiteDeployment, without status, to drive through the scenario. */
  static SiteDeployment siteDeployment() {
    SiteDeployment sd = new SiteDeployment();
    sd.getMetadata().setName("kiln1-energy");
    sd.getMetadata().setNamespace("plant-lyon");
    sd.getMetadata().setGeneration(1L);
    return sd;
  }

  /**
   * Applies twelve step choices; the inference server reports on the models {@code written} (the
   * status as last written) decided.
   */
  void step(List<Integer> c, Optional<SiteDeploymentStatus> written) {
    now = now.plus(ADVANCES[c.get(0) % ADVANCES.length]);
    int change = c.get(1) % 12;
    int arg = c.get(2);
    List<String> versions = base.models().stream().map(ModelVersion::version).toList();
    switch (change) {
      case 6 -> spec(Stage.values()[arg % 3], spec.versionPolicy(), version(), spec.approvals());
      case 7 -> {
        switch (arg % 8) {
          case 0, 4 -> spec(spec.stage(), VersionPolicy.Pinned, versions.get(0), spec.approvals());
          case 1 ->
              spec(
                  spec.stage(),
                  VersionPolicy.Pinned,
                  versions.get(versions.size() - 1),
                  spec.approvals());
          case 3 -> spec(spec.stage(), VersionPolicy.Pinned, "9.9.9", spec.approvals());
          default -> spec(spec.stage(), VersionPolicy.FollowLatest, null, spec.approvals());
        }
      }
      case 8, 9 -> spec(spec.stage(), spec.versionPolicy(), version(), approvals(arg));
      case 10 -> {
        List<ModelVersion> all = new ArrayList<>(base.models());
        switch (arg % 4) {
          case 0 -> models = base.models();
          case 1 ->
              models = all.subList(1, all.size()).isEmpty() ? all : all.subList(1, all.size());
          case 2 -> {
            all.add(extra("1.4.0"));
            models = all;
          }
          default -> models = List.of(all.get(all.size() - 1), extra("1.4.0"));
        }
      }
      default -> {
        // no spec or template change
      }
    }
    int readiness = c.get(3) % 48;
    templateMissing = readiness == 19;
    templateProblems = readiness == 20 ? List.of("model 1.2.0 has no uri") : List.of();
    plantFound = readiness != 16;
    contract = readiness == 17 ? UNCOVERED : COVERED;
    calibrationProblems = readiness == 18 ? List.of("bias out of range") : List.of();
    long inc = EVALUATION_STEPS[c.get(9) % EVALUATION_STEPS.length];
    evaluations = inc < 0 ? 5 : evaluations + inc;
    observation = observe(c, written);
  }

  String version() {
    return spec.templateRef().version();
  }

  ModelVersion extra(String version) {
    ModelVersion m = base.models().get(0);
    return new ModelVersion(
        version,
        m.uri(),
        OTHER_SHA,
        m.inputTensor(),
        m.outputTensor(),
        "2026-12-15T08:00:00Z",
        null,
        m.reference());
  }

  String sha(String version) {
    return models.stream()
        .filter(m -> m.version().equals(version))
        .map(ModelVersion::sha256)
        .findFirst()
        .orElse(OTHER_SHA);
  }

  UseCaseObservation observe(List<Integer> c, Optional<SiteDeploymentStatus> written) {
    int kind = c.get(5) % 20;
    if (kind == 17) {
      return UseCaseObservation.notPolled();
    }
    if (kind == 18) {
      return new UseCaseObservation(
          Reachability.Unreachable,
          Optional.of("connection refused"),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
    if (kind == 19) {
      return new UseCaseObservation(
          Reachability.Reachable,
          Optional.empty(),
          Optional.of("cfg"),
          c.get(6) % 2 == 0 ? Optional.empty() : Optional.of("refused: bad unit"),
          Optional.empty());
    }
    String decided =
        written
            .map(SiteDeploymentStatus::activeModel)
            .map(ActiveModel::version)
            .or(() -> written.map(SiteDeploymentStatus::resolvedVersion))
            .orElse(models.get(0).version());
    int slot = c.get(6) % 20;
    ModelState active =
        switch (slot) {
          case 17 -> new ModelState(decided, OTHER_SHA, ModelLoadState.Loaded, null, 1L, decided);
          case 18 ->
              new ModelState(
                  decided,
                  null,
                  ModelLoadState.Failed,
                  c.get(7) % 2 == 0
                      ? ModelRefusal.of(ModelRefusalReason.DigestMismatch, "file has 1f3a")
                      : null,
                  null,
                  c.get(7) % 3 == 0 ? null : "1.2.0");
          case 19 ->
              c.get(7) % 2 == 0
                  ? new ModelState(decided, null, ModelLoadState.Loading, null, null, null)
                  : new ModelState("0.9.0", OTHER_SHA, ModelLoadState.Loaded, null, 1L, "0.9.0");
          default ->
              new ModelState(decided, sha(decided), ModelLoadState.Loaded, null, 1L, decided);
        };
    DriftStatus drift =
        switch (c.get(7) % 10) {
          case 7 -> DriftStatus.Warn;
          case 8 -> DriftStatus.Alert;
          case 9 -> DriftStatus.Unknown;
          default -> DriftStatus.Ok;
        };
    Double change = KPI_CHANGES[c.get(8) % KPI_CHANGES.length];
    List<KpiReport> kpis =
        c.get(8) % KPI_CHANGES.length == 6
            ? List.of()
            : List.of(
                new KpiReport(
                    base.kpis().get(0).name(),
                    "%",
                    10.0,
                    BaselineSource.Calibration,
                    10.0,
                    change,
                    KpiAssessment.Worse,
                    60));
    Optional<CandidateModel> candidate = written.map(SiteDeploymentStatus::candidateModel);
    ModelState candidateSlot = null;
    ShadowStats shadow = null;
    int cand = c.get(10) % 6;
    if (candidate.isPresent() && cand != 3) {
      String v = candidate.get().version();
      candidateSlot =
          switch (cand) {
            case 4 -> new ModelState(v, OTHER_SHA, ModelLoadState.Loaded, null, 1L, v);
            case 5 -> new ModelState(v, null, ModelLoadState.Failed, null, null, null);
            default -> new ModelState(v, sha(v), ModelLoadState.Loaded, null, 1L, v);
          };
      int sh = c.get(11);
      shadow =
          new ShadowStats(
              v,
              // the server scores the candidate since the operator asked it to
              Conditions.instant(candidate.get().since()).orElse(T0).toEpochMilli(),
              new long[] {0, 5, 500, 3000}[sh % 4],
              new double[] {0.1, 0.2, 0.9}[sh / 4 % 3],
              1.0,
              sh / 12 % 2 == 0 ? 0 : 10,
              0.3,
              0.3);
    }
    UseCaseStatus u =
        new UseCaseStatus(
            "kiln1-energy",
            active,
            candidateSlot,
            shadow,
            Workloads.drift(drift, drift == DriftStatus.Alert ? 0.31 : 0.04),
            kpis,
            evaluations,
            Map.of(),
            null,
            1L,
            null);
    return new UseCaseObservation(
        Reachability.Reachable,
        Optional.empty(),
        Optional.of("cfg"),
        Optional.empty(),
        Optional.of(u));
  }

  /** The input for {@code sd} now, with the scenario's spec. */
  PromotionInput input(SiteDeployment sd) {
    sd.setSpec(spec);
    UseCaseTemplateSpec t = template();
    return new PromotionInput(
        sd,
        templateMissing ? Optional.empty() : Optional.of(t),
        templateProblems,
        plantFound,
        templateMissing ? Optional.empty() : Optional.of(contract),
        calibrationProblems,
        observation,
        now);
  }

  /** Writes {@code d} into {@code sd}'s status as the reconciler does. */
  static SiteDeploymentStatus write(SiteDeployment sd, PromotionDecision d, PromotionInput in) {
    SiteDeploymentStatus status =
        SiteDeploymentStatusAggregator.compute(
                new SiteDeploymentStatusAggregator.Facts(
                    sd,
                    d,
                    in.template(),
                    in.contract(),
                    in.calibrationProblems(),
                    in.observation(),
                    Optional.empty(),
                    in.now()))
            .status();
    sd.setStatus(status);
    return status;
  }
}
