package io.plantops.connector.write;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantops.contract.PlantConfigCodec;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The append-only audit log: one JSON line per write, withheld write and advice, under the data
 * directory. Each line is forced to disk before {@link #append} returns, so a line in the log is a
 * fact even after a crash. When the file passes {@code rotateBytes} it is renamed with a timestamp
 * and a new one started; nothing is ever rewritten.
 *
 * <p>Written through a {@link FileOutputStream}, not a {@code FileChannel}: a channel is closed for
 * good when a thread using it is interrupted, and the log outlives the threads that append to it
 * (the recommendation poller of every reload). One interrupt would otherwise leave every later
 * write unauditable, and so refused.
 *
 * <p>Each line may also be mirrored, once it is on disk, to a stream (the connector's stdout) as
 * one JSON object with {@code "log":"plantops.audit"} in front of the entry's fields, so that a
 * cluster's log collector keeps the audit trail when the data volume is an emptyDir that goes with
 * the pod.
 */
public final class AuditLog implements AutoCloseable {

  /** File name of the current audit log. */
  public static final String FILE = "audit.jsonl";

  private final Path dir;
  private final long rotateBytes;
  private final Clock clock;
  private final ObjectMapper json =
      PlantConfigCodec.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);
  private final Optional<PrintStream> mirror;
  private FileOutputStream out;
  private long size;
  private long lines;
  private boolean closed;

  /**
   * How many of the latest setpoint write outcomes {@link #recentWrites()} keeps in memory (the
   * console lists them); advice and guidance lines, far more frequent, are not kept there, so they
   * never push a write out.
   */
  public static final int RECENT = 100;

  private static final Set<AuditEntry.Action> WRITE_OUTCOMES =
      EnumSet.of(
          AuditEntry.Action.Written, AuditEntry.Action.Withheld, AuditEntry.Action.WriteFailed);

  private final ArrayDeque<AuditEntry> recent = new ArrayDeque<>(RECENT);

  private AuditLog(Path dir, long rotateBytes, Clock clock, Optional<PrintStream> mirror)
      throws IOException {
    this.dir = dir;
    this.rotateBytes = rotateBytes;
    this.clock = clock;
    this.mirror = mirror;
    Files.createDirectories(dir);
    open();
  }

  /** Opens (appending) the audit log in {@code dir}. */
  public static AuditLog open(Path dir, long rotateBytes, Clock clock) throws IOException {
    return new AuditLog(dir, rotateBytes, clock, Optional.empty());
  }

  /** Opens (appending) the audit log in {@code dir}, each line also written to {@code mirror}. */
  public static AuditLog open(Path dir, long rotateBytes, Clock clock, PrintStream mirror)
      throws IOException {
    return new AuditLog(dir, rotateBytes, clock, Optional.of(mirror));
  }

  private void open() throws IOException {
    Path file = dir.resolve(FILE);
    out = new FileOutputStream(file.toFile(), true);
    size = Files.size(file);
  }

  /** Appends one line and forces it to disk. */
  public synchronized void append(AuditEntry entry) {
    try {
      if (closed) {
        throw new IOException("the audit log is closed");
      }
      byte[] bytes = json.writeValueAsBytes(entry);
      byte[] line = new byte[bytes.length + 1];
      System.arraycopy(bytes, 0, line, 0, bytes.length);
      line[bytes.length] = '\n';
      out.write(line);
      out.getFD().sync();
      size += line.length;
      lines++;
      if (WRITE_OUTCOMES.contains(entry.action())) {
        if (recent.size() == RECENT) {
          recent.removeFirst();
        }
        recent.addLast(entry);
      }
      if (mirror.isPresent()) {
        ObjectNode mirrored = json.createObjectNode().put("log", "plantops.audit");
        mirrored.setAll((ObjectNode) json.valueToTree(entry));
        mirror.get().println(json.writeValueAsString(mirrored));
      }
      if (size > rotateBytes) {
        out.close();
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

  /**
   * The latest setpoint writes, withheld writes and failed writes appended (at most {@link
   * #RECENT}), oldest first.
   */
  public synchronized List<AuditEntry> recentWrites() {
    return List.copyOf(recent);
  }

  /** Lines appended since open. */
  public synchronized long lines() {
    return lines;
  }

  /** The current file. */
  public Path file() {
    return dir.resolve(FILE);
  }

  /** Closes the file; a second close does nothing, an append after it is refused. */
  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }
}
