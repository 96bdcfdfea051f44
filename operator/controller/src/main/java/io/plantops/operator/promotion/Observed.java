package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.Kpi;
import io.plantops.api.v1alpha1.KpiDirection;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.ModelLoadState;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.promotion.Outcome.KpiDegradation;
import io.plantops.operator.status.Conditions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the inference server reports now about the use case, reduced to the facts gates and
 * rollbacks use. Facts are known only from a current report: figures kept in status from an earlier
 * poll never promote or roll back.
 */
record Observed(
    Optional<String> unknown,
    Optional<UseCaseStatus> useCase,
    Map<String, Double> kpiChange,
    Map<String, Double> kpiDegradation) {

  static Observed of(UseCaseObservation o, UseCaseTemplateSpec template) {
    if (o.useCase().isEmpty()) {
      String why =
          switch (o.reachability()) {
            case NotPolled -> "the inference server has not been polled yet";
            case Unreachable ->
                "the inference server is unreachable (" + o.error().orElse("no answer") + ")";
            default -> "the inference server does not run this use case yet";
          };
      return new Observed(Optional.of(why), Optional.empty(), Map.of(), Map.of());
    }
    Map<String, KpiDirection> directions = new LinkedHashMap<>();
    for (Kpi k : template.kpis()) {
      directions.put(k.name(), k.direction());
    }
    Map<String, Double> change = new LinkedHashMap<>();
    Map<String, Double> degradation = new LinkedHashMap<>();
    List<InferenceStatus.KpiReport> kpis =
        o.useCase().get().kpis() == null ? List.of() : o.useCase().get().kpis();
    for (InferenceStatus.KpiReport k : kpis) {
      Double c = k.changePercent();
      change.put(k.name(), c);
      boolean higherIsBetter = directions.get(k.name()) == KpiDirection.HigherIsBetter;
      degradation.put(k.name(), c == null ? null : higherIsBetter ? -c : c);
    }
    return new Observed(Optional.empty(), o.useCase(), change, degradation);
  }

  boolean known() {
    return unknown.isEmpty();
  }

  DriftStatus drift() {
    return useCase
        .map(UseCaseStatus::drift)
        .map(InferenceStatus.DriftReport::status)
        .orElse(DriftStatus.Unknown);
  }

  Optional<Double> driftScore() {
    return useCase.map(UseCaseStatus::drift).map(InferenceStatus.DriftReport::score);
  }

  Optional<String> worstSignal() {
    return useCase.map(UseCaseStatus::drift).map(InferenceStatus.DriftReport::worstSignal);
  }

  /** The KPI degraded most beyond {@code bound} (percent, positive is worse), if one is. */
  Optional<KpiDegradation> worstDegradation(double bound) {
    String worst = null;
    double value = bound;
    for (var e : kpiDegradation.entrySet()) {
      if (e.getValue() != null && e.getValue() > value) {
        worst = e.getKey();
        value = e.getValue();
      }
    }
    return worst == null ? Optional.empty() : Optional.of(new KpiDegradation(worst, value, bound));
  }

  /** The digest the server verified for {@code m} while it was the candidate, if it did. */
  Optional<String> verifiedCandidateSha(ModelVersion m) {
    return useCase
        .map(UseCaseStatus::candidate)
        .filter(c -> m.version().equals(c.version()) && c.state() == ModelLoadState.Loaded)
        .map(InferenceStatus.ModelState::sha256)
        .filter(m.sha256()::equals);
  }

  GateEvaluator.Facts forStage(Instant phaseSince, Long phaseStartEvaluations) {
    Optional<Long> samples =
        useCase.map(
            u -> {
              long base = phaseStartEvaluations == null ? 0 : phaseStartEvaluations;
              // a counter that went back means the server restarted: count from zero
              return u.evaluations() >= base ? u.evaluations() - base : u.evaluations();
            });
    Optional<Double> error =
        useCase.map(UseCaseStatus::shadow).map(InferenceStatus.ShadowStats::meanAbsErrorActive);
    return new GateEvaluator.Facts(
        unknown,
        samples,
        phaseSince,
        Optional.empty(),
        error,
        drift(),
        driftScore(),
        kpiChange,
        kpiDegradation,
        Optional.empty());
  }

  GateEvaluator.Facts forCandidate(CandidateModel c, Instant now) {
    Optional<InferenceStatus.ShadowStats> shadow =
        useCase.map(UseCaseStatus::shadow).filter(s -> c.version().equals(s.candidateVersion()));
    Optional<InferenceStatus.ModelState> slot =
        useCase.map(UseCaseStatus::candidate).filter(s -> c.version().equals(s.version()));
    Optional<String> problem;
    if (unknown.isPresent()) {
      problem = unknown;
    } else if (slot.isEmpty()) {
      problem = Optional.of("the inference server does not score candidate " + c.version());
    } else if (slot.get().state() != ModelLoadState.Loaded) {
      problem =
          Optional.of(
              "candidate "
                  + c.version()
                  + " is "
                  + slot.get().state()
                  + (slot.get().reason() == null ? "" : ": " + slot.get().reason()));
    } else if (!Objects.equals(slot.get().sha256(), c.sha256())) {
      problem =
          Optional.of(
              "candidate "
                  + c.version()
                  + " was loaded with SHA-256 "
                  + slot.get().sha256()
                  + " but the template gives "
                  + c.sha256());
    } else {
      problem = Optional.empty();
    }
    Instant since = Conditions.instant(c.since()).orElse(now);
    return new GateEvaluator.Facts(
        unknown,
        shadow.map(InferenceStatus.ShadowStats::samples),
        since,
        shadow.map(InferenceStatus.ShadowStats::meanAbsDelta),
        shadow
            .filter(s -> s.targetSamples() > 0)
            .map(InferenceStatus.ShadowStats::meanAbsErrorCandidate),
        drift(),
        driftScore(),
        kpiChange,
        kpiDegradation,
        problem);
  }
}
