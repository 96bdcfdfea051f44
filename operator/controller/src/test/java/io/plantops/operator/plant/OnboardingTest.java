package io.plantops.operator.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.OnboardingMilestones;
import io.plantops.operator.testing.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OnboardingTest {

  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  static OnboardingMilestones registered(String at) {
    return new OnboardingMilestones(at, null, null, null, null, null, null);
  }

  @Test
  void aMilestoneIsReachedOnceAndMeasuredFromRegistration() {
    Onboarding.Progress first =
        Onboarding.track(
            new Onboarding.Facts(
                registered("2026-11-20T08:00:00Z"), List.of(), true, Optional.empty(), T0));
    assertThat(first.milestones().workloadsReadyAt()).isEqualTo("2026-11-20T10:00:00Z");
    assertThat(first.reached())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.milestone()).isEqualTo(Onboarding.Milestone.workloadsReady);
              assertThat(r.sinceRegistration()).isEqualTo(Duration.ofHours(2));
            });

    Onboarding.Progress later =
        Onboarding.track(
            new Onboarding.Facts(
                first.milestones(),
                List.of(),
                false,
                Optional.of(Workloads.inference("lyon")),
                T0.plusSeconds(60)));
    assertThat(later.milestones().workloadsReadyAt())
        .as("a workload going down later does not clear the milestone")
        .isEqualTo("2026-11-20T10:00:00Z");
    assertThat(later.reached())
        .extracting(Onboarding.Reached::milestone)
        .containsExactly(Onboarding.Milestone.firstData);
  }

  @Test
  void aRegistrationTimeThatCannotBeReadCountsAsNoTimeAtAll() {
    Onboarding.Progress p =
        Onboarding.track(
            new Onboarding.Facts(registered("yesterday"), List.of(), true, Optional.empty(), T0));
    assertThat(p.milestones().registeredAt()).isEqualTo("yesterday");
    assertThat(p.reached())
        .singleElement()
        .satisfies(r -> assertThat(r.sinceRegistration()).isEqualTo(Duration.ZERO));
  }
}
