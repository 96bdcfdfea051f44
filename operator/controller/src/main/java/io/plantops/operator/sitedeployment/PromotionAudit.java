package io.plantops.operator.sitedeployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.operator.promotion.PromotionDecision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
      case NotLive -> "excursion";
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
}
