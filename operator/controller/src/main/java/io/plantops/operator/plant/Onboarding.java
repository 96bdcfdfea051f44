package io.plantops.operator.plant;

import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.OnboardingMilestones;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.contract.InferenceStatus;
import io.plantops.operator.scorecard.PlantScorecards;
import io.plantops.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A plant's onboarding milestones, the repeatability figures of a rollout (how long from
 * registration to mapped signals, ready workloads, first data, first valid inference, first
 * advisory and first closed-loop use case). Each is set once, when first reached, and never
 * cleared: a plant that loses its connection later has still been onboarded.
 */
final class Onboarding {

  private Onboarding() {}

  /** The onboarding milestones, in the order a plant reaches them. */
  enum Milestone {
    registered,
    mappingComplete,
    workloadsReady,
    firstData,
    firstValidInference,
    firstAdvisory,
    firstClosedLoop,
    firstKpiGain
  }

  /**
   * What the milestones are read from.
   *
   * @param before the milestones last written
   * @param siteDeployments SiteDeployments at the plant
   * @param workloadsAvailable whether both workloads are available
   * @param inference what the inference server reports, if it could be read
   * @param now time of the reconciliation
   */
  record Facts(
      OnboardingMilestones before,
      List<SiteDeployment> siteDeployments,
      boolean workloadsAvailable,
      Optional<InferenceStatus> inference,
      Instant now) {}

  /**
   * The milestones, and those reached in this reconciliation.
   *
   * @param milestones every milestone reached so far
   * @param reached the ones reached now, in milestone order
   */
  record Progress(OnboardingMilestones milestones, List<Reached> reached) {}

  /**
   * A milestone reached now.
   *
   * @param milestone which
   * @param at when (RFC 3339)
   * @param sinceRegistration how long after the plant's registration
   */
  record Reached(Milestone milestone, String at, Duration sinceRegistration) {}

  static Progress track(Facts f) {
    OnboardingMilestones before = f.before();
    String now = Conditions.timestamp(f.now());
    List<Reached> reached = new ArrayList<>();
    String registered = once(before.registeredAt(), now, Milestone.registered, null, reached);
    boolean allCovered =
        !f.siteDeployments().isEmpty()
            && f.siteDeployments().stream()
                .allMatch(
                    sd ->
                        sd.getStatus() != null
                            && Conditions.isTrue(
                                sd.getStatus().conditions(), ConditionTypes.INPUTS_COVERED));
    String mapping =
        once(
            before.mappingCompleteAt(),
            allCovered ? now : null,
            Milestone.mappingComplete,
            registered,
            reached);
    String ready =
        once(
            before.workloadsReadyAt(),
            f.workloadsAvailable() ? now : null,
            Milestone.workloadsReady,
            registered,
            reached);
    String firstData =
        once(
            before.firstDataAt(),
            f.inference().map(InferenceStatus::firstDataAtMs).map(Onboarding::at).orElse(null),
            Milestone.firstData,
            registered,
            reached);
    String firstValid =
        once(
            before.firstValidInferenceAt(),
            f.inference()
                .flatMap(
                    s ->
                        s.useCases().stream()
                            .map(InferenceStatus.UseCaseStatus::firstValidInferenceAtMs)
                            .filter(Objects::nonNull)
                            .min(Long::compare))
                .map(Onboarding::at)
                .orElse(null),
            Milestone.firstValidInference,
            registered,
            reached);
    String firstAdvisory =
        once(
            before.firstAdvisoryAt(),
            earliestLive(f.siteDeployments(), Phase.Advisory, now),
            Milestone.firstAdvisory,
            registered,
            reached);
    String firstClosedLoop =
        once(
            before.firstClosedLoopAt(),
            earliestLive(f.siteDeployments(), Phase.ClosedLoop, now),
            Milestone.firstClosedLoop,
            registered,
            reached);
    String firstKpiGain =
        once(
            before.firstKpiGainAt(),
            PlantScorecards.firstKpiGain(f.siteDeployments()).orElse(null),
            Milestone.firstKpiGain,
            registered,
            reached);
    return new Progress(
        new OnboardingMilestones(
            registered,
            mapping,
            ready,
            firstData,
            firstValid,
            firstAdvisory,
            firstClosedLoop,
            firstKpiGain),
        reached);
  }

  private static String once(
      String before, String candidate, Milestone m, String registered, List<Reached> reached) {
    if (before != null) {
      return before;
    }
    if (candidate != null) {
      reached.add(
          new Reached(
              m, candidate, between(registered == null ? candidate : registered, candidate)));
    }
    return candidate;
  }

  /**
   * The time between two milestones. {@code to} is always a timestamp this operator formats; a
   * registration time it cannot read (status edited by hand) counts as no time at all.
   */
  private static Duration between(String from, String to) {
    Optional<Instant> start = Conditions.instant(from);
    Optional<Instant> end = Conditions.instant(to);
    return start.isPresent() && end.isPresent()
        ? Duration.between(start.get(), end.get())
        : Duration.ZERO;
  }

  private static String earliestLive(List<SiteDeployment> sds, Phase atLeast, String now) {
    return sds.stream()
        .filter(sd -> sd.getStatus() != null && sd.getStatus().phase() != null)
        .filter(
            sd ->
                sd.getStatus().phase().stage() != null
                    && sd.getStatus().phase().stage().atLeast(atLeast.stage()))
        .map(
            sd ->
                Conditions.instant(sd.getStatus().phaseSince())
                    .map(Conditions::timestamp)
                    .orElse(now))
        .min(String::compareTo)
        .orElse(null);
  }

  private static String at(long epochMs) {
    return Conditions.timestamp(Instant.ofEpochMilli(epochMs));
  }
}
