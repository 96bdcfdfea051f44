package io.plantops.connector.write;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.connector.mapping.SignalView;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.connector.opcua.PlantWriter;
import io.plantops.contract.Autonomy;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Output;
import io.plantops.contract.UseCaseConfig.OutputKind;
import io.plantops.contract.WriteReason;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to each recommendation: in ClosedLoop, {@link ClosedLoopPolicy} decides and the
 * value is converted and written to the plant; in Advisory, the advice is published (metric, audit,
 * {@code /v1/advice}) and operator adoption is measured; Shadow recommendations are ignored. Every
 * write, withheld write and advice is audited and counted.
 */
public final class WritePath {

  private static final Logger LOG = LoggerFactory.getLogger(WritePath.class);

  /** Tolerated clock difference between the inference server and the connector. */
  public static final long MAX_SKEW_MS = 5_000;

  private final ResolvedPlantConfig config;
  private final SignalStore store;
  private final PlantWriter writer;
  private final AuditLog audit;
  private final ConnectorMetrics metrics;
  private final Watchdog watchdog;
  private final AdoptionTracker adoption;
  private final Clock clock;
  private final long writeTimeoutMs;
  private final Map<String, ClosedLoopPolicy> policies = new LinkedHashMap<>();
  private final Map<String, Recommendation> latestAdvice = new LinkedHashMap<>();
  private final WriteStats stats;

  public WritePath(
      ResolvedPlantConfig config,
      SignalStore store,
      PlantWriter writer,
      AuditLog audit,
      ConnectorMetrics metrics,
      Watchdog watchdog,
      AdoptionTracker adoption,
      Clock clock,
      long writeTimeoutMs,
      WriteStats stats,
      Optional<WritePath> previous) {
    this.config = config;
    this.stats = stats;
    this.store = store;
    this.writer = writer;
    this.audit = audit;
    this.metrics = metrics;
    this.watchdog = watchdog;
    this.adoption = adoption;
    this.clock = clock;
    this.writeTimeoutMs = writeTimeoutMs;
    Set<String> writable =
        config.signals().stream()
            .filter(ResolvedPlantConfig.SignalMapping::writable)
            .map(ResolvedPlantConfig.SignalMapping::signal)
            .collect(Collectors.toSet());
    boolean writesEnabled = config.connector() != null && config.connector().writesEnabled();
    long maxAge = watchdog.periodMs();
    for (UseCaseConfig u : config.useCases()) {
      ClosedLoopPolicy policy =
          new ClosedLoopPolicy(u, writesEnabled, writable, maxAge, MAX_SKEW_MS);
      previous.map(p -> p.policies.get(u.name())).ifPresent(policy::inheritFrom);
      policies.put(u.name(), policy);
    }
    previous.ifPresent(p -> latestAdvice.putAll(p.latestAdvice()));
  }

  /** Handles one recommendation (the poller's thread). */
  public synchronized void onRecommendation(Recommendation rec, long epoch) {
    metrics.recommendation(rec.useCase());
    ClosedLoopPolicy policy = policies.get(rec.useCase());
    if (policy == null) {
      LOG.warn(
          "recommendation {} for use case {} which this plant's config does not have (config {})",
          rec.seq(),
          rec.useCase(),
          config.configVersion());
      return;
    }
    UseCaseConfig useCase = policy.useCase();
    if (useCase.phase() == Autonomy.Advisory) {
      advise(useCase, rec);
      return;
    }
    if (useCase.phase() != Autonomy.ClosedLoop) {
      return; // Shadow: nothing reaches operators or the plant
    }
    long now = clock.millis();
    Watchdog.Health health = watchdog.health(now);
    Map<String, OptionalDouble> setpoints = new HashMap<>();
    for (Output o : policy.setpointOutputs()) {
      setpoints.put(o.name(), setpoint(o.signal(), now));
    }
    List<SignalView> inputs = new ArrayList<>();
    for (UseCaseConfig.Feature f : useCase.inputs()) {
      inputs.add(
          store
              .table()
              .byName(f.signal())
              .map(e -> store.view(e.index(), now))
              .orElse(
                  new SignalView(
                      f.signal(), Double.NaN, io.plantops.contract.Quality.Bad, 0, 0, true)));
    }
    var ctx =
        new ClosedLoopPolicy.Context(now, health.healthy(), health.detail(), inputs, setpoints);
    for (ClosedLoopPolicy.Decision d : policy.evaluate(rec, epoch, ctx)) {
      if (d.write()) {
        write(policy, rec, d);
      } else {
        withheld(rec, d, d.reason(), d.detail());
      }
    }
  }

