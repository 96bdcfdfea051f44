package io.plantops.operator.sitedeployment;

import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.DriftSummary;
import io.plantops.api.v1alpha1.KpiStatus;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.RecommendationSummary;
import io.plantops.api.v1alpha1.SignalDrift;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.Recommendation;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.promotion.PendingPromotion;
import io.plantops.operator.promotion.PromotionDecision;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.validation.ContractCheck;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Computes a SiteDeployment's status as a value: the only place that sets its conditions. It writes
 * the {@link PromotionDecision} as is, adds the contract and calibration checks, and copies the
 * figures the plant's inference server reports (drift, KPIs, shadow statistics, last
 * recommendation). Figures are kept while the server cannot be read, so an unreachable server does
 * not erase what was last known.
 */
public final class SiteDeploymentStatusAggregator {

  /** ": PSI x, mean shift y" of the worst signal, so the message shows which test fired. */
  private static String worstSignalFigures(io.plantops.api.v1alpha1.DriftSummary drift) {
    if (drift.signals() == null) {
      return "";
    }
    return drift.signals().stream()
        .filter(s -> java.util.Objects.equals(s.signal(), drift.worstSignal()))
        .findFirst()
        .map(s -> ": PSI " + s.psi() + ", mean shift " + s.meanShift() + " σ accumulated")
        .orElse("");
  }

  private static final int TOP_CONTRIBUTORS = 3;

  private SiteDeploymentStatusAggregator() {}

  /**
   * What the aggregator reads.
   *
   * @param siteDeployment the SiteDeployment with the status last written
   * @param decision the promotion engine's decision
   * @param templateFound whether the template exists
   * @param contract the contract check, when the template exists
   * @param calibrationProblems why the calibration is invalid
   * @param observation what the inference server reports about this use case
   * @param now time of the reconciliation
   */
  public record Facts(
      SiteDeployment siteDeployment,
      PromotionDecision decision,
      boolean templateFound,
      Optional<ContractCheck.Report> contract,
      List<String> calibrationProblems,
      UseCaseObservation observation,
      Instant now) {}

  /**
   * The computed status.
   *
   * @param status the status to write
   * @param changes conditions that flipped
   */
  public record Result(SiteDeploymentStatus status, List<Conditions.Change> changes) {}

