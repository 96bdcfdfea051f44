package io.plantops.connector.write;

import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.connector.opcua.PlantWriter;
import io.plantops.connector.opcua.PlantWriter.GuidanceTag;
import io.plantops.contract.Autonomy;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Guidance;
import io.plantops.contract.UseCaseConfig.Output;
import io.plantops.contract.WriteReason;
import io.plantops.contract.opcua.SessionSecurity;
import io.plantops.contract.units.LinearConversion;
import io.plantops.contract.units.UnitCatalog;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guidance tags: shows each recommendation's advice on the HMI through the tags a TagMapping's
 * {@code spec.guidance} names (advised value, optional reasons text, optional heartbeat).
 *
 * <p>Written in Advisory and ClosedLoop only, for a recommendation made in the live phase, and only
 * when these checks pass, in this order (those a setpoint write has too come in its order): the
 * message is new, in order and fresh ({@link RecommendationGate}, one per use case, apart from the
 * closed loop's); the output has a finite value; the session is one a setpoint write would be
 * allowed on (a guidance tag is a write: not over SecurityPolicy or mode None, nor as an anonymous
 * user, unless allowInsecure, as {@link SessionSecurity} says); the model version is the active
 * one; the watchdog says the loop is healthy; every input is fresh and Good. Then the rate limit:
 * at most one write per {@link Guidance#minIntervalMs()}. Like a setpoint, each write is audited
 * before it is sent and after the plant answers, and each withheld write is audited and counted
 * with its reason. The heartbeat carries the advice's evaluation time, so it stops moving while
 * guidance is withheld.
 */
final class GuidancePath {

  private static final Logger LOG = LoggerFactory.getLogger(GuidancePath.class);

  /** Longest reasons text written: many DCS string tags hold no more. */
  static final int MAX_TEXT = 255;

  /** How many contributing signals the reasons text names. */
  static final int TOP_REASONS = 3;

  private final ResolvedPlantConfig config;
  private final PlantWriter writer;
  private final AuditLog audit;
  private final ConnectorMetrics metrics;
  private final Clock clock;
  private final long maxAgeMs;
  private final long writeTimeoutMs;
  private final boolean insecure;
  private final Map<String, RecommendationGate> gates = new HashMap<>();
  private final Map<String, Long> lastWriteMs = new HashMap<>();

  /**
   * The guidance path of {@code config}.
   *
   * @param maxAgeMs a recommendation older than this is not shown (the watchdog period)
   * @param previous the path of the config before, whose message positions and rate budget stay
   */
  GuidancePath(
      ResolvedPlantConfig config,
      PlantWriter writer,
      AuditLog audit,
      ConnectorMetrics metrics,
      Clock clock,
      long maxAgeMs,
      long writeTimeoutMs,
      Optional<GuidancePath> previous) {
    this.config = config;
    this.writer = writer;
    this.audit = audit;
    this.metrics = metrics;
    this.clock = clock;
    this.maxAgeMs = maxAgeMs;
    this.writeTimeoutMs = writeTimeoutMs;
    var opcua = config.opcua();
    this.insecure =
        opcua != null
            && !opcua.allowInsecure()
            && (SessionSecurity.channelInsecure(opcua) || SessionSecurity.anonymous(opcua));
    previous.ifPresent(
        p -> {
          p.gates.forEach(
              (useCase, gate) -> {
                RecommendationGate g = new RecommendationGate();
                g.inheritFrom(gate);
                gates.put(useCase, g);
              });
          lastWriteMs.putAll(p.lastWriteMs);
        });
  }

  /** Shows {@code rec}, made for {@code useCase}, on its guidance tags, or withholds it. */
  void show(UseCaseConfig useCase, Recommendation rec, long epoch, ClosedLoopPolicy.Context ctx) {
    if (useCase.guidance().isEmpty()) {
      return;
    }
    if ((useCase.phase() != Autonomy.Advisory && useCase.phase() != Autonomy.ClosedLoop)
        || rec.phase() != useCase.phase()) {
      return; // Shadow, or produced before the live phase changed: not guidance
    }
    Optional<WriteReason> refused =
        gates
            .computeIfAbsent(useCase.name(), u -> new RecommendationGate())
            .admit(
                epoch, rec.seq(), rec.timestampMs(), ctx.nowMs(), maxAgeMs, WritePath.MAX_SKEW_MS);
    String stale = ClosedLoopPolicy.names(ctx.inputs(), true);
    String bad = ClosedLoopPolicy.names(ctx.inputs(), false);
    for (Guidance g : useCase.guidance()) {
      Optional<Output> output =
          useCase.outputs().stream().filter(o -> o.name().equals(g.output())).findFirst();
      Optional<Recommendation.OutputValue> value =
          rec.outputs().stream().filter(v -> v.name().equals(g.output())).findFirst();
      double advised = value.map(Recommendation.OutputValue::value).orElse(Double.NaN);
      String key = useCase.name() + "/" + g.output();
      Long last = lastWriteMs.get(key);
      WriteReason reason = null;
      String detail = null;
      if (refused.isPresent()) {
        reason = refused.get();
        detail = "seq " + rec.seq() + " at " + rec.timestampMs();
      } else if (value.isEmpty() || output.isEmpty()) {
        reason = WriteReason.OUTPUT_MISSING;
      } else if (!Double.isFinite(advised)) {
        reason = WriteReason.NOT_FINITE;
      } else if (insecure) {
        reason = WriteReason.NOT_WRITABLE;
        detail =
            "guidance tags are writes and the OPC UA session has securityPolicy or securityMode"
                + " None or an anonymous user: secure the Plant's session as for setpoints, or set"
                + " allowInsecure on an isolated test bench";
      } else if (useCase.activeModel() == null
          || !useCase.activeModel().version().equals(rec.modelVersion())) {
        reason = WriteReason.UNKNOWN_MODEL_VERSION;
        detail = "recommendation from " + rec.modelVersion();
      } else if (!ctx.loopHealthy()) {
        reason = WriteReason.LOOP_UNHEALTHY;
        detail = ctx.loopDetail();
      } else if (!stale.isEmpty()) {
        reason = WriteReason.INPUT_STALE;
        detail = stale;
      } else if (!bad.isEmpty()) {
        reason = WriteReason.INPUT_NOT_GOOD;
        detail = bad;
      } else if (last != null && ctx.nowMs() - last < g.minIntervalMs()) {
        reason = WriteReason.RATE_LIMITED;
        detail = "last guidance write " + (ctx.nowMs() - last) + " ms ago";
      }
      if (reason != null) {
        withheld(useCase, rec, g, advised, reason, detail);
      } else {
        write(useCase, rec, g, output.get(), advised, key);
      }
    }
  }

  private void write(
      UseCaseConfig useCase,
      Recommendation rec,
      Guidance g,
      Output output,
      double advised,
      String key) {
    LinearConversion toRaw =
        UnitCatalog.conversion(g.siteUnit(), output.unit())
            .afterScaling(g.scale(), g.offset())
            .inverse();
    double raw = toRaw.apply(advised);
    List<GuidanceTag> tags = new ArrayList<>();
    tags.add(new GuidanceTag(g.valueNodeId(), raw));
    String text = reasons(rec, output.unit());
    if (g.textNodeId() != null) {
      tags.add(new GuidanceTag(g.textNodeId(), text));
    }
    Instant heartbeat = Instant.ofEpochMilli(rec.timestampMs());
    if (g.heartbeatNodeId() != null) {
      tags.add(new GuidanceTag(g.heartbeatNodeId(), heartbeat));
    }
    String shown =
        "reasons: "
            + (text.isEmpty() ? "(none)" : text)
            + (g.heartbeatNodeId() == null ? "" : "; heartbeat " + heartbeat);
    long now = clock.millis();
    try {
      audit.append(
          entry(
              now, useCase, rec, g, AuditEntry.Action.GuidanceWriting, null, advised, raw, shown));
    } catch (UncheckedIOException e) {
      LOG.error(
          "not writing guidance of {} {} seq {}: the audit log cannot be written ({})",
          useCase.name(),
          g.output(),
          rec.seq(),
          e.getCause().getMessage());
      metrics.guidance(useCase.name(), g.output(), WriteReason.AUDIT_UNAVAILABLE.label());
      return;
    }
    lastWriteMs.put(key, now);
    List<StatusCode> codes;
    try {
      codes = writer.writeGuidance(tags).get(writeTimeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      failed(useCase, rec, g, advised, "no answer within " + writeTimeoutMs + " ms");
      return;
    } catch (ExecutionException e) {
      failed(useCase, rec, g, advised, String.valueOf(e.getCause()));
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed(useCase, rec, g, advised, "interrupted");
      return;
    }
    List<String> refusedTags = new ArrayList<>();
    for (int i = 0; i < codes.size(); i++) {
      if (!codes.get(i).isGood()) {
        refusedTags.add(tags.get(i).nodeId() + " " + codes.get(i));
      }
    }
    if (!refusedTags.isEmpty()) {
      failed(useCase, rec, g, advised, "the plant answered " + String.join(", ", refusedTags));
      return;
    }
    metrics.guidance(useCase.name(), g.output(), "written");
    audit.append(
        entry(
            clock.millis(),
            useCase,
            rec,
            g,
            AuditEntry.Action.GuidanceWritten,
            null,
            advised,
            raw,
            shown));
  }

  private void failed(
      UseCaseConfig useCase, Recommendation rec, Guidance g, double advised, String detail) {
    LOG.error(
        "guidance write of {} {} to {} seq {} failed: {}",
        useCase.name(),
        g.output(),
        g.valueNodeId(),
        rec.seq(),
        detail);
    metrics.guidance(useCase.name(), g.output(), "failed");
    audit.append(
        entry(
            clock.millis(),
            useCase,
            rec,
            g,
            AuditEntry.Action.GuidanceWriteFailed,
            WriteReason.WRITE_FAILED,
            advised,
            null,
            detail));
  }

  private void withheld(
      UseCaseConfig useCase,
      Recommendation rec,
      Guidance g,
      double advised,
      WriteReason reason,
      String detail) {
    metrics.guidance(useCase.name(), g.output(), reason.label());
    audit.append(
        entry(
            clock.millis(),
            useCase,
            rec,
            g,
            AuditEntry.Action.GuidanceWithheld,
            reason,
            advised,
            null,
            detail));
    LOG.debug(
        "guidance of {} {} seq {} withheld: {} {}",
        useCase.name(),
        g.output(),
        rec.seq(),
        reason.label(),
        detail == null ? "" : detail);
  }

  private AuditEntry entry(
      long atMs,
      UseCaseConfig useCase,
      Recommendation rec,
      Guidance g,
      AuditEntry.Action action,
      WriteReason reason,
      double advised,
      Double raw,
      String detail) {
    boolean sent =
        action == AuditEntry.Action.GuidanceWriting || action == AuditEntry.Action.GuidanceWritten;
    return new AuditEntry(
        Instant.ofEpochMilli(atMs).toString(),
        config.plant().name(),
        config.configVersion(),
        useCase.name(),
        g.output(),
        g.signal(),
        rec.modelVersion(),
        rec.seq(),
        action,
        reason == null ? null : reason.label(),
        null,
        AuditEntry.finite(advised),
        null,
        sent ? AuditEntry.finite(advised) : null,
        useCase.outputs().stream()
            .filter(o -> o.name().equals(g.output()))
            .map(Output::unit)
            .findFirst()
            .orElse(null),
        g.valueNodeId(),
        raw,
        sent ? g.siteUnit() : null,
        detail);
  }

  /**
   * The top reasons as the HMI shows them: up to {@link #TOP_REASONS} contributing signals, largest
   * effect first, with their signed effect in the output's unit, e.g. {@code kiln.feed.rate +0.42
   * t/h; kiln.inlet.o2 -0.18 t/h}; at most {@link #MAX_TEXT} characters.
   */
  static String reasons(Recommendation rec, String unit) {
    String text =
        rec.explanation().stream()
            .limit(TOP_REASONS)
            .map(
                c ->
                    c.signal()
                        + " "
                        + String.format(Locale.ROOT, "%+.2f", c.contribution())
                        + (unit == null ? "" : " " + unit))
            .collect(Collectors.joining("; "));
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
  }
}
