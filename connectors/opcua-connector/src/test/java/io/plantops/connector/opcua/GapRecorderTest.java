package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GapRecorderTest {

  @Test
  void aRestartedProcessRecordsTheDowntimeOfThePreviousOneAsALostGap(@TempDir Path dir) {
    Path mark = dir.resolve("last-notification");
    GapRecorder first = new GapRecorder(mark);
    assertThat(first.open()).isFalse();
    first.dataArrived(10_000);
    first.dataArrived(10_500); // within a second of the last write: not written again
    first.dataArrived(12_000);

    GapRecorder second = new GapRecorder(mark);
    assertThat(second.open()).isTrue();
    assertThat(second.openSinceMs()).isEqualTo(12_000);

    var gap = second.dataArrived(20_000).orElseThrow();
    assertThat(gap.cause()).isEqualTo(GapRecorder.Cause.CONNECTOR_RESTART);
    assertThat(gap.recovered()).isFalse();
    assertThat(gap.start()).isEqualTo(Instant.ofEpochMilli(12_000));
    assertThat(gap.end()).isEqualTo(Instant.ofEpochMilli(20_000));
    assertThat(second.lostCount()).isEqualTo(1);
    assertThat(second.lostSeconds()).isEqualTo(8.0);
    assertThat(second.open()).isFalse();
  }

  @Test
  void aFirstStartHasNoGapAndAnUnreadableMarkIsIgnored(@TempDir Path dir) throws Exception {
    assertThat(new GapRecorder(dir.resolve("none")).open()).isFalse();
    Path bad = dir.resolve("bad");
    Files.writeString(bad, "not a time");
    GapRecorder r = new GapRecorder(bad);
    assertThat(r.open()).isFalse();
    r.dataArrived(5_000);
    assertThat(Files.readString(bad)).isEqualTo("5000");
  }

  @Test
  void aSessionLossInsideTheServerQueuesIsRecovered() {
    GapRecorder r = new GapRecorder();
    r.coverage(10_000);
    r.interrupted(GapRecorder.Cause.SESSION_LOST, 5_000, 4_000);
    var gap = r.dataArrived(9_000).orElseThrow();
    assertThat(gap.recovered()).isTrue();
    assertThat(r.recoveredCount()).isEqualTo(1);
    assertThat(r.lostCount()).isZero();
  }

  @Test
  void countsAGapAsOpenFromTheInterruptionUntilDataReturnsNotOnlyOnceItCloses() {
    GapRecorder r = new GapRecorder();
    r.coverage(1_000);
    assertThat(r.openCount()).isZero();
    r.interrupted(GapRecorder.Cause.SESSION_LOST, 5_000, 4_000);
    // still open, and not yet known to be lost: the closed-gap counters say nothing yet
    assertThat(r.openCount()).isEqualTo(1);
    assertThat(r.lostCount()).isZero();
    r.subscriptionsRecreated(6_000, 4_000);
    assertThat(r.openCount()).as("a second interruption extends the open gap").isEqualTo(1);
    r.dataArrived(9_000).orElseThrow();
    assertThat(r.openCount()).isZero();
    assertThat(r.lostCount()).isEqualTo(1);
  }
}