  /** The status for {@code facts}. */
  public static Result compute(Facts f) {
    SiteDeployment sd = f.siteDeployment();
    SiteDeploymentStatus prev = sd.getStatus();
    PromotionDecision d = f.decision();
    long generation =
        sd.getMetadata().getGeneration() == null ? 0 : sd.getMetadata().getGeneration();
    Conditions conditions =
        Conditions.from(prev == null ? null : prev.conditions(), generation, f.now());

    boolean live = d.phase().stage() != null;
    conditions.set(
        ConditionTypes.READY,
        live ? ConditionStatus.True : ConditionStatus.False,
        d.reason(),
        d.message());
    inputsCovered(conditions, f);
    if (!f.templateFound()) {
      conditions.set(
          ConditionTypes.CALIBRATION_VALID,
          ConditionStatus.Unknown,
          Reason.TemplateNotFound,
          "cannot check spec.calibration without the template");
    } else if (f.calibrationProblems().isEmpty()) {
      conditions.set(
          ConditionTypes.CALIBRATION_VALID,
          ConditionStatus.True,
          Reason.WithinTemplateLimits,
          sd.getSpec().calibration().overrides() == 0
              ? "no local calibration"
              : sd.getSpec().calibration().overrides()
                  + " local override(s), all inside the template's limits");
    } else {
      conditions.set(
          ConditionTypes.CALIBRATION_VALID,
          ConditionStatus.False,
          Reason.OutsideTemplateLimits,
          String.join("; ", f.calibrationProblems()));
    }
    var verification = d.modelVerification();
    conditions.set(
        ConditionTypes.MODEL_VERIFIED,
        verification.status(),
        verification.reason(),
        verification.message());

    Optional<UseCaseStatus> useCase = f.observation().useCase();
    DriftSummary drift =
        useCase.map(u -> drift(u.drift())).orElse(prev == null ? null : prev.drift());
    List<KpiStatus> kpis =
        useCase.map(u -> kpis(u.kpis())).orElse(prev == null ? null : prev.kpis());
    Long evaluations =
        useCase.map(UseCaseStatus::evaluations).orElse(prev == null ? null : prev.evaluations());
    RecommendationSummary last =
        useCase
            .map(UseCaseStatus::lastRecommendation)
            .map(SiteDeploymentStatusAggregator::recommendation)
            .orElse(prev == null ? null : prev.lastRecommendation());

    boolean driftAlert = drift != null && drift.status() == DriftStatus.Alert && live;
    boolean loadFailed = verification.status() == ConditionStatus.False;
    if (driftAlert) {
      conditions.set(
          ConditionTypes.DEGRADED,
          ConditionStatus.True,
          Reason.DriftAlert,
          "input drift is Alert (worst "
              + drift.worstSignal()
              + worstSignalFigures(drift)
              + "); the model sees data unlike its training data");
    } else if (loadFailed) {
      conditions.set(
          ConditionTypes.DEGRADED,
          ConditionStatus.True,
          Reason.ModelLoadFailed,
          verification.message());
    } else if (d.rolledBack().filter(r -> r.status() == ConditionStatus.True).isPresent()) {
      // it fell back on its own and works below the level it had reached
      var r = d.rolledBack().get();
      conditions.set(ConditionTypes.DEGRADED, ConditionStatus.True, r.reason(), r.message());
    } else {
      conditions.set(
          ConditionTypes.DEGRADED,
          ConditionStatus.False,
          Reason.NotDegraded,
          "no drift alert, no rollback in force and the model is not refused");
    }
    d.promoting()
        .ifPresent(
            p -> conditions.set(ConditionTypes.PROMOTING, p.status(), p.reason(), p.message()));
    d.rolledBack()
        .ifPresent(
            r -> conditions.set(ConditionTypes.ROLLED_BACK, r.status(), r.reason(), r.message()));

    SiteDeploymentStatus status =
        new SiteDeploymentStatus(
            generation,
            d.phase(),
            d.phaseSince(),
            d.phaseStartEvaluations().orElse(null),
            d.resolvedVersion().orElse(null),
            f.contract()
                .map(ContractCheck.Report::missingSignals)
                .map(SiteDeploymentStatusAggregator::empty)
                .orElse(null),
            d.activeModel().orElse(null),
            d.candidateModel().map(c -> candidate(c, useCase)).orElse(null),
            d.pendingPromotion().map(PendingPromotion::statusText).orElse(null),
            d.pendingSince().orElse(null),
            empty(d.gates()),
            empty(d.approvals()),
            empty(d.pendingApprovals()),
            drift,
            kpis,
            evaluations,
            last,
            d.kpiDegradedSince().orElse(null),
            d.rollback().orElse(null),
            empty(d.history()),
            conditions.build());
    return new Result(status, conditions.changes());
  }

  /** The error path: the status last written, with Ready False naming the error. */
  public static Result error(SiteDeployment sd, Exception error, Instant now) {
    SiteDeploymentStatus prev = sd.getStatus();
    long generation =
        sd.getMetadata().getGeneration() == null ? 0 : sd.getMetadata().getGeneration();
    Conditions conditions =
        Conditions.from(prev == null ? null : prev.conditions(), generation, now)
            .keepAllBut(ConditionTypes.READY)
            .set(
                ConditionTypes.READY,
                ConditionStatus.False,
                Reason.ReconcileError,
                "reconciliation failed: " + error.getMessage());
    SiteDeploymentStatus base =
        prev == null
            ? new SiteDeploymentStatus(
                generation,
                Phase.Pending,
                Conditions.timestamp(now),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null)
            : prev;
    SiteDeploymentStatus status =
        new SiteDeploymentStatus(
            base.observedGeneration(),
            base.phase(),
            base.phaseSince(),
            base.phaseStartEvaluations(),
            base.resolvedVersion(),
            base.missingSignals(),
            base.activeModel(),
            base.candidateModel(),
            base.pendingPromotion(),
            base.pendingSince(),
            base.gates(),
            base.approvals(),
            base.pendingApprovals(),
            base.drift(),
            base.kpis(),
            base.evaluations(),
            base.lastRecommendation(),
            base.kpiDegradedSince(),
            base.rollback(),
            base.history(),
            conditions.build());
    return new Result(status, conditions.changes());
  }

