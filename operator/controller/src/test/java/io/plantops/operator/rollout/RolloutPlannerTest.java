package io.plantops.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.RingApproval;
import io.plantops.api.v1alpha1.RingFailureAction;
import io.plantops.api.v1alpha1.RingPolicy;
import io.plantops.api.v1alpha1.RingStatus;
import io.plantops.api.v1alpha1.RolloutPolicy;
import io.plantops.api.v1alpha1.RolloutState;
import io.plantops.api.v1alpha1.RolloutStatus;
import io.plantops.contract.DriftStatus;
import io.plantops.operator.status.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutPlannerTest {

  static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

  static final RolloutPolicy SOAK_A_DAY =
      new RolloutPolicy(
          null,
          null,
          List.of(new RingPolicy(0, 1440, 100, 3.0, null), new RingPolicy(1, 1440, 50, 3.0, null)),
          null);

  static RolloutSite site(String name, int ring, String active) {
    return new RolloutSite(
        name,
        ring,
        true,
        Optional.of(active),
        Optional.empty(),
        Optional.of(DriftStatus.Ok),
        Optional.empty(),
        Optional.empty());
  }

  static RolloutSite shadow(String name, int ring, String active, String candidate) {
    return new RolloutSite(
        name,
        ring,
        true,
        Optional.of(active),
        Optional.of(candidate),
        Optional.of(DriftStatus.Ok),
        Optional.empty(),
        Optional.empty());
  }

  static RolloutSite pinned(String name, int ring, String active) {
    return new RolloutSite(
        name,
        ring,
        false,
        Optional.of(active),
        Optional.empty(),
        Optional.of(DriftStatus.Ok),
        Optional.empty(),
        Optional.empty());
  }

  static RolloutSite drifting(String name, int ring, String active) {
    return new RolloutSite(
        name,
        ring,
        true,
        Optional.of(active),
        Optional.empty(),
        Optional.of(DriftStatus.Alert),
        Optional.empty(),
        Optional.empty());
  }

  static RolloutPlanner.Plan plan(
      RolloutPolicy p, String latest, RolloutStatus prev, Instant now, RolloutSite... sites) {
    return RolloutPlanner.plan(
        new RolloutPlanner.Snapshot(p, latest, Optional.ofNullable(prev), List.of(sites), now));
  }

  /** Plans again on the status just written, as a resync would. */
  static void assertFixedPoint(
      RolloutPolicy p, String latest, RolloutPlanner.Plan plan, Instant now, RolloutSite... s) {
    RolloutPlanner.Plan again = plan(p, latest, plan.status(), now, s);
    assertThat(again.status()).isEqualTo(plan.status());
    assertThat(again.transitions()).isEmpty();
  }

  static RingStatus ring(RolloutStatus s, int ring) {
    return s.rings().stream().filter(r -> r.ring() == ring).findFirst().orElseThrow();
  }

  @Test
  void aFirstVersionReachesEveryRingAtOnce() {
    RolloutPlanner.Plan p =
        plan(SOAK_A_DAY, "1.2.0", null, T0, site("a", 0, "1.2.0"), site("b", 2, "1.2.0"));
    assertThat(p.status().state()).isEqualTo(RolloutState.Complete);
    assertThat(p.status().fromVersion()).isNull();
    assertThat(RingAccess.of(Optional.of(p.status()), 2).version()).contains("1.2.0");
    assertFixedPoint(SOAK_A_DAY, "1.2.0", p, T0, site("a", 0, "1.2.0"), site("b", 2, "1.2.0"));
  }

  @Test
  void opensRingsLowestFirstOnceEachRingPromotedAndSoaked() {
    RolloutStatus done = plan(SOAK_A_DAY, "1.2.0", null, T0, site("a", 0, "1.2.0")).status();
    List<RolloutSite> fleet =
        new ArrayList<>(
            List.of(
                site("a", 0, "1.2.0"),
                site("b", 1, "1.2.0"),
                site("c", 1, "1.2.0"),
                site("d", 2, "1.2.0"),
                pinned("p", 2, "1.1.0")));

    // 1.3.0 released: ring 0 only
    RolloutPlanner.Plan p = plan(SOAK_A_DAY, "1.3.0", done, T0, fleet.toArray(RolloutSite[]::new));
    RolloutStatus s = p.status();
    assertThat(s.state()).isEqualTo(RolloutState.Progressing);
    assertThat(s.fromVersion()).isEqualTo("1.2.0");
    assertThat(s.openRing()).isZero();
    assertThat(p.transitions())
        .extracting(RolloutPlanner.Transition::reason)
        .containsExactly(Reason.RolloutStarted);
    assertThat(RingAccess.of(Optional.of(s), 0).version()).contains("1.3.0");
    assertThat(RingAccess.of(Optional.of(s), 1).version()).contains("1.2.0");
    assertThat(s.message())
        .isEqualTo("ring 1 waits for ring 0: promoted 0/1 (needs 100 %); soak 1d0h once promoted");
    assertThat(ring(s, 2).pinned()).isEqualTo(1);
    assertThat(ring(s, 2).sites()).isEqualTo(1);
    assertThat(s.summary()).isEqualTo("0:0/1 1:closed 2:closed");
    assertFixedPoint(SOAK_A_DAY, "1.3.0", p, T0, fleet.toArray(RolloutSite[]::new));

    // ring 0 shadows it, then promotes it: the soak starts
    fleet.set(0, shadow("a", 0, "1.2.0", "1.3.0"));
    s =
        plan(SOAK_A_DAY, "1.3.0", s, T0.plusSeconds(60), fleet.toArray(RolloutSite[]::new))
            .status();
    assertThat(ring(s, 0).inShadow()).isEqualTo(1);
    assertThat(s.summary()).isEqualTo("0:0/1(1 shadow) 1:closed 2:closed");
    fleet.set(0, site("a", 0, "1.3.0"));
    Instant t1 = T0.plus(Duration.ofHours(2));
    p = plan(SOAK_A_DAY, "1.3.0", s, t1, fleet.toArray(RolloutSite[]::new));
    s = p.status();
    assertThat(ring(s, 0).promotedAt()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(s.openRing()).isZero();
    assertThat(s.message()).contains("soak 1d0h, passes at 2026-12-02T10:00:00Z");
    assertThat(p.recheckAt()).contains(Instant.parse("2026-12-02T10:00:00Z"));
    assertFixedPoint(
        SOAK_A_DAY, "1.3.0", p, t1.plusSeconds(600), fleet.toArray(RolloutSite[]::new));

    // a day later: ring 1 opens, ring 2 still closed
    p =
        plan(
            SOAK_A_DAY, "1.3.0", s, t1.plus(Duration.ofDays(1)), fleet.toArray(RolloutSite[]::new));
    s = p.status();
    assertThat(s.openRing()).isEqualTo(1);
    assertThat(p.transitions())
        .extracting(RolloutPlanner.Transition::reason)
        .containsExactly(Reason.RingOpened);
    assertThat(ring(s, 1).openedAt()).isEqualTo("2026-12-02T10:00:00Z");
    assertThat(RingAccess.of(Optional.of(s), 1).version()).contains("1.3.0");
    assertThat(RingAccess.of(Optional.of(s), 2).version()).contains("1.2.0");

    // ring 1 needs only half its sites; ring 2 has no policy: every site, no soak
    fleet.set(1, site("b", 1, "1.3.0"));
    Instant t2 = t1.plus(Duration.ofDays(3));
    s = plan(SOAK_A_DAY, "1.3.0", s, t2, fleet.toArray(RolloutSite[]::new)).status();
    assertThat(s.openRing()).isEqualTo(1);
    p =
        plan(
            SOAK_A_DAY, "1.3.0", s, t2.plus(Duration.ofDays(1)), fleet.toArray(RolloutSite[]::new));
    assertThat(p.status().openRing()).isEqualTo(2);
    fleet.set(3, site("d", 2, "1.3.0"));
    p =
        plan(
            SOAK_A_DAY,
            "1.3.0",
            p.status(),
            t2.plus(Duration.ofDays(2)),
            fleet.toArray(RolloutSite[]::new));
    assertThat(p.status().state()).isEqualTo(RolloutState.Complete);
    assertThat(p.transitions())
        .extracting(RolloutPlanner.Transition::reason)
        .containsExactly(Reason.RolloutComplete);
    assertThat(p.status().summary()).isEqualTo("0:1/1 1:1/2 2:1/1");
    assertFixedPoint(
        SOAK_A_DAY, "1.3.0", p, t2.plus(Duration.ofDays(9)), fleet.toArray(RolloutSite[]::new));
  }

  @Test
  void driftAlertInAnOpenRingHaltsTheRolloutAndRevertRingReturnsThatRing() {
    RolloutPolicy revert =
        new RolloutPolicy(null, RingFailureAction.RevertRing, SOAK_A_DAY.rings(), null);
    RolloutStatus s = plan(revert, "1.2.0", null, T0, site("a", 0, "1.2.0")).status();
    s =
        plan(
                revert,
                "1.3.0",
                s,
                T0,
                site("a", 0, "1.2.0"),
                site("b", 1, "1.2.0"),
                site("c", 2, "1.2.0"))
            .status();
    s =
        plan(
                revert,
                "1.3.0",
                s,
                T0,
                site("a", 0, "1.3.0"),
                site("b", 1, "1.2.0"),
                site("c", 2, "1.2.0"))
            .status();
    s =
        plan(
                revert,
                "1.3.0",
                s,
                T0.plus(Duration.ofDays(2)),
                site("a", 0, "1.3.0"),
                site("b", 1, "1.2.0"),
                site("c", 2, "1.2.0"))
            .status();
    assertThat(s.openRing()).isEqualTo(1);

    RolloutPlanner.Plan p =
        plan(
            revert,
            "1.3.0",
            s,
            T0.plus(Duration.ofDays(3)),
            site("a", 0, "1.3.0"),
            drifting("b", 1, "1.3.0"),
            site("c", 2, "1.2.0"));
    s = p.status();
    assertThat(s.state()).isEqualTo(RolloutState.Halted);
    assertThat(s.haltedRing()).isEqualTo(1);
    assertThat(s.reverted()).isTrue();
    assertThat(s.message())
        .isEqualTo(
            "ring 1 failed: b drift Alert on 1.3.0; no further ring receives 1.3.0; ring 1 returns to 1.2.0");
    assertThat(ring(s, 1).failed()).isEqualTo(1);
    assertThat(RingAccess.of(Optional.of(s), 0))
        .isEqualTo(new RingAccess(Optional.of("1.3.0"), false));
    assertThat(RingAccess.of(Optional.of(s), 1))
        .isEqualTo(new RingAccess(Optional.of("1.2.0"), true));
    assertThat(RingAccess.of(Optional.of(s), 2).version()).contains("1.2.0");

    // drift recovers, a week passes: still halted, ring 2 never opens
    RolloutPlanner.Plan later =
        plan(
            revert,
            "1.3.0",
            s,
            T0.plus(Duration.ofDays(10)),
            site("a", 0, "1.3.0"),
            site("b", 1, "1.2.0"),
            site("c", 2, "1.2.0"));
    assertThat(later.status().state()).isEqualTo(RolloutState.Halted);
    assertThat(later.status().openRing()).isEqualTo(1);
    assertThat(later.transitions()).isEmpty();
  }

  @Test
  void haltWithoutRevertKeepsTheFailedRingOnTheNewVersion() {
    RolloutStatus s = plan(SOAK_A_DAY, "1.2.0", null, T0, site("a", 0, "1.2.0")).status();
    s = plan(SOAK_A_DAY, "1.3.0", s, T0, site("a", 0, "1.2.0"), site("b", 1, "1.2.0")).status();
    s = plan(SOAK_A_DAY, "1.3.0", s, T0, drifting("a", 0, "1.3.0"), site("b", 1, "1.2.0")).status();
    assertThat(s.state()).isEqualTo(RolloutState.Halted);
    assertThat(s.reverted()).isFalse();
    assertThat(RingAccess.of(Optional.of(s), 0))
        .isEqualTo(new RingAccess(Optional.of("1.3.0"), false));
  }

  @Test
  void kpiDegradedBeyondTheRingBoundFailsTheRing() {
    RolloutStatus s = plan(SOAK_A_DAY, "1.2.0", null, T0, site("a", 0, "1.2.0")).status();
    s = plan(SOAK_A_DAY, "1.3.0", s, T0, site("a", 0, "1.2.0")).status();
    RolloutSite worse =
        new RolloutSite(
            "a",
            0,
            true,
            Optional.of("1.3.0"),
            Optional.empty(),
            Optional.of(DriftStatus.Ok),
            Optional.of(4.5),
            Optional.empty());
    s = plan(SOAK_A_DAY, "1.3.0", s, T0, worse).status();
    assertThat(s.state()).isEqualTo(RolloutState.Halted);
    assertThat(s.message()).contains("a KPI 4.5 % worse than baseline on 1.3.0 (ring bound 3.0 %)");
  }

  @Test
  void pausedRolloutOpensNoRingUntilResumed() {
    RolloutPolicy paused = new RolloutPolicy(true, null, List.of(), null);
    RolloutPolicy resumed = new RolloutPolicy(false, null, List.of(), null);
    RolloutStatus s = plan(resumed, "1.2.0", null, T0, site("a", 0, "1.2.0")).status();
    s = plan(resumed, "1.3.0", s, T0, site("a", 0, "1.2.0"), site("b", 1, "1.2.0")).status();
    RolloutPlanner.Plan p =
        plan(paused, "1.3.0", s, T0, site("a", 0, "1.3.0"), site("b", 1, "1.2.0"));
    assertThat(p.status().state()).isEqualTo(RolloutState.Paused);
    assertThat(p.status().openRing()).isZero();
    assertThat(p.transitions())
        .extracting(RolloutPlanner.Transition::reason)
        .containsExactly(Reason.RolloutPaused);
    assertFixedPoint(
        paused, "1.3.0", p, T0.plusSeconds(3600), site("a", 0, "1.3.0"), site("b", 1, "1.2.0"));

    p =
        plan(
            resumed,
            "1.3.0",
            p.status(),
            T0.plusSeconds(7200),
            site("a", 0, "1.3.0"),
            site("b", 1, "1.2.0"));
    assertThat(p.status().state()).isEqualTo(RolloutState.Progressing);
    assertThat(p.status().openRing()).isEqualTo(1);
    assertThat(p.transitions())
        .extracting(RolloutPlanner.Transition::reason)
        .containsExactly(Reason.RingOpened, Reason.RolloutResumed);
  }

  @Test
  void ringApprovalsCountOnlyForTheVersionAndTheRingAndNotInTheFuture() {
    RingPolicy gated = new RingPolicy(0, 0, 100, null, List.of("corporate-ai-lead"));
    RolloutPolicy none =
        new RolloutPolicy(
            null,
            null,
            List.of(gated),
            List.of(
                new RingApproval(
                    "1.2.9", 0, "k.schmidt", "corporate-ai-lead", "2026-11-30T08:00:00Z"),
                new RingApproval(
                    "1.3.0", 1, "k.schmidt", "corporate-ai-lead", "2026-11-30T08:00:00Z"),
                new RingApproval(
                    "1.3.0", 0, "k.schmidt", "corporate-ai-lead", "2026-12-09T08:00:00Z")));
    RolloutStatus s = plan(none, "1.2.0", null, T0, site("a", 0, "1.2.0")).status();
    s = plan(none, "1.3.0", s, T0, site("a", 0, "1.3.0"), site("b", 1, "1.2.0")).status();
    s = plan(none, "1.3.0", s, T0, site("a", 0, "1.3.0"), site("b", 1, "1.2.0")).status();
    assertThat(s.openRing()).isZero();
    assertThat(s.message()).isEqualTo("ring 1 waits for ring 0: approval of corporate-ai-lead");

    RolloutPolicy approved =
        new RolloutPolicy(
            null,
            null,
            List.of(gated),
            List.of(
                new RingApproval(
                    "1.3.0", 0, "k.schmidt", "corporate-ai-lead", "2026-12-01T07:00:00Z")));
    s = plan(approved, "1.3.0", s, T0, site("a", 0, "1.3.0"), site("b", 1, "1.2.0")).status();
    assertThat(s.openRing()).isEqualTo(1);
  }
}
