package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.Stage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

  static final String DAY1 = "2026-11-20T08:00:00Z";
  static final String DAY2 = "2026-11-21T08:00:00Z";
  static final String DAY3 = "2026-11-22T08:00:00Z";

  static HistoryEntry period(String version, Stage stage, HistoryReason why, String from) {
    return new HistoryEntry(version, stage, from, null, why, null, null, null, why.name());
  }

  static HistoryEntry point(String version, Stage stage, HistoryReason why, String at) {
    return new HistoryEntry(version, stage, at, at, why, null, null, null, why.name());
  }

  @Test
  void openingAPeriodClosesTheLiveOneAndNamesWhereItCameFrom() {
    History h =
        new History(List.of(period("1.2.0", Stage.Shadow, HistoryReason.Activated, DAY1)), DAY2);
    HistoryEntry opened =
        h.open(Stage.Advisory, "1.2.0", HistoryReason.StagePromoted, List.of("a (r)"), "up");
    assertThat(opened.fromStage()).isEqualTo(Stage.Shadow);
    assertThat(opened.fromVersion()).isEqualTo("1.2.0");
    assertThat(opened.approvals()).containsExactly("a (r)");
    assertThat(h.latest(10)).extracting(HistoryEntry::to).containsExactly(DAY2, null);
  }

  @Test
  void aPointInTimeNamesThePeriodItHappenedInAndLeavesItOpen() {
    History h =
        new History(
            List.of(period("1.2.0", Stage.Advisory, HistoryReason.StagePromoted, DAY1)), DAY2);
    HistoryEntry p = h.point(Stage.Shadow, "1.3.0", HistoryReason.CandidateStarted, "started");
    assertThat(p.from()).isEqualTo(DAY2);
    assertThat(p.to()).isEqualTo(DAY2);
    assertThat(p.fromStage()).isEqualTo(Stage.Advisory);
    assertThat(h.latest(10).get(0).to()).isNull();
  }

  @Test
  void aRefusalIsRecordedOncePerLivePeriod() {
    History h =
        new History(
            List.of(
                period("1.2.0", Stage.Shadow, HistoryReason.Activated, DAY1),
                point("1.2.0", Stage.ClosedLoop, HistoryReason.Refused, DAY1)),
            DAY2);
    assertThat(h.refusedInLivePeriod(Stage.ClosedLoop, "1.2.0")).isTrue();
    assertThat(h.refusedInLivePeriod(Stage.ClosedLoop, "1.3.0")).isFalse();
    h.open(Stage.Advisory, "1.2.0", HistoryReason.StagePromoted, List.of(), "up");
    assertThat(h.refusedInLivePeriod(Stage.ClosedLoop, "1.2.0")).isFalse();
  }

  @Test
  void keepsTheLatestEntries() {
    History h =
        new History(
            List.of(
                period("1.2.0", Stage.Shadow, HistoryReason.Activated, DAY1),
                point("1.3.0", Stage.Shadow, HistoryReason.CandidateStarted, DAY2)),
            DAY3);
    assertThat(h.latest(1))
        .extracting(HistoryEntry::reason)
        .containsExactly(HistoryReason.CandidateStarted);
  }

  @Test
  void thePreviousVersionIsTheOneLiveBeforeTheActiveVersionsPeriods() {
    List<HistoryEntry> history =
        List.of(
            period("1.1.0", Stage.Shadow, HistoryReason.Activated, DAY1),
            period("1.2.0", Stage.Shadow, HistoryReason.VersionPromoted, DAY1),
            point("1.3.0", Stage.Shadow, HistoryReason.CandidateStarted, DAY2),
            period("1.3.0", Stage.Shadow, HistoryReason.VersionPromoted, DAY2),
            period("1.3.0", Stage.Advisory, HistoryReason.StagePromoted, DAY3));
    assertThat(History.previousVersion(history, "1.3.0")).contains("1.2.0");
    assertThat(History.previousVersion(history.subList(0, 1), "1.1.0")).isEmpty();
  }

  @Test
  void aVersionIsRecentlyPromotedOnlyWhenAVersionPromotionMadeItActiveWithinTheHours() {
    List<HistoryEntry> history =
        List.of(
            period("1.2.0", Stage.Advisory, HistoryReason.Activated, DAY1),
            period("1.3.0", Stage.Advisory, HistoryReason.VersionPromoted, DAY2),
            period("1.3.0", Stage.ClosedLoop, HistoryReason.StagePromoted, DAY3));
    Instant day3 = Instant.parse(DAY3);
    assertThat(History.recentlyPromoted(history, "1.3.0", day3, 25)).isTrue();
    assertThat(History.recentlyPromoted(history, "1.3.0", day3, 24)).isFalse();
    assertThat(History.recentlyPromoted(history, "1.2.0", day3, 1000)).isFalse();
  }

  @Test
  void aLoadFailureWithoutFallbackAndCandidateChangesArePointsNotPeriods() {
    assertThat(History.isPeriod(point("1.2.0", null, HistoryReason.RolledBackModelLoad, DAY1)))
        .isFalse();
    assertThat(
            History.isPeriod(point("1.3.0", Stage.Shadow, HistoryReason.CandidateWithdrawn, DAY1)))
        .isFalse();
    assertThat(
            History.isPeriod(
                period("1.2.0", Stage.Advisory, HistoryReason.RolledBackModelLoad, DAY1)))
        .isTrue();
  }

  @Test
  void leavingForNotLiveOpensAnExcursionThatTheNextActivationCloses() {
    History h =
        new History(
            List.of(period("1.2.0", Stage.Advisory, HistoryReason.StagePromoted, DAY1)), DAY2);
    HistoryEntry left = h.leave("phase Advisory -> Pending: inputs not covered").orElseThrow();
    assertThat(left.reason()).isEqualTo(HistoryReason.NotLive);
    assertThat(left.stage()).isNull();
    assertThat(left.fromStage()).isEqualTo(Stage.Advisory);
    assertThat(left.to()).isNull();
    assertThat(h.leave("again")).as("not live already: nothing to leave").isEmpty();
    History later = new History(h.latest(10), DAY3);
    later.open(Stage.Shadow, "1.2.0", HistoryReason.Activated, List.of(), "live");
    assertThat(later.latest(10))
        .extracting(HistoryEntry::reason, HistoryEntry::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(HistoryReason.StagePromoted, DAY2),
            org.assertj.core.groups.Tuple.tuple(HistoryReason.NotLive, DAY3),
            org.assertj.core.groups.Tuple.tuple(HistoryReason.Activated, null));
  }

  @Test
  void aDropBelowAStageIsARollbackALoweringOrAnExcursionFromThatStageOrAbove() {
    List<HistoryEntry> history =
        List.of(
            moved("1.2.0", Stage.Advisory, Stage.ClosedLoop, HistoryReason.StageLowered, DAY1),
            moved("1.2.0", Stage.Advisory, Stage.Advisory, HistoryReason.RolledBackModelLoad, DAY2),
            moved("1.2.0", Stage.Shadow, Stage.Advisory, HistoryReason.CandidateStarted, DAY2),
            moved("1.2.0", null, Stage.Shadow, HistoryReason.NotLive, DAY3));
    assertThat(History.lastDropBelow(history, Stage.ClosedLoop)).contains(Instant.parse(DAY1));
    assertThat(History.lastDropBelow(history, Stage.Advisory))
        .as("a candidate started is no drop, nor a version rollback within the stage")
        .isEmpty();
    assertThat(History.lastDropBelow(history, Stage.Shadow)).contains(Instant.parse(DAY3));
  }

  static HistoryEntry moved(
      String version, Stage stage, Stage fromStage, HistoryReason why, String from) {
    return new HistoryEntry(version, stage, from, null, why, fromStage, version, null, why.name());
  }
}
