package io.plantops.operator.sitedeployment;

import io.plantops.api.v1alpha1.CalibrationEffort;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.KpiStatus;
import io.plantops.api.v1alpha1.MappingEffort;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.PromotionPolicy;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.operator.observe.PlantConnection;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.promotion.PendingPromotion;
import io.plantops.operator.promotion.PromotionDecision;
import io.plantops.operator.render.KeptBaselines;
import io.plantops.operator.scorecard.SiteScorecards;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.StatusUpdate;
import io.plantops.operator.status.Verdict;
import io.plantops.operator.validation.ContractCheck;
import io.plantops.operator.validation.SubstituteBound;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Computes a SiteDeployment's status as a value: the only place that sets its conditions. It writes
 * the {@link PromotionDecision} as is, adds the contract and calibration checks, and copies the
 * figures the plant's inference server reports ({@link ReportedFigures}). Figures are kept while
 * the server cannot be read, so an unreachable server does not erase what was last known. A live
 * site that gets no valid inference ({@link DataFlow}: its plant connection is lost, or its cycles
 * have all been skipped for too long) is not Ready and is Degraded, with the same reason.
 */
public final class SiteDeploymentStatusAggregator {

  private SiteDeploymentStatusAggregator() {}

  /**
   * What the aggregator reads.
   *
   * @param siteDeployment the SiteDeployment with the status last written
   * @param decision the promotion engine's decision
   * @param template the template, when it exists
   * @param contract the contract check, when the template exists
   * @param calibrationProblems why the calibration is invalid
   * @param observation what the inference server reports about this use case
   * @param connection the plant connection as the connector last reported it
   * @param now time of the reconciliation
   * @param scorecard what the scorecard reads beside the status
   */
  public record Facts(
      SiteDeployment siteDeployment,
      PromotionDecision decision,
      Optional<UseCaseTemplateSpec> template,
      Optional<ContractCheck.Report> contract,
      List<String> calibrationProblems,
      UseCaseObservation observation,
      Optional<PlantConnection> connection,
      Instant now,
      ScorecardInputs scorecard) {

    /** Facts with nothing new for the scorecard (it keeps what it had). */
    public Facts(
        SiteDeployment siteDeployment,
        PromotionDecision decision,
        Optional<UseCaseTemplateSpec> template,
        Optional<ContractCheck.Report> contract,
        List<String> calibrationProblems,
        UseCaseObservation observation,
        Optional<PlantConnection> connection,
        Instant now) {
      this(
          siteDeployment,
          decision,
          template,
          contract,
          calibrationProblems,
          observation,
          connection,
          now,
          ScorecardInputs.none());
    }
  }

  /**
   * What the scorecard reads beside the status.
   *
   * @param mapping the mapping effort of the site's TagMapping, empty when it does not exist
   * @param adoption the connector's adoption figures for this use case, empty when not read
   * @param kpiWindow how long a KPI gain must hold
   */
  public record ScorecardInputs(
      Optional<MappingEffort> mapping,
      Optional<ConnectorStatus.Adoption> adoption,
      Duration kpiWindow) {

    /** Nothing new. */
    public static ScorecardInputs none() {
      return new ScorecardInputs(Optional.empty(), Optional.empty(), Duration.ofHours(1));
    }
  }

