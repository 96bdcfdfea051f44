package io.plantops.operator.scorecard;

import io.plantops.api.v1alpha1.SiteScorecard;
import java.util.Objects;

/**
 * Which changes of a SiteDeployment's scorecard concern its Plant and its template at once. A
 * milestone (the KPI gain) and the mapping effort do; the adoption counts, which move with every
 * advice, do not: the Plant and the template sum them at their next reconciliation, so that an
 * advice does not cost two more status writes.
 */
public final class ScorecardChanges {

  private ScorecardChanges() {}

  /** Whether the KPI gain or the mapping effort differ between {@code a} and {@code b}. */
  public static boolean milestoneOrEffort(SiteScorecard a, SiteScorecard b) {
    return !Objects.equals(a == null ? null : a.kpiGainAt(), b == null ? null : b.kpiGainAt())
        || !Objects.equals(a == null ? null : a.mapping(), b == null ? null : b.mapping());
  }
}
