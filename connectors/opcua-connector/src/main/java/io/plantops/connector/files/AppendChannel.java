package io.plantops.connector.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-only file that a thread interrupt cannot break. A {@link FileChannel} is an
 * interruptible channel: a thread interrupted while (or before) it writes or forces closes the
 * channel for good, and every later append fails with {@link ClosedChannelException}. The connector
 * interrupts its worker threads when it reloads a config, so the audit log and the
 * store-and-forward buffer, shared across reloads, would stay dead after one badly timed reload.
 *
 * <p>Here an append runs with the caller's interrupt status cleared (and restored afterwards), so a
 * pending interrupt does not close the file. An interrupt that arrives during the I/O itself still
 * closes it: that append fails (its caller treats it as not written), and the next one reopens the
 * file, first cutting it back to the last complete append, so a torn record never stays in it.
 */
public final class AppendChannel implements AutoCloseable {

  private final Path file;
  private FileChannel channel;
  private long size;
  private boolean torn;
  private boolean closed;

  private AppendChannel(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.size = channel.size();
  }

  /** Opens {@code file} for appending, creating it if missing. */
  public static AppendChannel open(Path file) throws IOException {
    return new AppendChannel(
        file,
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
  }

  /** Creates {@code file}, which must not exist yet, for appending. */
  public static AppendChannel create(Path file) throws IOException {
    return new AppendChannel(
        file,
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND));
  }

  /**
   * Appends all of {@code bytes}, then forces them to the device when {@code force} is set. On an
   * exception nothing of {@code bytes} counts as written: the next append removes any part of it.
   */
  public synchronized void append(ByteBuffer bytes, boolean force) throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
    boolean interrupted = Thread.interrupted();
    try {
      if (torn || !channel.isOpen()) {
        reopen();
      }
      long written = 0;
      while (bytes.hasRemaining()) {
        written += channel.write(bytes);
      }
      if (force) {
        channel.force(false);
      }
      size += written;
    } catch (IOException | RuntimeException e) {
      torn = true;
      throw e;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void reopen() throws IOException {
    channel.close();
    try (FileChannel cut = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (cut.size() > size) {
        cut.truncate(size);
      }
    }
    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    torn = false;
  }

  /** Bytes in the file: everything appended completely. */
  public synchronized long size() {
    return size;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    channel.close();
  }
}
