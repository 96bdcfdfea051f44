package io.plantops.operator.scorecard;

import io.plantops.api.v1alpha1.AdviceAdoption;
import io.plantops.api.v1alpha1.CalibrationEffort;
import io.plantops.api.v1alpha1.MappingEffort;
import io.plantops.api.v1alpha1.OnboardingDurations;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteScorecard;
import io.plantops.api.v1alpha1.StageCount;
import io.plantops.api.v1alpha1.TemplateScorecard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A template's scorecard: its sites' scorecards summed, their plants' onboarding durations as
 * medians, and the sites counted by ring and phase. Pure, so that a resync writes nothing new.
 */
public final class TemplateScorecards {

  private TemplateScorecards() {}

  /**
   * The scorecard of the template that {@code sds} deploy.
   *
   * @param sds the template's SiteDeployments
   * @param plant the Plant of a SiteDeployment, if it exists
   */
  public static TemplateScorecard aggregate(
      List<SiteDeployment> sds, Function<SiteDeployment, Optional<Plant>> plant) {
    Map<Integer, Map<Phase, Integer>> byRing = new TreeMap<>();
    List<OnboardingDurations> durations = new ArrayList<>();
    MappingEffort mapping = MappingEffort.none();
    CalibrationEffort calibration = CalibrationEffort.none();
    AdviceAdoption adoption = null;
    int gains = 0;
    for (SiteDeployment sd : sds) {
      Optional<Plant> p = plant.apply(sd);
      int ring = p.map(x -> x.getSpec().rolloutRing()).orElse(1);
      Phase phase =
          sd.getStatus() == null || sd.getStatus().phase() == null
              ? Phase.Pending
              : sd.getStatus().phase();
      byRing.computeIfAbsent(ring, r -> new TreeMap<>()).merge(phase, 1, Integer::sum);
      p.map(Plant::getStatus)
          .map(s -> PlantScorecards.durations(s.onboarding()))
          .ifPresent(durations::add);
      if (sd.getSpec() != null) {
        calibration = calibration.plus(CalibrationEffort.of(sd.getSpec().calibration()));
      }
      SiteScorecard s = sd.getStatus() == null ? null : sd.getStatus().scorecard();
      if (s != null) {
        if (s.mapping() != null) {
          mapping = mapping.plus(s.mapping());
        }
        if (s.adoption() != null) {
          adoption = adoption == null ? s.adoption() : adoption.plus(s.adoption());
        }
        if (s.kpiGainAt() != null) {
          gains++;
        }
      }
    }
    List<StageCount> stages = new ArrayList<>();
    byRing.forEach(
        (ring, phases) -> phases.forEach((phase, n) -> stages.add(new StageCount(ring, phase, n))));
    OnboardingDurations median =
        new OnboardingDurations(
            median(durations, OnboardingDurations::firstValidInferenceSeconds),
            median(durations, OnboardingDurations::firstAdvisorySeconds),
            median(durations, OnboardingDurations::firstClosedLoopSeconds),
            median(durations, OnboardingDurations::firstKpiGainSeconds));
    int inferring =
        (int) durations.stream().filter(d -> d.firstValidInferenceSeconds() != null).count();
    return new TemplateScorecard(
        stages.isEmpty() ? null : stages,
        median.equals(new OnboardingDurations(null, null, null, null)) ? null : median,
        inferring,
        gains,
        mapping,
        calibration,
        adoption);
  }

  /** The median of the values present (the lower middle one of an even count), or null. */
  static Long median(List<OnboardingDurations> ds, Function<OnboardingDurations, Long> field) {
    List<Long> values = ds.stream().map(field).filter(Objects::nonNull).sorted().toList();
    return values.isEmpty() ? null : values.get((values.size() - 1) / 2);
  }
}