  private OptionalDouble setpoint(String signal, long now) {
    return store
        .table()
        .byName(signal)
        .map(e -> store.view(e.index(), now))
        .filter(SignalView::usable)
        .map(v -> OptionalDouble.of(v.value()))
        .orElse(OptionalDouble.empty());
  }

  private void write(ClosedLoopPolicy policy, Recommendation rec, ClosedLoopPolicy.Decision d) {
    Output output =
        policy.setpointOutputs().stream()
            .filter(o -> o.name().equals(d.output()))
            .findFirst()
            .orElseThrow();
    Optional<SignalTable.Entry> entry = store.table().byName(d.signal());
    // belts and braces: the policy checked all of this; a write is too important to rely on one
    // place
    if (entry.isEmpty()
        || !entry.get().mapping().writable()
        || !config.connector().writesEnabled()
        || !output.write()
        || !Double.isFinite(d.value())
        || d.value() < output.min()
        || d.value() > output.max()) {
      withheld(rec, d, WriteReason.NOT_WRITABLE, "final check before writing failed");
      return;
    }
    long now = clock.millis();
    try {
      audit.append(
          closedLoopEntry(
              now,
              rec,
              d,
              AuditEntry.Action.Writing,
              d.reason().label(),
              d.value(),
              output.unit(),
              entry.get().mapping().nodeId(),
              entry.get().toRaw().apply(d.value()),
              entry.get().mapping().siteUnit(),
              null));
    } catch (java.io.UncheckedIOException e) {
      LOG.error(
          "not writing {} = {} for {} seq {}: the audit log cannot be written ({})",
          d.output(),
          d.value(),
          rec.useCase(),
          rec.seq(),
          e.getCause().getMessage());
      metrics.withheld(rec.useCase(), d.output(), WriteReason.AUDIT_UNAVAILABLE.label());
      stats.withheld(WriteReason.AUDIT_UNAVAILABLE);
      return;
    }
    PlantWriter.WriteResult result;
    try {
      result = writer.write(entry.get(), d.value()).get(writeTimeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // the plant may have taken it: count it against the rate budget, and say we do not know
      policy.committed(d.output(), now, d.base(), d.value());
      failed(rec, d, entry.get(), "no answer within " + writeTimeoutMs + " ms; outcome unknown");
      return;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UaException ua
          && ua.getStatusCode().getValue()
              == org.eclipse.milo.opcua.stack.core.StatusCodes.Bad_NotConnected) {
        withheld(rec, d, WriteReason.NOT_CONNECTED, ua.getMessage());
      } else {
        failed(rec, d, entry.get(), String.valueOf(e.getCause()));
      }
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed(rec, d, entry.get(), "interrupted");
      return;
    }
    if (!result.status().isGood()) {
      failed(rec, d, entry.get(), "the plant answered " + result.status());
      return;
    }
    policy.committed(d.output(), now, d.base(), result.canonical());
    stats.written();
    metrics.written(rec.useCase(), d.output(), d.reason().label());
    audit.append(
        closedLoopEntry(
            now,
            rec,
            d,
            AuditEntry.Action.Written,
            d.reason().label(),
            result.canonical(),
            output.unit(),
            entry.get().mapping().nodeId(),
            result.raw(),
            entry.get().mapping().siteUnit(),
            null));
    LOG.info(
        "wrote {} {} = {} {} ({} {}) for {} seq {}: {} -> requested {} -> {}",
        d.output(),
        entry.get().mapping().nodeId(),
        result.canonical(),
        output.unit(),
        result.raw(),
        entry.get().mapping().siteUnit(),
        rec.useCase(),
        rec.seq(),
        d.base(),
        d.requested(),
        d.reason().label());
  }