  private static void inputsCovered(Conditions conditions, Facts f) {
    if (f.contract().isEmpty()) {
      conditions.set(
          ConditionTypes.INPUTS_COVERED,
          ConditionStatus.Unknown,
          Reason.TemplateNotFound,
          "cannot check the TagMapping without the template");
      return;
    }
    ContractCheck.Report report = f.contract().get();
    String tm = f.siteDeployment().getSpec().tagMappingRef();
    if (report.covered()) {
      conditions.set(
          ConditionTypes.INPUTS_COVERED,
          ConditionStatus.True,
          Reason.AllSignalsMapped,
          "all "
              + report.required().size()
              + " signals the use case needs are mapped by TagMapping "
              + tm);
      return;
    }
    boolean noMapping =
        report.gaps().stream()
            .allMatch(g -> g.kind() == ContractCheck.GapKind.TAG_MAPPING_NOT_FOUND);
    String message =
        noMapping
            ? "TagMapping "
                + tm
                + " (spec.tagMappingRef) does not exist; missing signals: "
                + report.missingSignals()
            : "missing "
                + report.missingSignals().size()
                + " of "
                + report.required().size()
                + " signals: "
                + report.gaps().stream()
                    .map(ContractCheck.Gap::message)
                    .collect(Collectors.joining("; "));
    conditions.set(
        ConditionTypes.INPUTS_COVERED,
        ConditionStatus.False,
        noMapping ? Reason.TagMappingNotFound : Reason.SignalsMissing,
        message);
  }

  private static CandidateModel candidate(CandidateModel decided, Optional<UseCaseStatus> useCase) {
    Optional<InferenceStatus.ShadowStats> shadow =
        useCase
            .map(UseCaseStatus::shadow)
            .filter(
                s -> decided.version() != null && decided.version().equals(s.candidateVersion()));
    Optional<InferenceStatus.ModelState> slot =
        useCase
            .map(UseCaseStatus::candidate)
            .filter(c -> decided.version() != null && decided.version().equals(c.version()));
    if (shadow.isEmpty() && slot.isEmpty()) {
      return decided;
    }
    return new CandidateModel(
        decided.version(),
        decided.sha256(),
        Stage.Shadow,
        shadow
            .map(s -> Conditions.timestamp(Instant.ofEpochMilli(s.sinceMs())))
            .orElse(decided.since()),
        shadow.map(InferenceStatus.ShadowStats::samples).orElse(decided.samples()),
        shadow.map(s -> round(s.meanAbsDelta())).orElse(decided.meanAbsDelta()),
        shadow.map(s -> round(s.maxAbsDelta())).orElse(decided.maxAbsDelta()),
        shadow.map(s -> round(s.meanAbsErrorActive())).orElse(decided.meanAbsErrorActive()),
        shadow.map(s -> round(s.meanAbsErrorCandidate())).orElse(decided.meanAbsErrorCandidate()),
        slot.map(c -> c.state() + (c.reason() == null ? "" : ": " + c.reason()))
            .orElse(decided.loadState()));
  }

  private static DriftSummary drift(InferenceStatus.DriftReport report) {
    if (report == null) {
      return null;
    }
    List<SignalDrift> signals =
        report.signals() == null
            ? List.of()
            : report.signals().stream()
                .map(
                    s ->
                        new SignalDrift(
                            s.signal(),
                            round(s.psi()),
                            round(s.meanShift()),
                            s.status() == null ? DriftStatus.Unknown : s.status(),
                            s.samples()))
                .toList();
    return new DriftSummary(
        report.status() == null ? DriftStatus.Unknown : report.status(),
        round(report.score()),
        report.worstSignal(),
        empty(signals));
  }

  private static List<KpiStatus> kpis(List<InferenceStatus.KpiReport> reports) {
    if (reports == null || reports.isEmpty()) {
      return null;
    }
    return reports.stream()
        .map(
            k ->
                new KpiStatus(
                    k.name(),
                    k.unit(),
                    round(k.baseline()),
                    k.baselineSource(),
                    round(k.current()),
                    round(k.changePercent()),
                    k.assessment()))
        .toList();
  }

  private static RecommendationSummary recommendation(Recommendation r) {
    Map<String, Double> outputs = new LinkedHashMap<>();
    r.outputs().forEach(o -> outputs.put(o.name(), round(o.value())));
    return new RecommendationSummary(
        Conditions.timestamp(Instant.ofEpochMilli(r.timestampMs())),
        r.modelVersion(),
        outputs.isEmpty() ? null : outputs,
        empty(
            r.explanation().stream()
                .limit(TOP_CONTRIBUTORS)
                .map(Recommendation.Contribution::signal)
                .toList()));
  }

  /** Four decimals: status figures change when the plant does, not with floating-point noise. */
  static Double round(Double value) {
    if (value == null || !Double.isFinite(value)) {
      return null;
    }
    return Math.round(value * 10_000.0) / 10_000.0;
  }

  /**
   * Empty lists are written as absent: the API server round-trips them that way, and a status that
   * differs from what is read back would be rewritten on every reconciliation.
   */
  private static <T> List<T> empty(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
