package io.plantops.operator.sitedeployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Tags;
import io.plantops.api.v1alpha1.GateResult;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.metrics.OwnedGauges;
import io.plantops.operator.promotion.PromotionDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of promotions outside status: one JSON line per decision worth recording in the
 * operator log (logger {@code io.plantops.operator.promotion.audit}), the transition counter's
 * {@code kind} label, and the per-SiteDeployment promotion gauges.
 */
final class PromotionAudit {

  /** The logger of the audit lines, apart so that it can be routed or kept on its own. */
  static final Logger AUDIT = LoggerFactory.getLogger("io.plantops.operator.promotion.audit");

  private static final ObjectMapper JSON = new ObjectMapper();

  private PromotionAudit() {}

  /** The {@code kind} label of a history entry: what sort of transition it records. */
  static String kind(HistoryEntry h) {
    return switch (h.reason()) {
      case Activated -> "activation";
      case StagePromoted, VersionPromoted -> "promotion";
      case StageLowered -> "lowering";
      case CandidateStarted, CandidateWithdrawn -> "candidate";
      case RolledBackDrift, RolledBackKpi, RolledBackModelLoad -> "rollback";
      case Refused -> "refusal";
    };
  }

  /** Logs {@code t} as one JSON line: who, what, which version and stage, approved by whom. */
  static void log(SiteDeployment sd, PromotionDecision.Transition t) {
    AUDIT.info(line(sd, t));
  }

  static String line(SiteDeployment sd, PromotionDecision.Transition t) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("audit", "promotion");
    record.put("namespace", sd.getMetadata().getNamespace());
    record.put("siteDeployment", sd.getMetadata().getName());
    record.put("event", t.reason().name());
    t.entry()
        .ifPresent(
            h -> {
              record.put("kind", kind(h));
              record.put("at", h.to() != null ? h.to() : h.from());
              record.put("version", h.version());
              record.put("stage", h.stage());
              record.put("fromVersion", h.fromVersion());
              record.put("fromStage", h.fromStage());
              record.put("approvals", h.approvals() == null ? List.of() : h.approvals());
            });
    record.put("message", t.message());
    record.values().removeIf(v -> v == null);
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the promotion audit record " + record, e);
    }
  }

  /**
   * Replaces the promotion gauges of {@code sd} with what {@code written} (the status just
   * computed, which the cache may not have seen yet) says. Only this SiteDeployment's series are
   * touched; deleted SiteDeployments are swept by {@link OperatorMetrics#retainSiteDeployments}.
   */
  static void gauges(OperatorMetrics metrics, SiteDeployment sd, SiteDeploymentStatus written) {
    Clock clock = metrics.clock();
    List<OwnedGauges.Row> pending = new ArrayList<>();
    List<OwnedGauges.Row> approvals = new ArrayList<>();
    List<OwnedGauges.Row> gates = new ArrayList<>();
    List<OwnedGauges.Row> stages = new ArrayList<>();
    SiteDeploymentStatus s = written;
    if (s != null) {
      Tags site =
          Tags.of(
              "namespace", sd.getMetadata().getNamespace(),
              "site_deployment", sd.getMetadata().getName());
      if (s.pendingPromotion() != null) {
        Tags tags = site.and("promotion", s.pendingPromotion());
        parse(s.pendingSince())
            .ifPresent(t -> pending.add(new OwnedGauges.Row(tags, () -> secondsSince(clock, t))));
        approvals.add(
            OwnedGauges.Row.of(
                tags, s.pendingApprovals() == null ? 0 : s.pendingApprovals().size()));
        if (s.gates() != null) {
          for (GateResult g : s.gates()) {
            gates.add(
                OwnedGauges.Row.of(
                    tags.and("gate", g.name()), Boolean.TRUE.equals(g.passed()) ? 1 : 0));
          }
        }
      }
      if (s.phase() != null && s.phase().stage() != null) {
        parse(s.phaseSince())
            .ifPresent(
                t ->
                    stages.add(
                        new OwnedGauges.Row(
                            site.and("stage", s.phase().name()), () -> secondsSince(clock, t))));
      }
    }
    metrics.promotionGauges(
        OperatorMetrics.owner(sd.getMetadata().getNamespace(), sd.getMetadata().getName()),
        pending,
        approvals,
        gates,
        stages);
  }

  private static double secondsSince(Clock clock, Instant t) {
    return Math.max(0, Duration.between(t, clock.instant()).toMillis() / 1000.0);
  }

  private static Optional<Instant> parse(String time) {
    if (time == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(time).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
