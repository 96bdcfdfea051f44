package io.plantops.operator.scorecard;

import io.plantops.api.v1alpha1.AdviceAdoption;
import io.plantops.api.v1alpha1.CalibrationEffort;
import io.plantops.api.v1alpha1.KpiStatus;
import io.plantops.api.v1alpha1.MappingEffort;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteScorecard;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.KpiAssessment;
import io.plantops.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A SiteDeployment's scorecard, computed from what its reconcile knows. Pure: the same facts give
 * the same scorecard, so a resync with nothing new writes nothing.
 *
 * <p>KPI gain: while the site is live in Advisory or ClosedLoop, some KPI assessed Improved (beyond
 * the inference server's noise band against the baseline, in the KPI's direction) and none Worse
 * starts {@code kpiGainingSince}; anything else clears it. When it has held for the window, {@code
 * kpiGainAt} is set to the moment the window was first complete, once. Shadow does not count: no
 * advice reaches the plant, so a change then is not the use case's doing.
 */
public final class SiteScorecards {

  private SiteScorecards() {}

  /**
   * What the scorecard is computed from.
   *
   * @param before the scorecard last written, if any
   * @param mapping the effort of the site's TagMapping, empty when it does not exist
   * @param calibration the site's calibration overrides
   * @param adoption what the connector reports for this use case, empty when not read
   * @param phase the live phase decided now
   * @param kpis the KPI figures as written now (kept while the server cannot be read)
   * @param window how long a gain must hold (the rollback policy's KPI window)
   * @param now time of the reconciliation
   */
  public record Facts(
      Optional<SiteScorecard> before,
      Optional<MappingEffort> mapping,
      CalibrationEffort calibration,
      Optional<ConnectorStatus.Adoption> adoption,
      Phase phase,
      List<KpiStatus> kpis,
      Duration window,
      Instant now) {}

  /** The scorecard for {@code f}. */
  public static SiteScorecard compute(Facts f) {
    Optional<SiteScorecard> before = f.before();
    AdviceAdoption adoption =
        f.adoption()
            .map(a -> AdviceAdoption.of(a.published(), a.followed()))
            .orElse(before.map(SiteScorecard::adoption).orElse(null));
    String gainAt = before.map(SiteScorecard::kpiGainAt).orElse(null);
    String since = null;
    if (gaining(f.phase(), f.kpis())) {
      since =
          before
              .map(SiteScorecard::kpiGainingSince)
              .flatMap(Conditions::instant)
              .map(Conditions::timestamp)
              .orElse(Conditions.timestamp(f.now()));
      if (gainAt == null) {
        Instant held = Conditions.instant(since).orElse(f.now()).plus(f.window());
        if (!held.isAfter(f.now())) {
          gainAt = Conditions.timestamp(held);
        }
      }
    }
    return new SiteScorecard(
        f.mapping().orElse(before.map(SiteScorecard::mapping).orElse(null)),
        f.calibration(),
        adoption,
        since,
        gainAt);
  }

  /**
   * How long until the gain that is building up holds for its window, when one is: the site must be
   * reconciled then even if nothing it observes changes.
   */
  public static Optional<Duration> recheckAfter(SiteScorecard s, Duration window, Instant now) {
    if (s == null || s.kpiGainAt() != null || s.kpiGainingSince() == null) {
      return Optional.empty();
    }
    return Conditions.instant(s.kpiGainingSince())
        .map(since -> Duration.between(now, since.plus(window)))
        .filter(d -> !d.isNegative())
        .map(d -> d.plusSeconds(1));
  }

  private static boolean gaining(Phase phase, List<KpiStatus> kpis) {
    Stage stage = phase == null ? null : phase.stage();
    if (stage == null || !stage.atLeast(Stage.Advisory) || kpis == null) {
      return false;
    }
    boolean improved = kpis.stream().anyMatch(k -> k.assessment() == KpiAssessment.Improved);
    boolean worse = kpis.stream().anyMatch(k -> k.assessment() == KpiAssessment.Worse);
    return improved && !worse;
  }
}
