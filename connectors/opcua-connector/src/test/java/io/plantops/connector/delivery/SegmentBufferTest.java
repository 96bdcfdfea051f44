package io.plantops.connector.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentBufferTest {

  @TempDir Path dir;

  private static byte[] record(int i) {
    return (String.format("batch-%04d", i) + "-" + "x".repeat(100))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> drain(SegmentBuffer b) throws Exception {
    List<String> out = new ArrayList<>();
    while (b.peek().isPresent()) {
      out.add(new String(b.peek().get(), StandardCharsets.UTF_8).split("-x")[0]);
      b.remove();
    }
    return out;
  }

  @Test
  void anInterruptOfTheAppendingThreadLeavesTheBufferOpenForTheNextAppend() throws Exception {
    // the delivery thread is interrupted when it outlives a shutdown; with a FileChannel the
    // interrupt closed the segment for every later append (ClosedChannelException)
    try (SegmentBuffer b = SegmentBuffer.open(dir, 10L << 20, true)) {
      b.append(record(0));
      Thread.currentThread().interrupt();
      try {
        b.append(record(1));
      } finally {
        assertThat(Thread.interrupted()).as("the interrupt is left for its owner").isTrue();
      }
      b.append(record(2));
      assertThat(b.depth()).isEqualTo(3);
      Thread.currentThread().interrupt();
      try {
        assertThat(b.peek()).isPresent();
      } finally {
        Thread.interrupted();
      }
    }
    try (SegmentBuffer reopened = SegmentBuffer.open(dir, 10L << 20, true)) {
      assertThat(reopened.corrupt()).isZero();
      assertThat(drain(reopened)).containsExactly("batch-0000", "batch-0001", "batch-0002");
    }
  }

  @Test
  void closingTwiceIsQuietAndAnAppendAfterCloseSaysTheBufferIsClosed() throws Exception {
    SegmentBuffer b = SegmentBuffer.open(dir, 10L << 20, false);
    b.append(record(0));
    b.close();
    b.close();
    assertThatThrownBy(() -> b.append(record(1)))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("is closed")
        .hasMessageContaining(dir.toString());
  }

  @Test
  void replaysInAppendOrderAcrossSegments() throws Exception {
    try (SegmentBuffer b = SegmentBuffer.open(dir, 10L << 20, false)) {
      for (int i = 0; i < 2000; i++) {
        b.append(record(i));
      }
      assertThat(b.depth()).isEqualTo(2000);
      List<String> out = drain(b);
      assertThat(out).hasSize(2000);
      for (int i = 0; i < 2000; i++) {
        assertThat(out.get(i)).isEqualTo(String.format("batch-%04d", i));
      }
      assertThat(b.depth()).isZero();
      assertThat(b.bytes()).isZero();
    }
  }

  @Test
  void resumesFromItsCursorAfterARestart() throws Exception {
    try (SegmentBuffer b = SegmentBuffer.open(dir, 10L << 20, true)) {
      for (int i = 0; i < 10; i++) {
        b.append(record(i));
      }
      b.remove();
      b.remove();
      b.remove();
    }
    try (SegmentBuffer b = SegmentBuffer.open(dir, 10L << 20, true)) {
      assertThat(b.depth()).isEqualTo(7);
      b.append(record(10));
      assertThat(drain(b)).first().isEqualTo("batch-0003");
    }
  }

  @Test
  void cutsATornTailAndCountsIt() throws Exception {
    try (SegmentBuffer b = SegmentBuffer.open(dir, 10L << 20, true)) {
      for (int i = 0; i < 5; i++) {
        b.append(record(i));
      }
    }
    Path segment;
    try (Stream<Path> files = Files.list(dir)) {
      segment = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    // a crash in the middle of an append: a header promising more bytes than were written
    Files.write(segment, new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 9, 9}, StandardOpenOption.APPEND);
    try (SegmentBuffer b = SegmentBuffer.open(dir, 10L << 20, true)) {
      assertThat(b.corrupt()).isEqualTo(1);
      assertThat(b.depth()).isEqualTo(5);
      b.append(record(5));
      assertThat(drain(b)).hasSize(6).last().isEqualTo("batch-0005");
    }
  }

  @Test
  void dropsTheOldestOnlyBeyondTheBoundAndCountsThem() throws Exception {
    int recordBytes = 8 + record(0).length;
    long bound = 100L * recordBytes;
    try (SegmentBuffer b = SegmentBuffer.open(dir, bound, false)) {
      for (int i = 0; i < 100; i++) {
        b.append(record(i));
      }
      assertThat(b.dropped()).isZero();
      assertThat(b.depth()).isEqualTo(100);
      for (int i = 100; i < 130; i++) {
        b.append(record(i));
      }
      assertThat(b.dropped()).isEqualTo(30);
      assertThat(b.bytes()).isLessThanOrEqualTo(bound);
      List<String> out = drain(b);
      assertThat(out).hasSize(100).first().isEqualTo("batch-0030");
      assertThat(out).last().isEqualTo("batch-0129");
    }
  }
}
