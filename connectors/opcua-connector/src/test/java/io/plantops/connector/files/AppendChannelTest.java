package io.plantops.connector.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendChannelTest {

  @TempDir Path dir;

  private static ByteBuffer line(String s) {
    return ByteBuffer.wrap((s + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aBareFileChannelDiesOfAPendingInterrupt() throws IOException {
    // what this class is for: the JDK closes the channel for good
    try (FileChannel ch =
        FileChannel.open(
            dir.resolve("bare"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      Thread.currentThread().interrupt();
      try {
        ch.write(line("a"));
      } catch (IOException expected) {
        // ClosedByInterruptException
      } finally {
        Thread.interrupted();
      }
      assertThat(ch.isOpen()).isFalse();
    }
  }

  @Test
  void anInterruptedThreadAppendsAndKeepsItsInterrupt() throws IOException {
    Path file = dir.resolve("log");
    try (AppendChannel ch = AppendChannel.open(file)) {
      ch.append(line("first"), true);
      Thread.currentThread().interrupt();
      try {
        ch.append(line("second"), true);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
      ch.append(line("third"), false);
    }
    assertThat(Files.readAllLines(file)).containsExactly("first", "second", "third");
  }

  @Test
  void anInterruptDuringTheWriteLosesThatAppendOnlyAndLeavesNoTornRecord() throws Exception {
    Path file = dir.resolve("big");
    byte[] chunk = new byte[16 << 20];
    try (AppendChannel ch = AppendChannel.open(file)) {
      ch.append(line("head"), false);
      int failed = 0;
      for (int round = 0; round < 20; round++) {
        long before = ch.size();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t =
            new Thread(
                () -> {
                  try {
                    ch.append(ByteBuffer.wrap(chunk), true);
                  } catch (Throwable e) {
                    error.set(e);
                  }
                });
        t.start();
        Thread.sleep(round % 3);
        t.interrupt();
        t.join();
        if (error.get() != null) {
          failed++;
          assertThat(error.get()).isInstanceOf(IOException.class);
          assertThat(ch.size()).isEqualTo(before);
        } else {
          assertThat(ch.size()).isEqualTo(before + chunk.length);
        }
        // whatever happened to the last one, the next append works and lands right after the
        // last complete one
        ch.append(line("after " + round), false);
        assertThat(Files.size(file)).isEqualTo(ch.size());
      }
      // the property above holds either way; say how often the torn path was exercised
      System.out.println("appends interrupted mid-I/O: " + failed + " of 20");
    }
  }
}
