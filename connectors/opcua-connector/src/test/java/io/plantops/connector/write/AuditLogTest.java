package io.plantops.connector.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.connector.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

  @TempDir Path dir;

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void anInterruptOfTheAppendingThreadDoesNotLeaveLaterWritesUnauditable() throws Exception {
    // a reload stops the recommendation poller; with a FileChannel, an interrupt that reached it
    // while it audited closed the log for good, and every later write was refused as unauditable
    try (AuditLog log = AuditLog.open(dir, 1 << 20, CLOCK)) {
      Thread.currentThread().interrupt();
      try {
        log.append(entry("interrupted"));
      } finally {
        assertThat(Thread.interrupted()).as("the interrupt is left for its owner").isTrue();
      }
      log.append(entry("after"));
      assertThat(log.lines()).isEqualTo(2);
      assertThat(Files.readAllLines(log.file()))
          .hasSize(2)
          .satisfiesExactly(
              l -> assertThat(l).contains("\"detail\":\"interrupted\""),
              l -> assertThat(l).contains("\"detail\":\"after\""));
    }
  }

  @Test
  void rotatesOncePastItsBoundAndKeepsAppending(@TempDir Path probe) throws Exception {
    long line;
    try (AuditLog one = AuditLog.open(probe, 1 << 20, CLOCK)) {
      one.append(entry("line 0"));
      line = Files.size(one.file());
    }
    // a file already there counts: two lines pass the bound, the third starts the next file
    Files.writeString(dir.resolve(AuditLog.FILE), "x".repeat((int) line) + "\n");
    try (AuditLog log = AuditLog.open(dir, 2 * line + line / 2, CLOCK)) {
      for (int i = 0; i < 3; i++) {
        log.append(entry("line " + i));
      }
      assertThat(Files.readAllLines(log.file())).singleElement().asString().contains("line 2");
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .contains(AuditLog.FILE, "audit-2026-12-03T10-00-00Z.jsonl");
      }
      assertThat(log.lines()).isEqualTo(3);
    }
  }

  @Test
  void closingTwiceIsQuietAndAnAppendAfterCloseIsRefused() throws Exception {
    AuditLog log = AuditLog.open(dir, 1 << 20, CLOCK);
    log.close();
    log.close();
    assertThatThrownBy(() -> log.append(entry("late")))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("the audit log is closed");
  }

  @Test
  void keepsTheLatestSetpointWriteOutcomesInMemoryOldestFirstUpToItsBound() throws Exception {
    try (AuditLog log = AuditLog.open(dir, 1 << 20, CLOCK)) {
      for (int i = 0; i < AuditLog.RECENT + 5; i++) {
        log.append(entry("write " + i, AuditEntry.Action.Written));
        // advice is far more frequent than writes: it never pushes one out
        log.append(entry("advice " + i, AuditEntry.Action.Advised));
      }
      log.append(entry("withheld", AuditEntry.Action.Withheld));
      List<AuditEntry> recent = log.recentWrites();
      assertThat(recent).hasSize(AuditLog.RECENT);
      assertThat(recent).extracting(AuditEntry::action).doesNotContain(AuditEntry.Action.Advised);
      assertThat(recent.get(0).detail()).isEqualTo("write 6");
      assertThat(recent.get(AuditLog.RECENT - 1).detail()).isEqualTo("withheld");
    }
  }

  private static AuditEntry entry(String detail) {
    return entry(detail, AuditEntry.Action.Advised);
  }

  private static AuditEntry entry(String detail, AuditEntry.Action action) {
    return new AuditEntry(
        "2026-12-03T10:00:00Z",
        "lyon",
        "cfg",
        "kiln1-energy",
        "fuel_setpoint",
        "kiln.fuel.rate",
        "1.2.0",
        1L,
        action,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        detail);
  }

  @Test
  void mirrorsEachLineToTheLogStreamAsJsonAfterItIsOnDisk() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (AuditLog log =
        AuditLog.open(
            dir,
            1 << 20,
            new ManualClock(1_700_000_000_000L),
            new PrintStream(out, true, StandardCharsets.UTF_8))) {
      log.append(entry(AuditEntry.Action.Written, 12.5));
      log.append(entry(AuditEntry.Action.Withheld, null));
    }
    List<String> onDisk = Files.readAllLines(dir.resolve(AuditLog.FILE));
    List<String> mirrored = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(mirrored).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < 2; i++) {
      JsonNode line = json.readTree(mirrored.get(i));
      assertThat(line.fieldNames().next()).isEqualTo("log");
      assertThat(line.path("log").asText()).isEqualTo("plantops.audit");
      JsonNode disk = json.readTree(onDisk.get(i));
      ((com.fasterxml.jackson.databind.node.ObjectNode) line).remove("log");
      assertThat(line).as("the mirrored line is the audit line").isEqualTo(disk);
    }
    assertThat(json.readTree(mirrored.get(0)).path("written").asDouble()).isEqualTo(12.5);
  }

  @Test
  void withoutAMirrorWritesOnlyTheFile() throws Exception {
    try (AuditLog log = AuditLog.open(dir, 1 << 20, new ManualClock(1_700_000_000_000L))) {
      log.append(entry(AuditEntry.Action.Advised, null));
      assertThat(log.lines()).isEqualTo(1);
    }
    assertThat(Files.readAllLines(dir.resolve(AuditLog.FILE))).hasSize(1);
  }

  static AuditEntry entry(AuditEntry.Action action, Double written) {
    return new AuditEntry(
        "2026-12-03T06:00:00Z",
        "lyon",
        "sha256:abc",
        "kiln1-energy",
        "fuel_setpoint",
        "kiln.fuel.setpoint",
        "1.2.0",
        7L,
        action,
        null,
        11.0,
        12.5,
        12.5,
        written,
        "t/h",
        "ns=2;s=FIC101.SP",
        written,
        "t/h",
        null);
  }
}
