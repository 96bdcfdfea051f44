package io.plantops.operator.render;

import io.plantops.api.v1alpha1.KpiStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.UseCaseConfig.KeptBaseline;
import io.plantops.operator.status.Conditions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The KPI baselines a SiteDeployment's status keeps that were set from history or measured live,
 * handed back to the inference server through the resolved config so that a restarted server
 * neither loses them nor measures again. A calibrated baseline is not among them: the calibration
 * carries it.
 */
public final class KeptBaselines {

  private KeptBaselines() {}

  /** What {@code sd}'s status keeps, but for baselines set before a request for new ones. */
  public static Map<String, KeptBaseline> of(SiteDeployment sd) {
    return of(sd.getStatus(), requested(sd));
  }

  /**
   * When the plant asked for new baselines ({@code spec.calibration.kpiBaselinesRequestedAt}), if
   * it did.
   */
  public static Optional<Instant> requested(SiteDeployment sd) {
    return Optional.ofNullable(sd.getSpec())
        .map(s -> s.calibration().kpiBaselinesRequestedAt())
        .flatMap(Conditions::instant);
  }

  /**
   * By KPI name; empty without status. A baseline computed before {@code requested} is not kept.
   */
  public static Map<String, KeptBaseline> of(
      SiteDeploymentStatus status, Optional<Instant> requested) {
    Map<String, KeptBaseline> kept = new TreeMap<>();
    if (status == null || status.kpis() == null) {
      return kept;
    }
    for (KpiStatus k : status.kpis()) {
      if (k.name() == null
          || k.baseline() == null
          || k.baselineSource() == null
          || k.baselineSource() == BaselineSource.Calibration) {
        continue;
      }
      long at = epochMs(k.baselineComputedAt());
      if (requested.isPresent() && at < requested.get().toEpochMilli()) {
        continue;
      }
      kept.put(
          k.name(),
          new KeptBaseline(
              k.baseline(),
              k.baselineSource(),
              epochMs(k.baselineWindowStart()),
              epochMs(k.baselineWindowEnd()),
              k.baselineSamples() == null ? 0 : k.baselineSamples(),
              at,
              k.baselineExcluded()));
    }
    return kept;
  }

  private static long epochMs(String timestamp) {
    return Conditions.instant(timestamp).map(Instant::toEpochMilli).orElse(0L);
  }
}
