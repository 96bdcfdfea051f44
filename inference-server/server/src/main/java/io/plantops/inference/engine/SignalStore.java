package io.plantops.inference.engine;

import io.plantops.contract.Quality;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SkipReason;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.rules.Staleness;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every canonical signal the plant's use cases read, each with its recent samples; a substituted
 * signal has no samples and is computed from its {@link Substitutes substitute} when aggregated.
 */
public final class SignalStore {

  private static final long DEFAULT_STALE_MS = 60_000;

  /**
   * Added to a signal's staleness bound: the connector detects staleness with the same rule (no
   * update for N sampling intervals) at the source, and batching plus transport delay the newest
   * sample by a few seconds that are not staleness of the signal.
   */
  static final Duration DELIVERY_ALLOWANCE = Duration.ofSeconds(5);

  private final ConcurrentHashMap<String, SignalBuffer> buffers = new ConcurrentHashMap<>();
  private volatile Map<String, Long> staleAfterMs = Map.of();
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
    Staleness staleness =
        Staleness.of(config.connector()).withDeliveryAllowance(DELIVERY_ALLOWANCE);
    for (ResolvedPlantConfig.SignalMapping m : config.signals()) {
      stale.put(m.signal(), staleness.staleAfterMs(m.samplingIntervalMs()));
    }
    staleAfterMs = Map.copyOf(stale);
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

  /** Aggregates one feature into {@code out[col]}; null when usable, else why not. */
  public SkipReason aggregate(Feature f, long nowMs, double[] out, int col) {
    Substitutes subs = substitutes;
    Optional<Substitutes.Substitute> sub = subs.of(f.signal());
    if (sub.isPresent()) {
      return subs.aggregate(sub.get(), f, nowMs, out, col, this::aggregateMeasured);
    }
    return aggregateMeasured(f, nowMs, out, col);
  }

  /** Signals given as declared constants. */
  public Set<String> constantSubstitutes() {
    return substitutes.constants();
  }

  /** Why the newest substitute evaluation failed, or null. */
  public String lastSubstituteFailure() {
    return substitutes.lastFailure();
  }

  private SkipReason aggregateMeasured(Feature f, long nowMs, double[] out, int col) {
    SignalBuffer b = buffers.get(f.signal());
    if (b == null) {
      return SkipReason.MissingInput;
    }
    return b.aggregate(f, nowMs, staleAfterMs.getOrDefault(f.signal(), DEFAULT_STALE_MS), out, col);
  }

  /** The newest Good in-range sample of {@code signal} after {@code afterMs}: {ts, value}. */
  public double[] newestGoodAfter(String signal, long afterMs, Double min, Double max) {
    SignalBuffer b = buffers.get(signal);
    return b == null ? null : b.newestGoodAfter(afterMs, min, max);
  }
}
