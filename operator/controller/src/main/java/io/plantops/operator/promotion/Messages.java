package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.RollbackStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.operator.promotion.CandidateSelection.Change;
import io.plantops.operator.promotion.Outcome.KpiDegradation;
import io.plantops.operator.promotion.Outcome.RollbackCause;
import io.plantops.operator.promotion.Policy.Note.Refusal;
import io.plantops.operator.promotion.Readiness.Blocker;
import java.util.List;
import java.util.Optional;

/**
 * Every text the promotion engine writes (Ready and Promoting and RolledBack messages, history
 * entries, events), rendered from the typed outcomes in this one place.
 */
final class Messages {

  private Messages() {}

  /** Why the site is not live. */
  static String notReady(Blocker blocker) {
    if (blocker instanceof Readiness.TemplateNotFound b) {
      return "UseCaseTemplate "
          + b.template()
          + " (spec.templateRef.name) does not exist: create it or reference an existing one";
    }
    if (blocker instanceof Readiness.TemplateInvalid b) {
      return "UseCaseTemplate "
          + b.template()
          + " is invalid ("
          + String.join("; ", b.problems())
          + "); see its Valid condition";
    }
    if (blocker instanceof Readiness.VersionNotFound b) {
      return b.problem();
    }
    if (blocker instanceof Readiness.CalibrationInvalid b) {
      return "spec.calibration is invalid: " + String.join("; ", b.problems());
    }
    if (blocker instanceof Readiness.PlantNotFound b) {
      return "Plant " + b.plant() + " (spec.plantRef) does not exist in this namespace";
    }
    Readiness.InputsNotCovered b = (Readiness.InputsNotCovered) blocker;
    return "TagMapping "
        + b.tagMapping()
        + " does not cover "
        + b.missing()
        + "; see the InputsCovered condition";
  }

  static String awaitingModel(Outcome.AwaitingModel o) {
    return "waiting for the inference server to load model "
        + o.model().version()
        + " (scored in shadow meanwhile): "
        + o.verification().message();
  }

  static String activated(Outcome.Activated o) {
    return "model "
        + o.model().version()
        + " verified by the inference server and live in Shadow"
        + (o.target() == Stage.Shadow
            ? ""
            : "; " + o.target() + " follows as gates and approvals allow");
  }

  static String loadFailedWithoutFallback(Outcome.LoadFailedWithoutFallback o) {
    return "model "
        + o.active().version()
        + " cannot be loaded and no previous version is in the template: "
        + o.problem();
  }

  static String rolledBack(Outcome.RolledBack o) {
    String to = o.toVersion().version();
    if (o.cause() instanceof RollbackCause.LoadFailure c) {
      return "model " + o.fromVersion() + " cannot be loaded (" + c.problem() + "): back to " + to;
    }
    if (o.cause() instanceof RollbackCause.RingFailed c) {
      return "the rollout ring of this plant failed with model "
          + o.fromVersion()
          + " and UseCaseTemplate "
          + c.template()
          + " returns it (spec.promotion.rollout.onRingFailure RevertRing): back to "
          + to;
    }
    if (o.cause() instanceof RollbackCause.DriftAlert c) {
      return "input drift reached Alert in ClosedLoop (worst "
          + c.worstSignal().orElse("?")
          + ", largest PSI "
          + c.largestPsi().map(GateEvaluator::fmt).orElse("?")
          + "): setpoints are no longer written";
    }
    RollbackCause.KpiDegraded c = (RollbackCause.KpiDegraded) o.cause();
    String lasting = kpiDegradation(c.degradation()) + " for " + c.minutes() + " min";
    return o.versionChanged()
        ? lasting + " after model " + o.fromVersion() + " was promoted: back to " + to
        : lasting + ": stepped down from " + o.from() + " to " + o.to();
  }

  static String kpiDegradation(KpiDegradation d) {
    return "KPI "
        + d.kpi()
        + " is "
        + GateEvaluator.fmt(d.percentWorse())
        + " % worse than baseline (rollback bound "
        + GateEvaluator.fmt(d.bound())
        + " %)";
  }

  static String lowered(Outcome.StageLowered o) {
    if (o.substitutes().isPresent()) {
      return "stepped down from "
          + o.from()
          + " to "
          + o.to()
          + ": "
          + o.substitutes().get().message();
    }
    return "spec.stage asks for "
        + o.asked()
        + (o.asked() != o.to() ? " (capped at maxAutonomy " + o.to() + ")" : "")
        + ": stepped down from "
        + o.from()
        + " to "
        + o.to();
  }

