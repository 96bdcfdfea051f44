package io.plantops.connector.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.plantops.contract.HistoryReadStatus;
import io.plantops.contract.HistorySeries;
import io.plantops.contract.SignalHistory;
import io.plantops.contract.units.LinearConversion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the raw history (OPC UA Part 11 §6.4.3, ReadRawModifiedDetails) of a set of signals over a
 * window, on its own bounded executor so that no history read ever waits in, or holds up, the live
 * path: one read at a time, one more queued, any further one refused at once as {@link
 * HistoryReadStatus#Failed}.
 *
 * <p>Continuation points are followed until every node is done and released (releaseContinuation
 * Points, Part 4 §5.10.3) when the read stops early (timeout, failure, too many values). Values are
 * converted with the conversion the live path uses for the signal ({@code
 * SignalStore.toCanonical}). Bad and Uncertain samples, samples without a timestamp or out of time
 * order, and values outside the signal's valid range are excluded and counted; spans without
 * samples are counted as gaps. Nothing is imputed.
 */
public final class HistoryReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryReader.class);

  /**
   * A signal to read.
   *
   * @param name canonical name
   * @param nodeId its node
   * @param toCanonical raw value to canonical value, as the live path converts it
   * @param validMin lowest plausible canonical value, null: unbounded
   * @param validMax highest plausible canonical value, null: unbounded
   */
  public record Signal(
      String name, NodeId nodeId, LinearConversion toCanonical, Double validMin, Double validMax) {}

  /**
   * Limits of one read.
   *
   * @param timeout time budget of the whole read, every call included
   * @param nodesPerCall most nodes in one HistoryRead call (the server's
   *     MaxNodesPerHistoryReadData)
   * @param maxValuesPerSignal most values kept per signal; past it the read fails
   */
  public record Limits(Duration timeout, int nodesPerCall, int maxValuesPerSignal) {

    /** Two minutes, 100 nodes per call, 500,000 values per signal (a year of minute samples). */
    public static Limits defaults() {
      return new Limits(Duration.ofMinutes(2), 100, 500_000);
    }
  }

  private final Supplier<Optional<HistoryCall>> calls;
  private final Limits limits;
  private final ThreadPoolExecutor executor;

  HistoryReader(Supplier<Optional<HistoryCall>> calls, Limits limits) {
    this.calls = calls;
    this.limits = limits;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1),
            r -> {
              Thread t = new Thread(r, "history-reader");
              t.setDaemon(true);
              return t;
            });
  }

  /** A reader on the client of the current session, if any. */
  public static HistoryReader on(Supplier<Optional<OpcUaClient>> client, Limits limits) {
    return new HistoryReader(() -> client.get().map(HistoryCall::of), limits);
  }

  /** Reads {@code signals} over {@code [from, to)} for {@code plant}; never throws. */
  public CompletableFuture<HistorySeries> read(
      String plant, List<Signal> signals, Instant from, Instant to) {
    CompletableFuture<HistorySeries> result = new CompletableFuture<>();
    try {
      executor.execute(() -> result.complete(readNow(plant, signals, from, to)));
    } catch (RejectedExecutionException e) {
      result.complete(
          failed(plant, signals, from, to, HistoryReadStatus.Failed, "a history read is running"));
    }
    return result;
  }

  private HistorySeries readNow(String plant, List<Signal> signals, Instant from, Instant to) {
    Optional<HistoryCall> call = calls.get();
    if (call.isEmpty()) {
      return failed(plant, signals, from, to, HistoryReadStatus.Failed, "no session to the server");
    }
    long deadline = System.nanoTime() + limits.timeout().toNanos();
    Map<Signal, SeriesBuilder> series = new LinkedHashMap<>();
    signals.forEach(s -> series.put(s, new SeriesBuilder(s, from, to)));
    for (int i = 0; i < signals.size(); i += limits.nodesPerCall()) {
      List<Signal> chunk = signals.subList(i, Math.min(signals.size(), i + limits.nodesPerCall()));
      String stopped = readChunk(call.get(), chunk, series, from, to, deadline);
      if (stopped != null) {
        HistoryReadStatus status =
            stopped.startsWith("timed out") ? HistoryReadStatus.TimedOut : HistoryReadStatus.Failed;
        return failed(plant, signals, from, to, status, stopped);
      }
    }
    List<SignalHistory> out = series.values().stream().map(SeriesBuilder::build).toList();
    List<String> without =
        out.stream()
            .filter(h -> h.status() == HistoryReadStatus.NoHistory)
            .map(SignalHistory::signal)
            .toList();
    if (!without.isEmpty()) {
      return new HistorySeries(
          plant,
          from.toEpochMilli(),
          to.toEpochMilli(),
          HistoryReadStatus.NoHistory,
          "the server keeps no history of " + String.join(", ", without),
          out);
    }
    List<String> failed =
        out.stream()
            .filter(h -> h.status() != HistoryReadStatus.Read)
            .map(h -> h.signal() + ": " + h.reason())
            .toList();
    return new HistorySeries(
        plant,
        from.toEpochMilli(),
        to.toEpochMilli(),
        failed.isEmpty() ? HistoryReadStatus.Read : HistoryReadStatus.Failed,
        failed.isEmpty() ? null : String.join("; ", failed),
        out);
  }

  /** Reads one chunk of nodes to the end; null when done, else why it stopped. */
  private String readChunk(
      HistoryCall call,
      List<Signal> chunk,
      Map<Signal, SeriesBuilder> series,
      Instant from,
      Instant to,
      long deadline) {
    var details =
        new ReadRawModifiedDetails(false, new DateTime(from), new DateTime(to), uint(0), false);
    Map<Signal, ByteString> pending = new LinkedHashMap<>();
    chunk.forEach(s -> pending.put(s, null));
    while (!pending.isEmpty()) {
      List<Signal> nodes = new ArrayList<>(pending.keySet());
      List<HistoryReadValueId> ids =
          nodes.stream()
              .map(s -> new HistoryReadValueId(s.nodeId(), null, null, pending.get(s)))
              .toList();
      List<HistoryCall.NodeResult> results;
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException();
        }
        results = call.call(details, ids, false).get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        release(call, details, pending);
        return "timed out after " + limits.timeout();
      } catch (ExecutionException e) {
        release(call, details, pending);
        return "HistoryRead failed: " + e.getCause().getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
      for (int i = 0; i < nodes.size(); i++) {
        Signal s = nodes.get(i);
        HistoryCall.NodeResult r = results.get(i);
        SeriesBuilder b = series.get(s);
        b.add(r);
        if (r.continuationPoint() == null || b.done()) {
          pending.remove(s);
        } else {
          pending.put(s, r.continuationPoint());
        }
        if (b.tooMany(limits.maxValuesPerSignal()) && r.continuationPoint() != null) {
          release(call, details, Map.of(s, r.continuationPoint()));
          pending.remove(s);
        }
      }
    }
    return null;
  }

  /** Releases the continuation points still held, without waiting long for the answer. */
  private static void release(
      HistoryCall call, ReadRawModifiedDetails details, Map<Signal, ByteString> held) {
    List<HistoryReadValueId> ids =
        held.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .map(e -> new HistoryReadValueId(e.getKey().nodeId(), null, null, e.getValue()))
            .toList();
    if (ids.isEmpty()) {
      return;
    }
    call.call(details, ids, true)
        .exceptionally(
            t -> {
              LOG.debug("releasing {} continuation points failed: {}", ids.size(), t.toString());
              return List.of();
            });
  }

  private static HistorySeries failed(
      String plant,
      List<Signal> signals,
      Instant from,
      Instant to,
      HistoryReadStatus status,
      String reason) {
    LOG.warn("history of {} over [{}, {}) not read: {}", plant, from, to, reason);
    return new HistorySeries(
        plant,
        from.toEpochMilli(),
        to.toEpochMilli(),
        status,
        reason,
        signals.stream()
            .map(s -> new SignalHistory(s.name(), null, null, 0, 0, 0, 0, 0, 0, status, reason))
            .toList());
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
