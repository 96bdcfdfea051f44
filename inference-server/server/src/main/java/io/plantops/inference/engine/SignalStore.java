package io.plantops.inference.engine;

import io.plantops.contract.Quality;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SkipReason;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.rules.Staleness;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every canonical signal the plant's use cases read, each with its recent samples and what the
 * connector last reported of its liveness; a substituted signal has no samples and is computed from
 * its {@link Substitutes substitute} when aggregated.
 *
 * <p>The connector reports by exception: a value that does not change is not sent again. Each of
 * its batches carries a liveness report ({@link io.plantops.contract.SignalBatch#stale}); a signal
 * it does not list stale was valid when the batch was cut, so its newest value holds. See {@link
 * SignalBuffer#aggregate} for how windows use it.
 */
public final class SignalStore {

  private static final long DEFAULT_STALE_MS = 60_000;

  /**
   * Added to a signal's staleness bound: the connector reports liveness every flush (a second), and
   * batching plus transport delay the report by a few seconds that are not staleness of the signal.
   */
  static final Duration DELIVERY_ALLOWANCE = Duration.ofSeconds(5);

  private final ConcurrentHashMap<String, SignalBuffer> buffers = new ConcurrentHashMap<>();
  private volatile Map<String, Long> staleAfterMs = Map.of();
  private volatile Map<String, Long> samplingMs = Map.of();
  private volatile Substitutes substitutes = Substitutes.NONE;

  /**
   * Adapts the store to a config: signals no use case reads are dropped, new ones get a buffer, and
   * each keeps as much history as its longest window needs. Samples already held survive.
   */
  public void configure(ResolvedPlantConfig config) {
    configure(config, Substitutes.NONE);
  }

  /** As {@link #configure(ResolvedPlantConfig)}, with the config's compiled substitutes. */
  void configure(ResolvedPlantConfig config, Substitutes subs) {
    Map<String, Long> retention = new HashMap<>();
    for (UseCaseConfig u : config.useCases()) {
      for (Feature f : u.inputs()) {
        retention.merge(f.signal(), f.windowSeconds() * 1000L, Math::max);
      }
      for (Feature f : u.observed()) {
        retention.merge(f.signal(), f.windowSeconds() * 1000L, Math::max);
      }
    }
    // a substituted signal holds no samples; the signals its expression reads hold them instead
    for (Substitutes.Substitute sub : subs.all()) {
      Long window = retention.remove(sub.signal());
      if (window != null) {
        sub.reads().forEach(r -> retention.merge(r, window, Math::max));
      }
    }
    substitutes = subs;
    Map<String, Long> stale = new HashMap<>();
    Map<String, Long> sampling = new HashMap<>();
    Staleness staleness =
        Staleness.of(config.connector()).withDeliveryAllowance(DELIVERY_ALLOWANCE);
    for (ResolvedPlantConfig.SignalMapping m : config.signals()) {
      stale.put(m.signal(), staleness.staleAfterMs(m.samplingIntervalMs()));
      sampling.put(m.signal(), (long) m.samplingIntervalMs());
    }
    staleAfterMs = Map.copyOf(stale);
    samplingMs = Map.copyOf(sampling);
    buffers.keySet().retainAll(retention.keySet());
    // keep one extra hour so a measured target can be paired with an older prediction
    retention.forEach(
        (signal, ms) ->
            buffers
                .computeIfAbsent(signal, s -> new SignalBuffer(ms + 3_600_000L))
                .retention(ms + 3_600_000L));
  }

  /** True when some use case reads {@code signal}. */
  public boolean knows(String signal) {
    return buffers.containsKey(signal);
  }

  /** Adds one sample; false when no use case reads the signal. */
  public boolean add(String signal, long timestampMs, double value, Quality quality) {
    SignalBuffer b = buffers.get(signal);
    if (b == null) {
      return false;
    }
    b.add(timestampMs, value, quality);
    return true;
  }

  /**
   * The connector's liveness report, received at {@code nowMs}: every signal not in {@code stale}
   * was valid then, its newest value held; every signal in it was stale.
   */
  public void liveness(Collection<String> stale, long nowMs) {
    Set<String> set = stale instanceof Set<String> s ? s : new HashSet<>(stale);
    buffers.forEach((signal, b) -> b.reported(set.contains(signal), nowMs));
  }

  /** Aggregates one feature into {@code out[col]}; null when usable, else why not. */
  public SkipReason aggregate(Feature f, long nowMs, double[] out, int col) {
    return aggregate(f, nowMs, out, col, null);
  }

  /**
   * Aggregates one feature into {@code out[col]}, and the share of its window that was held into
   * {@code held[col]} (when {@code held} is not null); null when usable, else why not. A substitute
   * is computed, not held: its share is 0, whatever the shares of the signals it reads.
   */
  public SkipReason aggregate(Feature f, long nowMs, double[] out, int col, double[] held) {
    Substitutes subs = substitutes;
    Optional<Substitutes.Substitute> sub = subs.of(f.signal());
    if (sub.isPresent()) {
      if (held != null) {
        held[col] = 0;
      }
      return subs.aggregate(
          sub.get(), f, nowMs, out, col, (g, now, o, c) -> aggregateMeasured(g, now, o, c, null));
    }
    return aggregateMeasured(f, nowMs, out, col, held);
  }

  /** Signals given as declared constants. */
  public Set<String> constantSubstitutes() {
    return substitutes.constants();
  }

  /** Why the newest substitute evaluation failed, or null. */
  public String lastSubstituteFailure() {
    return substitutes.lastFailure();
  }

  private SkipReason aggregateMeasured(
      Feature f, long nowMs, double[] out, int col, double[] held) {
    SignalBuffer b = buffers.get(f.signal());
    if (b == null) {
      return SkipReason.MissingInput;
    }
    return b.aggregate(
        f,
        nowMs,
        staleAfterMs.getOrDefault(f.signal(), DEFAULT_STALE_MS),
        samplingMs.getOrDefault(f.signal(), 1000L),
        out,
        col,
        held);
  }

  /** The newest Good in-range sample of {@code signal} after {@code afterMs}: {ts, value}. */
  public double[] newestGoodAfter(String signal, long afterMs, Double min, Double max) {
    SignalBuffer b = buffers.get(signal);
    return b == null ? null : b.newestGoodAfter(afterMs, min, max);
  }
}