  static String versionPromoted(Outcome.VersionPromoted o) {
    return "model "
        + o.next().version()
        + " replaced "
        + o.replaced()
        + " in "
        + o.stage()
        + " after "
        + o.shadowSamples()
        + " shadow evaluations"
        + approvedBy(o.approvedBy());
  }

  static String stagePromoted(Outcome.StagePromoted o) {
    return "promoted from "
        + o.from()
        + " to "
        + o.to()
        + " with model "
        + o.version()
        + (o.gated() ? ", all gates passed" : "")
        + approvedBy(o.approvedBy());
  }

  /** Ready's message while a promotion waits. */
  static String waiting(Outcome.Waiting o) {
    if (o.promotion() instanceof PendingPromotion.ToVersion candidate) {
      return live(o.live(), o.version())
          + "; candidate "
          + candidate.version()
          + " scored in shadow"
          + o.blockedStage().map(s -> " (the promotion to " + s + " waits for it)").orElse("");
    }
    return live(o.live(), o.version());
  }

  /** Ready's message when nothing is to be done. */
  static String stay(Outcome.Stay o) {
    return o.cap()
        .map(
            c ->
                c.substitutes().isPresent()
                    ? "live in " + o.live() + ": " + c.substitutes().get().message()
                    : "live in "
                        + o.live()
                        + ": spec.stage asks for "
                        + c.asked()
                        + " but UseCaseTemplate "
                        + c.template()
                        + " allows at most "
                        + c.maxAutonomy())
        .orElseGet(() -> live(o.live(), o.version()));
  }

  /** Ready's message right after a transition: what is live now. */
  static String liveAfterTransition(Phase phase, Optional<ActiveModel> active) {
    return "live in " + phase + active.map(a -> " with model " + a.version()).orElse("");
  }

  static String refusal(Refusal r) {
    return "spec.stage asks for "
        + r.asked()
        + " but UseCaseTemplate "
        + r.template()
        + " allows at most "
        + r.maxAutonomy()
        + " (promotion.maxAutonomy)";
  }

  static String candidate(Change change) {
    if (change instanceof Change.Started c) {
      return "model "
          + c.version()
          + " scored in shadow beside "
          + c.beside()
          + " (selected by versionPolicy "
          + c.policy()
          + ")";
    }
    Change.Withdrawn c = (Change.Withdrawn) change;
    return "candidate "
        + c.version()
        + " withdrawn: versionPolicy "
        + c.policy()
        + " selects "
        + c.selects()
        + " now";
  }

  static String phaseChanged(Phase before, Phase phase, String message) {
    return "phase " + (before == null ? "(none)" : before) + " -> " + phase + ": " + message;
  }

  static String notLive() {
    return "not live: see the Ready condition";
  }

  static String upToDate(Phase phase) {
    return "nothing to promote: live in "
        + phase
        + " as spec.stage and the version policy"
        + " ask (or as far as the template allows)";
  }

  static String awaitingVerification(PendingPromotion p) {
    return p.statusText() + " waits for the inference server to verify the model";
  }

  static String awaitingGates(PendingPromotion p, List<String> failing, List<String> roles) {
    return p.statusText()
        + " waits for gates: "
        + String.join("; ", failing)
        + (roles.isEmpty() ? "" : "; and approvals by " + roles + " in spec.approvals");
  }

  static String awaitingApprovals(PendingPromotion p, List<String> roles) {
    return p.statusText()
        + ": all gates pass; waiting for approvals by "
        + roles
        + " (add them to spec.approvals with "
        + p.describe()
        + ")";
  }

  static String notRolledBack() {
    return "no automatic rollback happened";
  }

  static String promotedSince(RollbackStatus r) {
    return "promoted again since the rollback at " + r.at();
  }

  static String rolledBackAt(RollbackStatus r) {
    return "rolled back at "
        + r.at()
        + ": "
        + r.message()
        + "; climbing back needs approvals given after "
        + r.at();
  }

  private static String live(Stage stage, String version) {
    return "live in " + stage + " with model " + version;
  }

  private static String approvedBy(List<String> used) {
    return used.isEmpty() ? "" : ", approved by " + String.join(", ", used);
  }
}
