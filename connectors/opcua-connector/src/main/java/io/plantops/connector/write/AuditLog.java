package io.plantops.connector.write;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.plantops.contract.PlantConfigCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The append-only audit log: one JSON line per write, withheld write and advice, under the data
 * directory. Each line is forced to disk before {@link #append} returns, so a line in the log is a
 * fact even after a crash. When the file passes {@code rotateBytes} it is renamed with a timestamp
 * and a new one started; nothing is ever rewritten.
 */
public final class AuditLog implements AutoCloseable {

  /** File name of the current audit log. */
  public static final String FILE = "audit.jsonl";

  private final Path dir;
  private final long rotateBytes;
  private final Clock clock;
  private final ObjectMapper json =
      PlantConfigCodec.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);
  private FileChannel channel;
  private long lines;

  private AuditLog(Path dir, long rotateBytes, Clock clock) throws IOException {
    this.dir = dir;
    this.rotateBytes = rotateBytes;
    this.clock = clock;
    Files.createDirectories(dir);
    open();
  }

  /** Opens (appending) the audit log in {@code dir}. */
  public static AuditLog open(Path dir, long rotateBytes, Clock clock) throws IOException {
    return new AuditLog(dir, rotateBytes, clock);
  }

  private void open() throws IOException {
    channel =
        FileChannel.open(
            dir.resolve(FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
  }

  /** Appends one line and forces it to disk. */
  public synchronized void append(AuditEntry entry) {
    try {
      byte[] line = json.writeValueAsBytes(entry);
      ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
      lines++;
      if (channel.size() > rotateBytes) {
        channel.close();
        Files.move(
            dir.resolve(FILE),
            dir.resolve("audit-" + clock.instant().toString().replace(':', '-') + ".jsonl"));
        open();
      }
    } catch (IOException e) {
      // an unauditable write must not happen: the caller treats this as a failed write path
      throw new UncheckedIOException("cannot append to the audit log in " + dir, e);
    }
  }

  /** Lines appended since open. */
  public synchronized long lines() {
    return lines;
  }

  /** The current file. */
  public Path file() {
    return dir.resolve(FILE);
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
