package io.plantops.operator.render;

import io.plantops.api.v1alpha1.KpiStatus;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.UseCaseConfig.KeptBaseline;
import io.plantops.operator.status.Conditions;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The KPI baselines a SiteDeployment's status keeps that were set from history or measured live,
 * handed back to the inference server through the resolved config so that a restarted server
 * neither loses them nor measures again. A calibrated baseline is not among them: the calibration
 * carries it.
 */
public final class KeptBaselines {

  private KeptBaselines() {}

  /** By KPI name; empty without status. */
  public static Map<String, KeptBaseline> of(SiteDeploymentStatus status) {
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
      kept.put(
          k.name(),
          new KeptBaseline(
              k.baseline(),
              k.baselineSource(),
              epochMs(k.baselineWindowStart()),
              epochMs(k.baselineWindowEnd()),
              k.baselineSamples() == null ? 0 : k.baselineSamples(),
              epochMs(k.baselineComputedAt())));
    }
    return kept;
  }

  private static long epochMs(String timestamp) {
    return Conditions.instant(timestamp).map(Instant::toEpochMilli).orElse(0L);
  }
}
