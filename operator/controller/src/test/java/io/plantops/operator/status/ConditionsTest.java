package io.plantops.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** lastTransitionTime moves only when the status flips (Kubernetes API conventions). */
class ConditionsTest {

  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-11-20T11:00:00Z");

  @Test
  void keepsTheTransitionTimeWhileTheStatusStaysAndMovesItOnAFlip() {
    List<Condition> first =
        Conditions.from(null, 1, T0)
            .set("Ready", ConditionStatus.False, Reason.WorkloadsNotReady, "a")
            .build();
    assertThat(first.get(0).lastTransitionTime()).isEqualTo("2026-11-20T10:00:00Z");

    Conditions same =
        Conditions.from(first, 2, T1).set("Ready", ConditionStatus.False, Reason.Onboarding, "b");
    assertThat(same.build().get(0).lastTransitionTime()).isEqualTo("2026-11-20T10:00:00Z");
    assertThat(same.build().get(0).observedGeneration()).isEqualTo(2L);
    assertThat(same.build().get(0).reason()).isEqualTo("Onboarding");
    assertThat(same.changes()).isEmpty();

    Conditions flipped =
        Conditions.from(first, 2, T1).set("Ready", ConditionStatus.True, Reason.Running, "c");
    assertThat(flipped.build().get(0).lastTransitionTime()).isEqualTo("2026-11-20T11:00:00Z");
    assertThat(flipped.changes())
        .singleElement()
        .satisfies(c -> assertThat(c.from()).contains(ConditionStatus.False));
  }

  @Test
  void theErrorPathKeepsEveryOtherConditionAsItWas() {
    List<Condition> before =
        Conditions.from(null, 1, T0)
            .set("Ready", ConditionStatus.True, Reason.Running, "ok")
            .set("Valid", ConditionStatus.True, Reason.Valid, "ok")
            .build();
    List<Condition> after =
        Conditions.from(before, 1, T1)
            .keepAllBut("Ready")
            .set("Ready", ConditionStatus.False, Reason.ReconcileError, "boom")
            .build();
    assertThat(after).filteredOn(c -> c.type().equals("Valid")).containsExactly(before.get(1));
  }
}
