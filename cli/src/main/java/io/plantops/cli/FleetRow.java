package io.plantops.cli;

import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.DriftSummary;
import io.plantops.api.v1alpha1.GateResult;
import io.plantops.api.v1alpha1.KpiStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One site of the fleet table, read from what the operator wrote in the SiteDeployment's status;
 * {@code -} where the status says nothing.
 */
record FleetRow(
    String namespace,
    String plant,
    String site,
    String phase,
    String desired,
    String version,
    String drift,
    String kpi,
    String waitingFor) {

  static final String NONE = "-";

  static FleetRow of(SiteDeployment sd) {
    SiteDeploymentStatus s = sd.getStatus();
    String desired = String.valueOf(sd.getSpec().stage());
    if (s == null) {
      return new FleetRow(
          sd.getMetadata().getNamespace(),
          sd.getSpec().plantRef(),
          sd.getMetadata().getName(),
          NONE,
          desired,
          NONE,
          NONE,
          NONE,
          "the operator to report (no status yet)");
    }
    return new FleetRow(
        sd.getMetadata().getNamespace(),
        sd.getSpec().plantRef(),
        sd.getMetadata().getName(),
        s.phase() == null ? NONE : s.phase().name(),
        desired,
        version(s),
        drift(s.drift()),
        kpis(s.kpis()),
        waitingFor(s));
  }

  private static String version(SiteDeploymentStatus s) {
    String live = Optional.ofNullable(s.activeModel()).map(ActiveModel::version).orElse(NONE);
    return s.candidateModel() != null && s.candidateModel().version() != null
        ? live + " (candidate " + s.candidateModel().version() + ")"
        : live;
  }

  private static String drift(DriftSummary d) {
    if (d == null || d.status() == null) {
      return NONE;
    }
    return d.score() == null
        ? d.status().name()
        : d.status() + " " + String.format(Locale.ROOT, "%.2f", d.score());
  }

  /** Each KPI as {@code name +1.2% Improved}: the change versus the plant's baseline. */
  private static String kpis(List<KpiStatus> kpis) {
    if (kpis == null || kpis.isEmpty()) {
      return NONE;
    }
    List<String> parts = new ArrayList<>();
    for (KpiStatus k : kpis) {
      String change =
          k.changePercent() == null
              ? "n/a"
              : String.format(Locale.ROOT, "%+.1f%%", k.changePercent());
      parts.add(
          k.name() + " " + change + (k.assessment() == null ? "" : " " + k.assessment().name()));
    }
    return String.join(", ", parts);
  }

  /**
   * What the site waits for: the pending promotion with the roles that have not approved and the
   * gates that do not pass; else, when it is not Ready, the Ready condition's reason.
   */
  static String waitingFor(SiteDeploymentStatus s) {
    if (s.pendingPromotion() != null) {
      List<String> parts = new ArrayList<>();
      if (s.pendingApprovals() != null && !s.pendingApprovals().isEmpty()) {
        parts.add("approval by " + String.join(", ", s.pendingApprovals()));
      }
      if (s.gates() != null) {
        for (GateResult g : s.gates()) {
          if (!Boolean.TRUE.equals(g.passed())) {
            parts.add(
                "gate "
                    + g.name()
                    + (g.observed() == null ? "" : " " + g.observed())
                    + (g.required() == null ? "" : " (needs " + g.required() + ")"));
          }
        }
      }
      return s.pendingPromotion()
          + (parts.isEmpty() ? " (gates and approvals met)" : ": " + String.join("; ", parts));
    }
    Optional<Condition> ready =
        Optional.ofNullable(s.conditions()).orElse(List.of()).stream()
            .filter(c -> ConditionTypes.READY.equals(c.type()))
            .findFirst();
    if (ready.isPresent() && ready.get().status() != ConditionStatus.True) {
      return "Ready: " + ready.get().reason();
    }
    return NONE;
  }
}
