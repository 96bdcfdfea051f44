package io.plantops.operator.rollout;

import io.plantops.contract.DriftStatus;
import java.util.List;
import java.util.Optional;

/**
 * One way a site fails its ring while it runs the version rolled out: a pure function of the site
 * that says why, or nothing (cert-manager's policy functions).
 */
interface RingFailure {

  /** Why {@code site} fails the ring for {@code version} under {@code f}, or empty. */
  Optional<String> of(RolloutSite site, RingFacts f);

  /** The failures, in order of priority. */
  List<RingFailure> ALL = List.of(RingFailure::drift, RingFailure::kpi, RingFailure::rolledBack);

  /** Drift reached Alert on the new version. */
  static Optional<String> drift(RolloutSite s, RingFacts f) {
    return s.runs(f.version()) && s.drift().orElse(DriftStatus.Unknown) == DriftStatus.Alert
        ? Optional.of(s.name() + " drift Alert on " + f.version())
        : Optional.empty();
  }

  /** A KPI is worse than baseline beyond the ring's bound on the new version. */
  static Optional<String> kpi(RolloutSite s, RingFacts f) {
    Double bound = f.policy().maxKpiDegradationPercent();
    if (bound == null || !s.runs(f.version()) || s.kpiPercentWorse().isEmpty()) {
      return Optional.empty();
    }
    double worse = s.kpiPercentWorse().get();
    return worse > bound
        ? Optional.of(
            s.name()
                + " KPI "
                + String.format(java.util.Locale.ROOT, "%.1f", worse)
                + " % worse than baseline on "
                + f.version()
                + " (ring bound "
                + bound
                + " %)")
        : Optional.empty();
  }

  /** The site rolled back from the new version on its own (load failure, KPI). */
  static Optional<String> rolledBack(RolloutSite s, RingFacts f) {
    return s.rolledBackFrom().filter(f.version()::equals).isPresent() && !s.runs(f.version())
        ? Optional.of(s.name() + " rolled back from " + f.version())
        : Optional.empty();
  }

  /** The first failure of {@code s}, if any. */
  static Optional<String> first(RolloutSite s, RingFacts f) {
    return ALL.stream().map(r -> r.of(s, f)).flatMap(Optional::stream).findFirst();
  }
}
