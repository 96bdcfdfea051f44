package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The namespace URI first seen at each index outlives the process and is never rewritten. */
class NamespaceRecordTest {

  @TempDir Path dir;

  @Test
  void keepsTheFirstUriSeenAtAnIndexAcrossProcesses() {
    Path file = dir.resolve("namespaces.json");
    Instant t0 = Instant.parse("2026-12-01T08:00:00Z");
    NamespaceRecord first = NamespaceRecord.open(file);
    assertThat(first.seen("opc.tcp://dcs:4840", 2, "urn:lyon:tags", t0).uri())
        .isEqualTo("urn:lyon:tags");

    NamespaceRecord second = NamespaceRecord.open(file);
    NamespaceRecord.Seen seen =
        second.seen("opc.tcp://dcs:4840", 2, "urn:vendor:module", t0.plusSeconds(3600));
    assertThat(seen.uri()).isEqualTo("urn:lyon:tags");
    assertThat(seen.firstSeen()).isEqualTo("2026-12-01T08:00:00Z");
    assertThat(second.get("opc.tcp://other:4840", 2)).isEmpty();
  }

  @Test
  void refusesToForgetWhatItSawWhenTheRecordCannotBeRead() throws Exception {
    Path file = dir.resolve("namespaces.json");
    Files.writeString(file, "{not json");
    assertThatThrownBy(() -> NamespaceRecord.open(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("repair or delete it");
  }
}
