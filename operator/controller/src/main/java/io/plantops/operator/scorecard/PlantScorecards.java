package io.plantops.operator.scorecard;

import io.plantops.api.v1alpha1.AdviceAdoption;
import io.plantops.api.v1alpha1.CalibrationEffort;
import io.plantops.api.v1alpha1.MappingEffort;
import io.plantops.api.v1alpha1.OnboardingDurations;
import io.plantops.api.v1alpha1.OnboardingMilestones;
import io.plantops.api.v1alpha1.PlantScorecard;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A plant's scorecard: its milestones as durations, and its sites' figures summed. */
public final class PlantScorecards {

  private PlantScorecards() {}

  /** The scorecard of a plant with these milestones, TagMappings and SiteDeployments. */
  public static PlantScorecard compute(
      OnboardingMilestones milestones, List<TagMapping> tagMappings, List<SiteDeployment> sds) {
    MappingEffort mapping =
        tagMappings.stream()
            .map(MappingOrigins::of)
            .reduce(MappingEffort.none(), MappingEffort::plus);
    CalibrationEffort calibration =
        sds.stream()
            .filter(sd -> sd.getSpec() != null)
            .map(sd -> CalibrationEffort.of(sd.getSpec().calibration()))
            .reduce(CalibrationEffort.none(), CalibrationEffort::plus);
    AdviceAdoption adoption =
        sds.stream()
            .map(SiteDeployment::getStatus)
            .filter(Objects::nonNull)
            .map(s -> s.scorecard() == null ? null : s.scorecard().adoption())
            .filter(Objects::nonNull)
            .reduce(AdviceAdoption::plus)
            .orElse(null);
    return new PlantScorecard(durations(milestones), mapping, calibration, adoption);
  }

  /**
   * The earliest KPI gain among the plant's SiteDeployments (RFC 3339), the plant's {@code
   * firstKpiGainAt} milestone.
   */
  public static Optional<String> firstKpiGain(List<SiteDeployment> sds) {
    return sds.stream()
        .map(SiteDeployment::getStatus)
        .filter(Objects::nonNull)
        .map(s -> s.scorecard() == null ? null : s.scorecard().kpiGainAt())
        .map(Conditions::instant)
        .flatMap(Optional::stream)
        .min(Instant::compareTo)
        .map(Conditions::timestamp);
  }

  /** Seconds from registration to each milestone, absent until reached. */
  public static OnboardingDurations durations(OnboardingMilestones m) {
    if (m == null) {
      return null;
    }
    Optional<Instant> registered = Conditions.instant(m.registeredAt());
    return new OnboardingDurations(
        seconds(registered, m.firstValidInferenceAt()),
        seconds(registered, m.firstAdvisoryAt()),
        seconds(registered, m.firstClosedLoopAt()),
        seconds(registered, m.firstKpiGainAt()));
  }

  private static Long seconds(Optional<Instant> from, String to) {
    Optional<Instant> end = Conditions.instant(to);
    if (from.isEmpty() || end.isEmpty()) {
      return null;
    }
    return Math.max(0, Duration.between(from.get(), end.get()).toSeconds());
  }
}