  /** The status for {@code facts}. */
  public static StatusUpdate<SiteDeploymentStatus> compute(Facts f) {
    SiteDeployment sd = f.siteDeployment();
    SiteDeploymentStatus prev = sd.getStatus();
    PromotionDecision d = f.decision();
    Conditions conditions = Conditions.from(prev == null ? null : prev.conditions(), sd, f.now());

    boolean live = d.phase().stage() != null;
    Optional<UseCaseStatus> useCase = f.observation().useCase();
    ReportedFigures figures = ReportedFigures.of(useCase, prev, KeptBaselines.requested(sd));
    Optional<Verdict> starved = live ? dataFlow(f, figures) : Optional.empty();
    conditions.set(
        ConditionTypes.READY,
        starved.orElse(
            new Verdict(
                live ? ConditionStatus.True : ConditionStatus.False, d.reason(), d.message())));
    conditions.set(ConditionTypes.INPUTS_COVERED, inputsCovered(f));
    conditions.set(ConditionTypes.INPUTS_SUBSTITUTED, inputsSubstituted(f));
    conditions.set(ConditionTypes.CALIBRATION_VALID, calibrationValid(f));
    if (figures.kpis() != null && !figures.kpis().isEmpty()) {
      conditions.set(ConditionTypes.BASELINE_SOURCE, baselineSource(figures.kpis()));
    }
    var verification = d.modelVerification();
    conditions.set(
        ConditionTypes.MODEL_VERIFIED,
        verification.status(),
        verification.reason(),
        verification.message());

    boolean driftAlert =
        figures.drift() != null && figures.drift().status() == DriftStatus.Alert && live;
    if (starved.isPresent()) {
      // working below its level: live, and producing nothing
      conditions.set(
          ConditionTypes.DEGRADED,
          ConditionStatus.True,
          starved.get().reason(),
          starved.get().message());
    } else if (driftAlert) {
      conditions.set(
          ConditionTypes.DEGRADED,
          ConditionStatus.True,
          Reason.DriftAlert,
          "input drift is Alert (worst "
              + figures.drift().worstSignal()
              + ReportedFigures.worstSignalFigures(figures.drift())
              + "); the model sees data unlike its training data");
    } else if (verification.status() == ConditionStatus.False) {
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

    return conditions.update(
        new SiteDeploymentStatus(
            conditions.generation(),
            d.phase(),
            d.phaseSince(),
            d.phaseStartEvaluations().orElse(null),
            d.resolvedVersion().orElse(null),
            f.contract()
                .map(ContractCheck.Report::missingSignals)
                .map(SiteDeploymentStatusAggregator::empty)
                .orElse(null),
            f.contract()
                .map(ContractCheck.Report::substitutedInputs)
                .map(SiteDeploymentStatusAggregator::empty)
                .orElse(null),
            d.activeModel().orElse(null),
            d.candidateModel().map(c -> ReportedFigures.candidate(c, useCase)).orElse(null),
            d.pendingPromotion().map(PendingPromotion::statusText).orElse(null),
            d.pendingSince().orElse(null),
            empty(d.gates()),
            empty(d.approvals()),
            empty(d.pendingApprovals()),
            figures.drift(),
            figures.kpis(),
            figures.evaluations(),
            figures.lastRecommendation(),
            d.kpiDegradedSince().orElse(null),
            d.rollback().orElse(null),
            empty(d.history()),
            conditions.build(),
            SiteScorecards.compute(
                new SiteScorecards.Facts(
                    Optional.ofNullable(prev).map(SiteDeploymentStatus::scorecard),
                    f.scorecard().mapping(),
                    CalibrationEffort.of(sd.getSpec().calibration()),
                    f.scorecard().adoption(),
                    d.phase(),
                    figures.kpis(),
                    f.scorecard().kpiWindow(),
                    f.now()))));
  }

  /** The error path: the status last written, with Ready False naming the error. */
  public static StatusUpdate<SiteDeploymentStatus> error(
      SiteDeployment sd, Exception error, Instant now) {
    SiteDeploymentStatus prev = sd.getStatus();
    Conditions conditions =
        Conditions.afterError(prev == null ? null : prev.conditions(), sd, now, error);
    SiteDeploymentStatus base =
        prev != null
            ? prev
            : new SiteDeploymentStatus(
                conditions.generation(),
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
                null);
    return conditions.update(
        new SiteDeploymentStatus(
            base.observedGeneration(),
            base.phase(),
            base.phaseSince(),
            base.phaseStartEvaluations(),
            base.resolvedVersion(),
            base.missingSignals(),
            base.substitutedInputs(),
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
            conditions.build(),
            base.scorecard()));
  }

  private static Optional<Verdict> dataFlow(Facts f, ReportedFigures figures) {
    SiteDeployment sd = f.siteDeployment();
    return DataFlow.check(
        new DataFlow.Facts(
            f.connection(),
            f.observation(),
            Optional.ofNullable(figures.lastRecommendation()),
            f.template()
                .map(t -> t.promotion().maxSkippedCycles())
                .orElse(PromotionPolicy.DEFAULT_MAX_SKIPPED_CYCLES),
            sd.getSpec().templateRef().name(),
            Conditions.find(
                sd.getStatus() == null ? null : sd.getStatus().conditions(),
                ConditionTypes.READY)));
  }

  private static Verdict calibrationValid(Facts f) {
    if (f.template().isEmpty()) {
      return new Verdict(
          ConditionStatus.Unknown,
          Reason.TemplateNotFound,
          "cannot check spec.calibration without the template");
    }
    if (!f.calibrationProblems().isEmpty()) {
      return new Verdict(
          ConditionStatus.False,
          Reason.OutsideTemplateLimits,
          String.join("; ", f.calibrationProblems()));
    }
    int overrides = f.siteDeployment().getSpec().calibration().overrides();
    return new Verdict(
        ConditionStatus.True,
        Reason.WithinTemplateLimits,
        overrides == 0
            ? "no local calibration"
            : overrides + " local override(s), all inside the template's limits");
  }

  /** Where the KPI baselines come from, the least direct source first. */
  static Verdict baselineSource(List<KpiStatus> kpis) {
    List<KpiStatus> missing = kpis.stream().filter(k -> k.baseline() == null).toList();
    if (!missing.isEmpty()) {
      List<KpiStatus> live = missing.stream().filter(k -> k.baselineNote() != null).toList();
      if (!live.isEmpty()) {
        return new Verdict(
            ConditionStatus.False,
            Reason.Live,
            live.stream()
                    .map(k -> k.name() + ": " + k.baselineNote())
                    .collect(Collectors.joining("; "))
                + "; measured live before the first advisory recommendation instead (or set"
                + " spec.calibration.kpiBaselines)");
      }
      return new Verdict(
          ConditionStatus.False,
          Reason.BaselinePending,
          "no baseline yet for "
              + missing.stream().map(KpiStatus::name).collect(Collectors.joining(", "))
              + ": from the plant's history once the connector has read it, else measured live"
              + " before the first advisory recommendation");
    }
    Map<BaselineSource, List<String>> by = new TreeMap<>();
    kpis.forEach(
        k ->
            by.computeIfAbsent(
                    k.baselineSource() == null ? BaselineSource.Measured : k.baselineSource(),
                    s -> new ArrayList<>())
                .add(k.name()));
    String message =
        by.entrySet().stream()
            .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
            .collect(Collectors.joining("; "));
    Reason reason =
        by.containsKey(BaselineSource.Measured)
            ? Reason.Live
            : by.containsKey(BaselineSource.History) ? Reason.History : Reason.Calibration;
    List<String> notes =
        kpis.stream()
            .filter(k -> k.baselineNote() != null)
            .map(k -> k.name() + ": " + k.baselineNote())
            .toList();
    return new Verdict(
        ConditionStatus.True,
        reason,
        message + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
  }

  private static Verdict inputsSubstituted(Facts f) {
    if (f.contract().isEmpty() || f.template().isEmpty()) {
      return new Verdict(
          ConditionStatus.Unknown,
          Reason.TemplateNotFound,
          "cannot check the TagMapping's substitutes without the template");
    }
    ContractCheck.Report report = f.contract().get();
    if (report.substitutes().isEmpty()) {
      return new Verdict(
          ConditionStatus.False,
          Reason.AllInputsMeasured,
          "no input is substituted: all " + report.read() + " are read from plant tags");
    }
    SubstituteBound bound = SubstituteBound.of(report, f.template().get().promotion());
    return new Verdict(
        ConditionStatus.True,
        Reason.Substituted,
        report.substitutes().size()
            + " of "
            + report.read()
            + " inputs substituted: "
            + report.describeSubstitutes()
            + (bound.exceeded()
                ? "; more than the "
                    + bound.allowed()
                    + " allowed at ClosedLoop (spec.promotion.maxSubstitutedInputsAtClosedLoop),"
                    + " so the site stays at most Advisory"
                : ""));
  }

  private static Verdict inputsCovered(Facts f) {
    if (f.contract().isEmpty()) {
      return new Verdict(
          ConditionStatus.Unknown,
          Reason.TemplateNotFound,
          "cannot check the TagMapping without the template");
    }
    ContractCheck.Report report = f.contract().get();
    String tm = f.siteDeployment().getSpec().tagMappingRef();
    if (report.covered()) {
      return new Verdict(
          ConditionStatus.True,
          Reason.AllSignalsMapped,
          "all "
              + report.required().size()
              + " signals the use case needs are mapped by TagMapping "
              + tm);
    }
    boolean noMapping =
        report.gaps().stream()
            .allMatch(g -> g.kind() == ContractCheck.GapKind.TAG_MAPPING_NOT_FOUND);
    if (noMapping) {
      return new Verdict(
          ConditionStatus.False,
          Reason.TagMappingNotFound,
          "TagMapping "
              + tm
              + " (spec.tagMappingRef) does not exist; missing signals: "
              + report.missingSignals());
    }
    return new Verdict(
        ConditionStatus.False,
        Reason.SignalsMissing,
        "missing "
            + report.missingSignals().size()
            + " of "
            + report.required().size()
            + " signals: "
            + report.gaps().stream()
                .map(ContractCheck.Gap::message)
                .collect(Collectors.joining("; ")));
  }

  /**
   * Empty lists are written as absent: the API server round-trips them that way, and a status that
   * differs from what is read back would be rewritten on every reconciliation.
   */
  static <T> List<T> empty(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