  private void failed(
      Recommendation rec, ClosedLoopPolicy.Decision d, SignalTable.Entry entry, String detail) {
    LOG.error(
        "write of {} = {} to {} for {} seq {} failed: {}",
        d.output(),
        d.value(),
        entry.mapping().nodeId(),
        rec.useCase(),
        rec.seq(),
        detail);
    count(rec.useCase(), d.output(), WriteReason.WRITE_FAILED);
    audit.append(entry(rec, d, AuditEntry.Action.WriteFailed, WriteReason.WRITE_FAILED, detail));
  }

  private void withheld(
      Recommendation rec, ClosedLoopPolicy.Decision d, WriteReason reason, String detail) {
    count(rec.useCase(), d.output(), reason);
    audit.append(entry(rec, d, AuditEntry.Action.Withheld, reason, detail));
    LOG.info(
        "withheld {} for {} seq {}: {} {}",
        d.output(),
        rec.useCase(),
        rec.seq(),
        reason.label(),
        detail == null ? "" : detail);
  }

  private void count(String useCase, String output, WriteReason reason) {
    metrics.withheld(useCase, output, reason.label());
    stats.withheld(reason);
  }

  /** A withheld or failed write: nothing reached the plant. */
  private AuditEntry entry(
      Recommendation rec,
      ClosedLoopPolicy.Decision d,
      AuditEntry.Action action,
      WriteReason reason,
      String detail) {
    return closedLoopEntry(
        clock.millis(),
        rec,
        d,
        action,
        reason.label(),
        null,
        unit(rec, d.output()),
        store.table().byName(d.signal()).map(x -> x.mapping().nodeId()).orElse(null),
        null,
        null,
        detail == null || detail.isEmpty() ? null : detail);
  }

  /** The audit record of one closed-loop decision about one output. */
  private AuditEntry closedLoopEntry(
      long atMs,
      Recommendation rec,
      ClosedLoopPolicy.Decision d,
      AuditEntry.Action action,
      String reason,
      Double written,
      String unit,
      String nodeId,
      Double raw,
      String siteUnit,
      String detail) {
    return new AuditEntry(
        Instant.ofEpochMilli(atMs).toString(),
        config.plant().name(),
        config.configVersion(),
        rec.useCase(),
        d.output(),
        d.signal(),
        rec.modelVersion(),
        rec.seq(),
        action,
        reason,
        AuditEntry.finite(d.base()),
        AuditEntry.finite(d.requested()),
        AuditEntry.finite(d.target()),
        written,
        unit,
        nodeId,
        raw,
        siteUnit,
        detail);
  }

  private String unit(Recommendation rec, String output) {
    return rec.outputs().stream()
        .filter(v -> v.name().equals(output))
        .map(Recommendation.OutputValue::unit)
        .findFirst()
        .orElse(null);
  }

  // ---------------------------------------------------------------- advisory

