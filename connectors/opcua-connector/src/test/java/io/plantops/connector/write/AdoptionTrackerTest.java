package io.plantops.connector.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class AdoptionTrackerTest {

  private final AdoptionTracker tracker = new AdoptionTracker(900_000);

  @Test
  void adviceIsFollowedWhenTheSetpointMovesHalfWayInTheAdvisedDirectionWithinTheWindow() {
    assertThat(tracker.advise("k/f", 0, 12.0, OptionalDouble.of(11.0), 0.05)).isPresent();
    assertThat(tracker.observe("k/f", 60_000, OptionalDouble.of(11.4))).isEmpty();
    assertThat(tracker.observe("k/f", 120_000, OptionalDouble.of(11.5))).isPresent();
    assertThat(tracker.totals("k/f")).isEqualTo(new AdoptionTracker.Totals(1, 1, 0));
  }

  @Test
  void movingTheOtherWayOrTooLateIsNotFollowing() {
    tracker.advise("k/f", 0, 10.0, OptionalDouble.of(11.0), 0.05);
    assertThat(tracker.observe("k/f", 60_000, OptionalDouble.of(11.6))).isEmpty();
    assertThat(tracker.observe("k/f", 900_001, OptionalDouble.of(10.0))).isEmpty();
    assertThat(tracker.expire(900_001)).hasSize(1);
    assertThat(tracker.totals("k/f")).isEqualTo(new AdoptionTracker.Totals(1, 0, 1));
  }

  @Test
  void adviceWithinTheDeadbandOrWithoutAKnownSetpointOpensNothingAndNeitherDoesRepeatAdvice() {
    assertThat(tracker.advise("k/f", 0, 11.03, OptionalDouble.of(11.0), 0.05)).isEmpty();
    assertThat(tracker.advise("k/f", 0, 12.0, OptionalDouble.empty(), 0.05)).isEmpty();
    assertThat(tracker.advise("k/f", 0, 12.0, OptionalDouble.of(11.0), 0.05)).isPresent();
    assertThat(tracker.advise("k/f", 60_000, 12.5, OptionalDouble.of(11.0), 0.05)).isEmpty();
    assertThat(tracker.totals("k/f").opened()).isEqualTo(1);
  }
}
