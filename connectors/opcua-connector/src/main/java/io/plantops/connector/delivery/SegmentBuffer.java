package io.plantops.connector.delivery;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, append-only, on-disk FIFO of records: the connector's store-and-forward buffer.
 *
 * <p>Records go into segment files {@code <first-sequence>.seg}, each record framed as {@code [int
 * length][int CRC32C][payload]}. A cursor file ({@code head.pos}, replaced atomically) says where
 * the oldest unsent record starts, so a restart resumes replay where it stopped; fully sent
 * segments are deleted. On open, every segment is checked record by record and a torn tail (a crash
 * in the middle of an append) is cut off and counted as corrupt.
 *
 * <p>When the buffered bytes exceed the bound, the oldest records are dropped, one by one, and
 * counted: never silently, never before the bound is reached.
 *
 * <p>The open segment is written through a {@link FileOutputStream}, not a {@code FileChannel}: a
 * channel is closed for every user when the thread using it is interrupted (NIO's {@code
 * InterruptibleChannel}), and this buffer outlives the threads that append to it (the delivery
 * thread is interrupted when it outlives a shutdown, the next forwarder appends after it). An
 * interrupt must not turn every later append into a {@code ClosedChannelException}.
 */
public final class SegmentBuffer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentBuffer.class);
  private static final String SUFFIX = ".seg";
  private static final String CURSOR = "head.pos";
  private static final int HEADER = 8;

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final boolean fsync;
  private final Deque<Segment> segments = new ArrayDeque<>();
  private long headOffset;
  private long nextSequence;
  private long depth;
  private long appended;
  private long dropped;
  private long corrupt;
  private FileOutputStream active;
  private boolean closed;

  private static final class Segment {
    final long firstSequence;
    final Path path;
    long size;

    Segment(long firstSequence, Path path, long size) {
      this.firstSequence = firstSequence;
      this.path = path;
      this.size = size;
    }
  }

  private SegmentBuffer(Path dir, long maxBytes, boolean fsync) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = Math.max(64 * 1024, Math.min(16L << 20, maxBytes / 16));
    this.fsync = fsync;
  }

  /**
   * Opens (creating if needed) the buffer in {@code dir}, recovering what a previous run left.
   *
   * @param maxBytes bound of the buffered bytes
   * @param fsync force every append and cursor move to disk
   */
  public static SegmentBuffer open(Path dir, long maxBytes, boolean fsync) throws IOException {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("connector.bufferMaxBytes must be positive");
    }
    Files.createDirectories(dir);
    SegmentBuffer buffer = new SegmentBuffer(dir, maxBytes, fsync);
    buffer.recover();
    return buffer;
  }

  private void recover() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
    String cursorSegment = null;
    long cursorOffset = 0;
    Path cursor = dir.resolve(CURSOR);
    if (Files.exists(cursor)) {
      String[] parts = Files.readString(cursor, StandardCharsets.US_ASCII).trim().split(" ");
      if (parts.length == 2) {
        cursorSegment = parts[0];
        cursorOffset = Long.parseLong(parts[1]);
      }
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      long first = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
      if (cursorSegment != null && name.compareTo(cursorSegment) < 0) {
        Files.delete(file); // sent before the last run stopped
        continue;
      }
      long start = name.equals(cursorSegment) ? cursorOffset : 0;
      long[] scan = scan(file, start);
      long valid = scan[0];
      if (valid < Files.size(file)) {
        corrupt++;
        LOG.warn(
            "store-and-forward segment {} has a damaged record at byte {}: cut there ({} bytes)",
            file,
            valid,
            Files.size(file) - valid);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.truncate(valid);
        }
      }
      Segment segment = new Segment(first, file, valid);
      segments.addLast(segment);
      if (segments.size() == 1) {
        headOffset = start;
      }
      depth += scan[1];
      nextSequence = first + countFrom(file, 0, valid);
    }
    if (!segments.isEmpty()) {
      active = new FileOutputStream(segments.getLast().path.toFile(), true);
    }
    if (depth > 0) {
      LOG.info("store-and-forward buffer {} holds {} batches to replay", dir, depth);
    }
  }

  /** Returns {valid length, records after start}. */
  private static long[] scan(Path file, long start) throws IOException {
    long records = 0;
    long position = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (position + HEADER <= size) {
        header.clear();
        ch.read(header, position);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length < 0 || position + HEADER + length > size) {
          break;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        ch.read(payload, position + HEADER);
        if (crc(payload.array()) != crc) {
          break;
        }
        if (position >= start) {
          records++;
        }
        position += HEADER + length;
      }
    }
    return new long[] {position, records};
  }

  private static long countFrom(Path file, long start, long end) throws IOException {
    long records = 0;
    long position = start;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(4);
      while (position < end) {
        header.clear();
        ch.read(header, position);
        header.flip();
        position += HEADER + header.getInt();
        records++;
      }
    }
    return records;
  }

  private static int crc(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return (int) crc.getValue();
  }

  /** Appends a record, then drops the oldest records while the bound is exceeded. */
  public synchronized void append(byte[] payload) throws IOException {
    if (closed) {
      throw new IOException("the store-and-forward buffer in " + dir + " is closed");
    }
    long recordBytes = HEADER + payload.length;
    if (segments.isEmpty() || segments.getLast().size + recordBytes > segmentBytes) {
      roll();
    }
    ByteBuffer record = ByteBuffer.allocate((int) recordBytes);
    record.putInt(payload.length).putInt(crc(payload)).put(payload);
    active.write(record.array());
    if (fsync) {
      active.getFD().sync();
    }
    segments.getLast().size += recordBytes;
    nextSequence++;
    depth++;
    appended++;
    while (bytes() > maxBytes && depth > 0) {
      dropOldest();
    }
  }

  private void roll() throws IOException {
    if (active != null) {
      active.close();
    }
    Path file = dir.resolve(String.format("%020d%s", nextSequence, SUFFIX));
    Files.createFile(file);
    active = new FileOutputStream(file.toFile(), true);
    segments.addLast(new Segment(nextSequence, file, 0));
    if (segments.size() == 1) {
      headOffset = 0;
    }
  }

  private void dropOldest() throws IOException {
    if (peekLength() < 0) {
      return;
    }
    advanceHead();
    dropped++;
  }

  /** The oldest record, if any. */
  public synchronized Optional<byte[]> peek() throws IOException {
    int length = peekLength();
    if (length < 0) {
      return Optional.empty();
    }
    Segment head = segments.getFirst();
    // not a FileChannel: an interrupt of the reading thread would fail the read (see above)
    try (RandomAccessFile f = new RandomAccessFile(head.path.toFile(), "r")) {
      byte[] payload = new byte[length];
      f.seek(headOffset + HEADER);
      f.readFully(payload);
      return Optional.of(payload);
    }
  }

  /** Length of the head record, -1 when empty; deletes exhausted segments on the way. */
  private int peekLength() throws IOException {
    while (!segments.isEmpty()) {
      Segment head = segments.getFirst();
      if (headOffset < head.size) {
        try (RandomAccessFile f = new RandomAccessFile(head.path.toFile(), "r")) {
          f.seek(headOffset);
          return f.readInt();
        }
      }
      if (segments.size() == 1) {
        return -1; // the active segment, all sent
      }
      segments.removeFirst();
      Files.deleteIfExists(head.path);
      headOffset = 0;
    }
    return -1;
  }

  /** Removes the oldest record (after it was delivered) and persists the new head. */
  public synchronized void remove() throws IOException {
    if (peekLength() < 0) {
      throw new IllegalStateException("the store-and-forward buffer is empty");
    }
    advanceHead();
  }

  private void advanceHead() throws IOException {
    int length = peekLength();
    headOffset += HEADER + length;
    depth--;
    Segment head = segments.getFirst();
    if (headOffset >= head.size && segments.size() > 1) {
      segments.removeFirst();
      Files.deleteIfExists(head.path);
      headOffset = 0;
    }
    writeCursor();
  }

  private void writeCursor() throws IOException {
    Path tmp = dir.resolve(CURSOR + ".tmp");
    String name = segments.isEmpty() ? "" : segments.getFirst().path.getFileName().toString();
    Files.writeString(tmp, name + " " + headOffset + "\n", StandardCharsets.US_ASCII);
    if (fsync) {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }
    try {
      Files.move(tmp, dir.resolve(CURSOR), StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(CURSOR), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Records waiting. */
  public synchronized long depth() {
    return depth;
  }

  /** Bytes waiting (framing included). */
  public synchronized long bytes() {
    long total = 0;
    for (Segment s : segments) {
      total += s.size;
    }
    return total - headOffset;
  }

  /** Records appended since open. */
  public synchronized long appended() {
    return appended;
  }

  /** Records dropped because the bound was exceeded, since open. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Damaged tails cut at open. */
  public synchronized long corrupt() {
    return corrupt;
  }

  /** The bound. */
  public long maxBytes() {
    return maxBytes;
  }

  /** Closes the open segment; a second close does nothing, an append after it is refused. */
  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (active != null) {
      active.close();
      active = null;
    }
  }
}