  private void advise(UseCaseConfig useCase, Recommendation rec) {
    if (rec.phase() != Autonomy.Advisory) {
      return; // produced before the live phase changed: not advice
    }
    long now = clock.millis();
    latestAdvice.put(useCase.name(), rec);
    for (Output o : useCase.outputs()) {
      Optional<Recommendation.OutputValue> v =
          rec.outputs().stream().filter(x -> x.name().equals(o.name())).findFirst();
      if (v.isEmpty()) {
        continue;
      }
      double value = v.get().value();
      metrics.advised(useCase.name(), o.name(), value);
      OptionalDouble sp =
          o.kind() == OutputKind.Setpoint ? setpoint(o.signal(), now) : OptionalDouble.empty();
      String detail = null;
      if (o.kind() == OutputKind.Setpoint) {
        Optional<AdoptionTracker.Episode> opened =
            adoption.advise(key(useCase.name(), o.name()), now, value, sp, o.deadband());
        if (opened.isPresent()) {
          metrics.adoption(useCase.name(), o.name(), "opened", ratio(useCase.name(), o.name()));
          detail = "advice episode opened: operators have the adoption window to follow it";
        }
      }
      audit.append(
          new AuditEntry(
              Instant.ofEpochMilli(now).toString(),
              config.plant().name(),
              config.configVersion(),
              useCase.name(),
              o.name(),
              o.signal(),
              rec.modelVersion(),
              rec.seq(),
              AuditEntry.Action.Advised,
              null,
              sp.isPresent() ? sp.getAsDouble() : null,
              AuditEntry.finite(value),
              null,
              null,
              o.unit(),
              null,
              null,
              null,
              detail));
    }
  }

  /** Periodic work (every second): operator adoption. */
  public synchronized void tick() {
    long now = clock.millis();
    for (ClosedLoopPolicy p : policies.values()) {
      UseCaseConfig u = p.useCase();
      for (Output o : p.setpointOutputs()) {
        String key = key(u.name(), o.name());
        adoption
            .observe(key, now, setpoint(o.signal(), now))
            .ifPresent(e -> closeEpisode(u, o, e, AuditEntry.Action.AdviceFollowed));
      }
    }
    for (AdoptionTracker.Episode e : adoption.expire(now)) {
      String[] parts = e.key().split("/", 2);
      policies.values().stream()
          .filter(p -> p.useCase().name().equals(parts[0]))
          .flatMap(p -> p.setpointOutputs().stream().map(o -> Map.entry(p.useCase(), o)))
          .filter(x -> x.getValue().name().equals(parts[1]))
          .findFirst()
          .ifPresent(
              x -> closeEpisode(x.getKey(), x.getValue(), e, AuditEntry.Action.AdviceNotFollowed));
    }
  }

  private void closeEpisode(
      UseCaseConfig u, Output o, AdoptionTracker.Episode e, AuditEntry.Action action) {
    boolean followed = action == AuditEntry.Action.AdviceFollowed;
    metrics.adoption(
        u.name(), o.name(), followed ? "followed" : "not_followed", ratio(u.name(), o.name()));
    audit.append(
        new AuditEntry(
            Instant.ofEpochMilli(e.closedAtMs()).toString(),
            config.plant().name(),
            config.configVersion(),
            u.name(),
            o.name(),
            o.signal(),
            null,
            null,
            action,
            null,
            e.from(),
            e.advised(),
            null,
            null,
            o.unit(),
            null,
            null,
            null,
            "advised at " + Instant.ofEpochMilli(e.openedAtMs())));
  }

  private double ratio(String useCase, String output) {
    AdoptionTracker.Totals t = adoption.totals(key(useCase, output));
    long closed = t.followed() + t.notFollowed();
    return closed == 0 ? Double.NaN : (double) t.followed() / closed;
  }

  private static String key(String useCase, String output) {
    return useCase + "/" + output;
  }

  /** Adoption per use case (all setpoint outputs summed): opened and followed episodes. */
  public synchronized Map<String, long[]> adoptionByUseCase() {
    Map<String, long[]> result = new LinkedHashMap<>();
    for (ClosedLoopPolicy p : policies.values()) {
      long[] sum = new long[2];
      for (Output o : p.setpointOutputs()) {
        AdoptionTracker.Totals t = adoption.totals(key(p.useCase().name(), o.name()));
        sum[0] += t.opened();
        sum[1] += t.followed();
      }
      result.put(p.useCase().name(), sum);
    }
    return result;
  }

  /** The latest advisory recommendation per use case. */
  public synchronized Map<String, Recommendation> latestAdvice() {
    return Map.copyOf(latestAdvice);
  }
}
