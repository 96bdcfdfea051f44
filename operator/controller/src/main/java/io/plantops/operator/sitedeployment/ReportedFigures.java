package io.plantops.operator.sitedeployment;

import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.DriftSummary;
import io.plantops.api.v1alpha1.KpiStatus;
import io.plantops.api.v1alpha1.RecommendationSummary;
import io.plantops.api.v1alpha1.SignalDrift;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.KpiAssessment;
import io.plantops.contract.Recommendation;
import io.plantops.contract.UseCaseConfig.KeptBaseline;
import io.plantops.operator.render.KeptBaselines;
import io.plantops.operator.status.Conditions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The figures the plant's inference server reports about one use case (drift, KPIs, evaluations,
 * last recommendation, shadow statistics), as the SiteDeployment's status writes them: rounded, so
 * that status changes when the plant does and not with floating-point noise. A figure the server
 * does not report now (unreachable, not polled) keeps its last known value.
 *
 * @param drift input drift
 * @param kpis KPIs against their baseline
 * @param evaluations evaluations of the active model
 * @param lastRecommendation the latest recommendation
 */
record ReportedFigures(
    DriftSummary drift,
    List<KpiStatus> kpis,
    Long evaluations,
    RecommendationSummary lastRecommendation) {

  private static final int TOP_CONTRIBUTORS = 3;

  /** What {@code useCase} reports, or what {@code prev} last held for what it does not. */
  static ReportedFigures of(Optional<UseCaseStatus> useCase, SiteDeploymentStatus prev) {
    return of(useCase, prev, Optional.empty());
  }

  /**
   * What {@code useCase} reports, or what {@code prev} last held; a baseline set before {@code
   * baselinesRequested} is not held.
   */
  static ReportedFigures of(
      Optional<UseCaseStatus> useCase,
      SiteDeploymentStatus prev,
      Optional<Instant> baselinesRequested) {
    return new ReportedFigures(
        useCase.map(u -> drift(u.drift())).orElse(prev == null ? null : prev.drift()),
        useCase
            .map(u -> keepBaselines(kpis(u.kpis()), prev, baselinesRequested))
            .orElse(prev == null ? null : prev.kpis()),
        useCase.map(UseCaseStatus::evaluations).orElse(prev == null ? null : prev.evaluations()),
        useCase
            .map(UseCaseStatus::lastRecommendation)
            .map(ReportedFigures::recommendation)
            .orElse(prev == null ? null : prev.lastRecommendation()));
  }

  /**
   * ": PSI x, mean shift y" of the worst signal, so a message shows which test fired; nothing for a
   * signal that has no figures yet.
   */
  static String worstSignalFigures(DriftSummary drift) {
    if (drift.signals() == null) {
      return "";
    }
    return drift.signals().stream()
        .filter(s -> Objects.equals(s.signal(), drift.worstSignal()))
        .filter(s -> s.psi() != null && s.meanShift() != null)
        .findFirst()
        .map(s -> ": PSI " + s.psi() + ", mean shift " + s.meanShift() + " σ accumulated")
        .orElse("");
  }

  /** The decided candidate with the shadow statistics and load state the server reports for it. */
  static CandidateModel candidate(CandidateModel decided, Optional<UseCaseStatus> useCase) {
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

  /**
   * The drift block as the status writes it. An input without the drift rule's minimum samples has
   * no PSI and no mean shift, and an Unknown drift no score (the contract's records drop them): an
   * absent figure stays absent here, never 0.
   */
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
        SiteDeploymentStatusAggregator.empty(signals));
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
                    k.assessment(),
                    time(k.baselineFromMs()),
                    time(k.baselineToMs()),
                    k.baselineSamples(),
                    time(k.baselineAtMs()),
                    k.baselineNote(),
                    k.baselineExcluded()))
        .toList();
  }

  /**
   * A baseline set from history or measured live stays in status when the server reports none for
   * the KPI (a restarted server before it read the config that hands the baseline back): status
   * never silently forgets a baseline, so the next config never asks the server to measure again.
   */
  private static List<KpiStatus> keepBaselines(
      List<KpiStatus> reported, SiteDeploymentStatus prev, Optional<Instant> requested) {
    Map<String, KeptBaseline> kept = KeptBaselines.of(prev, requested);
    if (reported == null || kept.isEmpty()) {
      return reported;
    }
    return reported.stream()
        .map(
            k -> {
              KpiStatus was =
                  k.baseline() != null || !kept.containsKey(k.name())
                      ? null
                      : prev.kpis().stream()
                          .filter(p -> k.name().equals(p.name()))
                          .findFirst()
                          .orElse(null);
              return was == null
                  ? k
                  : new KpiStatus(
                      k.name(),
                      k.unit(),
                      was.baseline(),
                      was.baselineSource(),
                      k.current(),
                      null,
                      KpiAssessment.Unknown,
                      was.baselineWindowStart(),
                      was.baselineWindowEnd(),
                      was.baselineSamples(),
                      was.baselineComputedAt(),
                      was.baselineNote(),
                      was.baselineExcluded());
            })
        .toList();
  }

  private static String time(Long epochMs) {
    return epochMs == null ? null : Conditions.timestamp(Instant.ofEpochMilli(epochMs));
  }

  private static RecommendationSummary recommendation(Recommendation r) {
    Map<String, Double> outputs = new LinkedHashMap<>();
    r.outputs().forEach(o -> outputs.put(o.name(), round(o.value())));
    return new RecommendationSummary(
        Conditions.timestamp(Instant.ofEpochMilli(r.timestampMs())),
        r.modelVersion(),
        outputs.isEmpty() ? null : outputs,
        SiteDeploymentStatusAggregator.empty(
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
}
