package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.ApprovalReason;
import io.plantops.api.v1alpha1.ApprovalStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates the approvals of a SiteDeployment's spec against one pending promotion: each approval
 * counts or not (and why), and the required roles without a counting approval remain pending.
 */
final class Approvals {

  private Approvals() {}

  /**
   * The evaluation.
   *
   * @param statuses one per approval in the spec, in spec order
   * @param pendingRoles required roles without a counting approval, in policy order
   * @param used the counting approvals as "who (role)"
   */
  record Result(List<ApprovalStatus> statuses, List<String> pendingRoles, List<String> used) {

    boolean complete() {
      return pendingRoles.isEmpty();
    }
  }

  /**
   * Evaluates {@code approvals} against {@code promotion}.
   *
   * @param liveVersion the live version: an approval of a stage naming another version is stale
   * @param lastRollback the latest automatic rollback: approvals given before it do not count
   * @param lastDrop when the site last fell below the stage pending (rollback, lowering, not live):
   *     approvals of that stage given before it do not count
   */
  static Result evaluate(
      List<Approval> approvals,
      PendingPromotion promotion,
      String liveVersion,
      List<String> requiredRoles,
      int maxAgeDays,
      Optional<Instant> lastRollback,
      Optional<Instant> lastDrop,
      Instant now) {
    List<ApprovalStatus> statuses = new ArrayList<>();
    Set<String> satisfied = new LinkedHashSet<>();
    List<String> used = new ArrayList<>();
    for (Approval a : approvals) {
      Verdict v =
          verdict(
              a, promotion, liveVersion, requiredRoles, maxAgeDays, lastRollback, lastDrop, now);
      boolean counted = v.reason() == ApprovalReason.Valid;
      if (counted) {
        if (satisfied.add(a.role())) {
          used.add(a.approvedBy() + " (" + a.role() + ")");
        }
      }
      statuses.add(
          new ApprovalStatus(
              a.approvedBy(),
              a.role(),
              a.stage(),
              a.version(),
              a.at(),
              counted,
              v.reason(),
              v.message()));
    }
    List<String> pending =
        requiredRoles.stream().distinct().filter(r -> !satisfied.contains(r)).toList();
    return new Result(statuses, pending, used);
  }

  private record Verdict(ApprovalReason reason, String message) {}

  private static Verdict verdict(
      Approval a,
      PendingPromotion promotion,
      String liveVersion,
      List<String> requiredRoles,
      int maxAgeDays,
      Optional<Instant> lastRollback,
      Optional<Instant> lastDrop,
      Instant now) {
    Optional<Instant> at = Conditions.instant(a.at());
    if (at.isEmpty()) {
      return new Verdict(
          ApprovalReason.InFuture,
          "at '" + a.at() + "' is not an RFC 3339 time: write it as 2026-11-20T10:00:00Z");
    }
    if (at.get().isAfter(now)) {
      return new Verdict(
          ApprovalReason.InFuture,
          "given at " + a.at() + ", which is in the future: correct spec.approvals[].at");
    }
    String what = promotion.describe();
    if (promotion instanceof PendingPromotion.ToVersion candidate) {
      if (a.version() == null || a.stage() != null) {
        return new Verdict(
            ApprovalReason.OtherStage,
            "approves "
                + describe(a)
                + ", the pending promotion is "
                + what
                + ": add an approval with version "
                + candidate.version()
                + " and no stage");
      }
      if (!a.version().equals(candidate.version())) {
        return new Verdict(
            ApprovalReason.StaleVersion,
            "approves version " + a.version() + ", the candidate is " + candidate.version());
      }
    } else {
      Stage stage = ((PendingPromotion.ToStage) promotion).stage();
      if (a.stage() != stage) {
        return new Verdict(
            ApprovalReason.OtherStage,
            "approves " + describe(a) + ", the pending promotion is " + what);
      }
      if (a.version() != null && !a.version().equals(liveVersion)) {
        return new Verdict(
            ApprovalReason.StaleVersion,
            "approves "
                + stage
                + " for version "
                + a.version()
                + ", the live version is "
                + liveVersion);
      }
    }
    if (!requiredRoles.contains(a.role())) {
      return new Verdict(
          ApprovalReason.RoleNotRequired,
          "role "
              + a.role()
              + " is not required for "
              + what
              + (requiredRoles.isEmpty() ? " (no role is)" : "; required: " + requiredRoles));
    }
    Instant expiry = at.get().plus(Duration.ofDays(maxAgeDays));
    if (!now.isBefore(expiry)) {
      return new Verdict(
          ApprovalReason.Expired,
          "older than the template's approvalMaxAgeDays ("
              + maxAgeDays
              + "): ask "
              + a.role()
              + " for a fresh approval");
    }
    if (lastRollback.isPresent() && at.get().isBefore(lastRollback.get())) {
      return new Verdict(
          ApprovalReason.BeforeRollback,
          "given before the automatic rollback at "
              + lastRollback.get()
              + ": climbing back needs a fresh approval");
    }
    if (lastDrop.isPresent() && at.get().isBefore(lastDrop.get())) {
      return new Verdict(
          ApprovalReason.BeforeDrop,
          "given before the site fell below "
              + ((PendingPromotion.ToStage) promotion).stage()
              + " at "
              + lastDrop.get()
              + " (see status.history): climbing back needs a fresh approval");
    }
    return new Verdict(ApprovalReason.Valid, "counts for " + what);
  }

  private static String describe(Approval a) {
    if (a.stage() != null && a.version() != null) {
      return "stage " + a.stage() + " of version " + a.version();
    }
    return a.stage() != null ? "stage " + a.stage() : "version " + a.version();
  }
}
