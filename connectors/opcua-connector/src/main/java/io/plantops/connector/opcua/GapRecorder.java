package io.plantops.connector.opcua;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every interruption of the data path, so none goes unnoticed.
 *
 * <p>A gap opens when the session goes inactive, a subscription's publish watchdog elapses, or the
 * server reports notifications it could not resend; it starts at the last notification received
 * before. It closes when a notification arrives again. It is <em>recovered</em> when the
 * subscriptions survived on the server (the session was reactivated or the subscriptions
 * transferred, OPC UA Part 4 §5.13.7), no notification was reported lost, and the gap is shorter
 * than what the server's monitored-item queues hold (revised queue size × sampling interval, Part 4
 * §5.12.1.5): then the queued samples arrive late but complete. Otherwise it is <em>lost</em>: the
 * samples of that span are gone, and the gap is logged with its start and end and counted.
 */
public final class GapRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(GapRecorder.class);
  private static final int RECENT = 100;

  /** What interrupted the data. */
  public enum Cause {
    /** The session went inactive (connection lost, server down). */
    SESSION_LOST,
    /** No publish response within a subscription's keep-alive watchdog. */
    PUBLISH_WATCHDOG,
    /** The server could not resend missed notifications (Republish failed). */
    NOTIFICATIONS_LOST,
    /** The connector process itself stopped (crash, kill, node loss) and started again. */
    CONNECTOR_RESTART
  }

  /**
   * A closed gap.
   *
   * @param start last notification before the interruption
   * @param end first notification after it
   * @param cause what interrupted the data
   * @param recovered true when the server's queues delivered the missed samples
   * @param detail why it was not recovered, or empty
   */
  public record Gap(Instant start, Instant end, Cause cause, boolean recovered, String detail) {

    /** Seconds between start and end. */
    public double seconds() {
      return (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
    }
  }

  private final Deque<Gap> recent = new ArrayDeque<>();
  private volatile boolean open;
  private long startMs;
  private Cause cause;
  private boolean lost;
  private String lostWhy = "";
  private long coverageMs = Long.MAX_VALUE;
  private long lostCount;
  private long recoveredCount;
  private double lostSeconds;
  private double recoveredSeconds;
  private final Path mark;
  private volatile long markWrittenMs;

  /** A recorder that forgets everything when the process stops. */
  public GapRecorder() {
    this.mark = null;
  }

  /**
   * A recorder that also covers its own process's downtime: the time of the last notification is
   * kept in {@code mark} (at most once a second), and when a new process finds it there, a gap
   * opens from that time and closes, as lost, at the first notification of the new process. The OPC
   * UA server keeps no history for a client that is gone, so those samples are lost, never
   * silently: they are in the gap record, the log and {@code plantops_connector_gaps_total}.
   */
  public GapRecorder(Path mark) {
    this.mark = mark;
    try {
      if (Files.exists(mark)) {
        long last = Long.parseLong(Files.readString(mark, StandardCharsets.UTF_8).trim());
        open = true;
        startMs = last;
        cause = Cause.CONNECTOR_RESTART;
        lost = true;
        lostWhy = "the connector process was down; the OPC UA server keeps no samples for it";
        LOG.warn(
            "the previous connector process stopped; its last notification was at {}: data from"
                + " then until the first notification of this process is lost",
            Instant.ofEpochMilli(last));
      }
    } catch (IOException | NumberFormatException e) {
      LOG.warn("cannot read the last-notification mark {} ({}); ignoring it", mark, e.toString());
    }
  }

  /** Sets how long a gap the server's queues can bridge (min over items). */
  public synchronized void coverage(long ms) {
    coverageMs = ms;
  }

  /** The data path was interrupted; {@code lastDataMs} is the last notification (0: none yet). */
  public synchronized void interrupted(Cause why, long nowMs, long lastDataMs) {
    if (!open) {
      open = true;
      startMs = lastDataMs > 0 ? lastDataMs : nowMs;
      cause = why;
      lost = false;
      lostWhy = "";
      LOG.warn(
          "data interrupted ({}), last notification at {}", why, Instant.ofEpochMilli(startMs));
    }
  }

  /** The subscriptions had to be created anew: what was queued on the server is gone. */
  public synchronized void subscriptionsRecreated(long nowMs, long lastDataMs) {
    interrupted(Cause.SESSION_LOST, nowMs, lastDataMs);
    lost = true;
    lostWhy = "subscriptions were re-created (server restarted or session expired)";
  }

  /** The server reported notifications it could not resend. */
  public synchronized void notificationsLost(long nowMs, long lastDataMs) {
    interrupted(Cause.NOTIFICATIONS_LOST, nowMs, lastDataMs);
    lost = true;
    lostWhy = "the server could not resend missed notifications";
  }

  /** A notification arrived: closes an open gap. Cheap when none is open. */
  public Optional<Gap> dataArrived(long nowMs) {
    if (mark != null && nowMs - markWrittenMs >= 1000) {
      writeMark(nowMs);
    }
    if (!open) {
      return Optional.empty();
    }
    synchronized (this) {
      if (!open) {
        return Optional.empty();
      }
      open = false;
      long length = nowMs - startMs;
      boolean recovered = !lost && length <= coverageMs;
      String detail =
          recovered
              ? ""
              : lost ? lostWhy : "longer than the server queues hold (" + coverageMs + " ms)";
      Gap gap =
          new Gap(
              Instant.ofEpochMilli(startMs), Instant.ofEpochMilli(nowMs), cause, recovered, detail);
      if (recovered) {
        recoveredCount++;
        recoveredSeconds += gap.seconds();
        LOG.info(
            "data gap from {} to {} ({} s, {}) recovered from the server's queues",
            gap.start(),
            gap.end(),
            gap.seconds(),
            cause);
      } else {
        lostCount++;
        lostSeconds += gap.seconds();
        LOG.warn(
            "data gap from {} to {} ({} s, {}): samples lost, {}",
            gap.start(),
            gap.end(),
            gap.seconds(),
            cause,
            detail);
      }
      recent.addLast(gap);
      if (recent.size() > RECENT) {
        recent.removeFirst();
      }
      return Optional.of(gap);
    }
  }

  private void writeMark(long nowMs) {
    markWrittenMs = nowMs;
    try {
      Path tmp = mark.resolveSibling(mark.getFileName() + ".tmp");
      Files.writeString(tmp, Long.toString(nowMs), StandardCharsets.UTF_8);
      Files.move(tmp, mark, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.debug("cannot write the last-notification mark {}: {}", mark, e.toString());
    }
  }

  /** True while a gap is open. */
  public boolean open() {
    return open;
  }

  /**
   * Gaps open now: 1 while the data path is interrupted, else 0 (one gap at a time: a second
   * interruption before data returns extends the open one).
   */
  public int openCount() {
    return open ? 1 : 0;
  }

  /** Start of the open gap, or 0. */
  public synchronized long openSinceMs() {
    return open ? startMs : 0;
  }

  public synchronized long lostCount() {
    return lostCount;
  }

  public synchronized long recoveredCount() {
    return recoveredCount;
  }

  public synchronized double lostSeconds() {
    return lostSeconds;
  }

  public synchronized double recoveredSeconds() {
    return recoveredSeconds;
  }

  /** The last closed gaps, oldest first. */
  public synchronized List<Gap> recent() {
    return List.copyOf(recent);
  }
}
