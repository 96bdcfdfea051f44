package io.plantops.connector.write;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.connector.opcua.PlantWriter;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.UseCaseConfig.Output;
import io.plantops.contract.WriteReason;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the decisions of a {@link ClosedLoopPolicy}: a write is audited before it is sent (no
 * write without its audit line), sent through the {@link PlantWriter}, and audited and counted with
 * the plant's answer; a withheld or failed write is audited and counted with its reason.
 */
final class ClosedLoopWrites {

  private static final Logger LOG = LoggerFactory.getLogger(ClosedLoopWrites.class);

  private final ResolvedPlantConfig config;
  private final SignalStore store;
  private final PlantWriter writer;
  private final AuditLog audit;
  private final ConnectorMetrics metrics;
  private final WriteStats stats;
  private final Clock clock;
  private final long writeTimeoutMs;

  ClosedLoopWrites(
      ResolvedPlantConfig config,
      SignalStore store,
      PlantWriter writer,
      AuditLog audit,
      ConnectorMetrics metrics,
      WriteStats stats,
      Clock clock,
      long writeTimeoutMs) {
    this.config = config;
    this.store = store;
    this.writer = writer;
    this.audit = audit;
    this.metrics = metrics;
    this.stats = stats;
    this.clock = clock;
    this.writeTimeoutMs = writeTimeoutMs;
  }

  /** Carries out one decision about one output. */
  void carryOut(ClosedLoopPolicy policy, Recommendation rec, ClosedLoopPolicy.Decision d) {
    if (d.write()) {
      write(policy, rec, d);
    } else {
      withheld(rec, d, d.reason(), d.detail());
    }
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
    SignalTable.Entry target = entry.get();
    long now = clock.millis();
    try {
      audit.append(
          entry(
              now,
              rec,
              d,
              AuditEntry.Action.Writing,
              d.reason().label(),
              d.value(),
              output.unit(),
              target.mapping().nodeId(),
              store.toCanonical(target.index()).inverse().apply(d.value()),
              store.rawUnit(target.index()),
              null));
    } catch (UncheckedIOException e) {
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
      result = writer.write(target, d.value()).get(writeTimeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // the plant may have taken it: count it against the rate budget, and say we do not know
      policy.committed(d.output(), now, d.base(), d.value());
      failed(rec, d, target, "no answer within " + writeTimeoutMs + " ms; outcome unknown");
      return;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UaException ua
          && ua.getStatusCode().getValue() == StatusCodes.Bad_NotConnected) {
        withheld(rec, d, WriteReason.NOT_CONNECTED, ua.getMessage());
      } else {
        failed(rec, d, target, String.valueOf(e.getCause()));
      }
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed(rec, d, target, "interrupted");
      return;
    }
    if (!result.status().isGood()) {
      failed(rec, d, target, "the plant answered " + result.status());
      return;
    }
    policy.committed(d.output(), now, d.base(), result.canonical());
    stats.written();
    metrics.written(rec.useCase(), d.output(), d.reason().label());
    audit.append(
        entry(
            now,
            rec,
            d,
            AuditEntry.Action.Written,
            d.reason().label(),
            result.canonical(),
            output.unit(),
            target.mapping().nodeId(),
            result.raw(),
            store.rawUnit(target.index()),
            null));
    LOG.info(
        "wrote {} {} = {} {} ({} {}) for {} seq {}: {} -> requested {} -> {}",
        d.output(),
        target.mapping().nodeId(),
        result.canonical(),
        output.unit(),
        result.raw(),
        store.rawUnit(target.index()),
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
    audit.append(
        notWritten(rec, d, AuditEntry.Action.WriteFailed, WriteReason.WRITE_FAILED, detail));
  }

  private void withheld(
      Recommendation rec, ClosedLoopPolicy.Decision d, WriteReason reason, String detail) {
    count(rec.useCase(), d.output(), reason);
    audit.append(notWritten(rec, d, AuditEntry.Action.Withheld, reason, detail));
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
  private AuditEntry notWritten(
      Recommendation rec,
      ClosedLoopPolicy.Decision d,
      AuditEntry.Action action,
      WriteReason reason,
      String detail) {
    return entry(
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
  private AuditEntry entry(
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

  private static String unit(Recommendation rec, String output) {
    return rec.outputs().stream()
        .filter(v -> v.name().equals(output))
        .map(Recommendation.OutputValue::unit)
        .findFirst()
        .orElse(null);
  }
}
