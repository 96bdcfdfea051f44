package io.plantops.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import org.junit.jupiter.api.Test;

class StatusEventsTest {

  @Test
  void onlyTheProblemSideOfEachConditionIsAWarning() {
    assertThat(StatusEvents.bad(ConditionTypes.READY, ConditionStatus.False)).isTrue();
    assertThat(StatusEvents.bad(ConditionTypes.READY, ConditionStatus.True)).isFalse();
    assertThat(StatusEvents.bad(ConditionTypes.DEGRADED, ConditionStatus.True)).isTrue();
    assertThat(StatusEvents.bad(ConditionTypes.DEGRADED, ConditionStatus.False)).isFalse();
    assertThat(StatusEvents.bad(ConditionTypes.ROLLED_BACK, ConditionStatus.True)).isTrue();
    assertThat(StatusEvents.bad(ConditionTypes.ROLLED_BACK, ConditionStatus.False))
        .as("no rollback is not a warning")
        .isFalse();
    assertThat(StatusEvents.bad(ConditionTypes.PROMOTING, ConditionStatus.False))
        .as("nothing to promote is not a warning")
        .isFalse();
    assertThat(StatusEvents.bad(ConditionTypes.PROMOTING, ConditionStatus.True)).isFalse();
  }
}
