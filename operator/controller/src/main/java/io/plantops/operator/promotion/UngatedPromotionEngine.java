package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.operator.promotion.PromotionDecision.Transition;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.validation.VersionResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The promotion engine of this release: no gates and no approvals yet (issue 6 replaces it with the
 * staged promotion state machine). Its rules, in order:
 *
 * <ol>
 *   <li>Failed when the template is missing or invalid, the version policy selects no version, or
 *       the calibration is invalid;
 *   <li>Pending when the plant is missing or the TagMapping does not cover the use case's signals
 *       (the use case is left out of the plant's config);
 *   <li>Pending while the inference server has not verified the selected model (the use case is in
 *       the config, scored in shadow only, so that the server can load and verify it);
 *   <li>otherwise live at {@code spec.stage}, capped at the template's {@code maxAutonomy}.
 * </ol>
 *
 * <p>The active model is always the version the policy selects: a new version replaces the active
 * one at once (no candidate in shadow) and the site is Pending again until the server verifies it.
 * Every change of live stage or version is recorded in the history.
 */
public final class UngatedPromotionEngine implements PromotionEngine {

  @Override
  public PromotionDecision decide(PromotionInput in) {
    SiteDeploymentSpec spec = in.siteDeployment().getSpec();
    Optional<SiteDeploymentStatus> prev = in.previous();
    String now = Conditions.timestamp(in.now());
    Builder d = new Builder(prev, now);

    if (in.template().isEmpty()) {
      return d.failed(
          Reason.TemplateNotFound,
          "UseCaseTemplate "
              + spec.templateRef().name()
              + " (spec.templateRef.name) does not exist: create it or reference an existing one");
    }
    UseCaseTemplateSpec template = in.template().get();
    if (!in.templateProblems().isEmpty()) {
      return d.failed(
          Reason.TemplateInvalid,
          "UseCaseTemplate "
              + spec.templateRef().name()
              + " is invalid ("
              + String.join("; ", in.templateProblems())
              + "); see its Valid condition");
    }
    VersionResolver.Resolution resolution = VersionResolver.resolve(spec, template);
    if (resolution.version().isEmpty()) {
      return d.failed(Reason.VersionNotFound, resolution.problem().orElseThrow());
    }
    ModelVersion model = resolution.version().get();
    d.resolvedVersion = Optional.of(model.version());
    if (!in.calibrationProblems().isEmpty()) {
      return d.failed(
          Reason.CalibrationInvalid,
          "spec.calibration is invalid: " + String.join("; ", in.calibrationProblems()));
    }
    if (!in.plantFound()) {
      return d.pending(
          Reason.PlantNotFound,
          "Plant " + spec.plantRef() + " (spec.plantRef) does not exist in this namespace");
    }
    if (in.contract().isEmpty() || !in.contract().get().covered()) {
      List<String> missing = in.contract().map(c -> c.missingSignals()).orElse(List.of());
      return d.pending(
          Reason.InputsNotCovered,
          "TagMapping "
              + spec.tagMappingRef()
              + " does not cover "
              + missing
              + "; see the InputsCovered condition");
    }

    // the active model: the selected version, verified by the inference server
    Optional<ActiveModel> before = prev.map(SiteDeploymentStatus::activeModel);
    boolean sameVersion = before.map(a -> model.version().equals(a.version())).orElse(false);
    String since = sameVersion ? before.get().since() : now;
    ModelVerification verification = ModelVerification.of(model, in.observation());
    d.verification = verification;
    String verifiedSha;
    if (verification.status() == ConditionStatus.True) {
      verifiedSha = verification.loadedSha256().orElseThrow();
    } else if (verification.status() == ConditionStatus.Unknown && sameVersion) {
      // unreachable or loading again: keep what was verified for this version and digest
      verifiedSha =
          Objects.equals(before.get().sha256(), model.sha256()) ? before.get().sha256() : null;
    } else {
      verifiedSha = null;
    }
    d.activeModel = Optional.of(new ActiveModel(model.version(), verifiedSha, since));
    if (verifiedSha == null) {
      d.pendingPromotion = Optional.of("Stage:" + target(spec, template));
      return d.pending(
          Reason.AwaitingModelVerification,
          "waiting for the inference server to load model "
              + model.version()
              + " (scored in shadow meanwhile): "
              + verification.message());
    }

    Stage target = target(spec, template);
    boolean capped = spec.stage().compareTo(target) > 0;
    Reason reason = capped ? Reason.CappedAtMaxAutonomy : Reason.Running;
    String message =
        capped
            ? "live in "
                + target
                + ": spec.stage asks for "
                + spec.stage()
                + " but UseCaseTemplate "
                + spec.templateRef().name()
                + " allows at most "
                + template.promotion().maxAutonomy()
            : "live in " + target + " with model " + model.version();
    if (capped) {
      d.refuse(spec.stage(), model.version(), message);
    }
    return d.live(Phase.of(target), model.version(), reason, message);
  }

  private static Stage target(SiteDeploymentSpec spec, UseCaseTemplateSpec template) {
    Stage max = template.promotion().maxAutonomy();
    return spec.stage().compareTo(max) > 0 ? max : spec.stage();
  }

  /** Accumulates the decision and the history entries and events that go with a phase change. */
  private static final class Builder {
    private final Optional<SiteDeploymentStatus> prev;
    private final String now;
    private final List<HistoryEntry> history;
    private final List<Transition> events = new ArrayList<>();
    private Optional<String> resolvedVersion = Optional.empty();
    private Optional<ActiveModel> activeModel = Optional.empty();
    private Optional<String> pendingPromotion = Optional.empty();
    private ModelVerification verification = ModelVerification.none("no model is selected");

    Builder(Optional<SiteDeploymentStatus> prev, String now) {
      this.prev = prev;
      this.now = now;
      this.history =
          new ArrayList<>(
              prev.map(SiteDeploymentStatus::history).filter(Objects::nonNull).orElse(List.of()));
    }

    PromotionDecision failed(Reason reason, String message) {
      return finish(Phase.Failed, null, reason, message);
    }

    PromotionDecision pending(Reason reason, String message) {
      return finish(Phase.Pending, null, reason, message);
    }

    PromotionDecision live(Phase phase, String version, Reason reason, String message) {
      return finish(phase, version, reason, message);
    }

    private Optional<HistoryEntry> refusal = Optional.empty();

    /** Records, once per live period, that spec.stage asks for more than the template allows. */
    void refuse(Stage asked, String version, String message) {
      refusal =
          Optional.of(
              new HistoryEntry(version, asked, now, now, HistoryReason.Refused, null, message));
    }

    private void appendRefusal() {
      if (refusal.isEmpty()) {
        return;
      }
      HistoryEntry r = refusal.get();
      // refusals recorded since the current live period began
      for (int i = history.size() - 1;
          i >= 0 && history.get(i).reason() == HistoryReason.Refused;
          i--) {
        HistoryEntry h = history.get(i);
        if (h.stage() == r.stage() && Objects.equals(h.version(), r.version())) {
          return;
        }
      }
      history.add(r);
      events.add(new Transition(true, Reason.CappedAtMaxAutonomy, r.message()));
    }

    private PromotionDecision finish(
        Phase phase, String liveVersion, Reason reason, String message) {
      Phase before = prev.map(SiteDeploymentStatus::phase).orElse(null);
      String phaseSince =
          before == phase ? prev.map(SiteDeploymentStatus::phaseSince).orElse(now) : now;
      recordHistory(phase, liveVersion);
      appendRefusal();
      if (before != phase && !(before == null && phase == Phase.Pending)) {
        boolean warning =
            phase == Phase.Failed
                || (before != null
                    && before.stage() != null
                    && (phase.stage() == null || phase.stage().compareTo(before.stage()) < 0));
        events.add(
            new Transition(
                warning,
                Reason.PhaseChanged,
                "phase " + (before == null ? "(none)" : before) + " -> " + phase + ": " + message));
      }
      int drop = Math.max(0, history.size() - PromotionDecision.HISTORY_LIMIT);
      List<HistoryEntry> bounded = history.subList(drop, history.size());
      return new PromotionDecision(
          phase,
          phaseSince,
          reason,
          message,
          resolvedVersion,
          activeModel,
          Optional.empty(),
          verification,
          pendingPromotion,
          List.of(),
          List.of(),
          List.of(),
          prev.map(SiteDeploymentStatus::rollback),
          bounded,
          Optional.empty(),
          events);
    }

    /** Closes the open history entry and opens one when the live stage or version changes. */
    private void recordHistory(Phase phase, String liveVersion) {
      int open = openEntry();
      HistoryEntry current = open < 0 ? null : history.get(open);
      Stage stage = phase.stage();
      boolean same =
          current != null
              && stage != null
              && current.stage() == stage
              && Objects.equals(current.version(), liveVersion);
      if (same) {
        return;
      }
      if (current != null) {
        history.set(
            open,
            new HistoryEntry(
                current.version(),
                current.stage(),
                current.from(),
                now,
                current.reason(),
                current.approvals(),
                current.message()));
      }
      if (stage == null) {
        return;
      }
      HistoryReason why;
      if (current == null || !Objects.equals(current.version(), liveVersion)) {
        why = HistoryReason.Activated;
      } else if (stage.compareTo(current.stage()) > 0) {
        why = HistoryReason.StagePromoted;
      } else {
        why = HistoryReason.StageLowered;
      }
      history.add(
          new HistoryEntry(
              liveVersion,
              stage,
              now,
              null,
              why,
              null,
              "model " + liveVersion + " live in " + stage + " (no gates or approvals evaluated)"));
    }

    private int openEntry() {
      for (int i = history.size() - 1; i >= 0; i--) {
        HistoryEntry h = history.get(i);
        if (h.to() == null && h.reason() != HistoryReason.Refused) {
          return i;
        }
      }
      return -1;
    }
  }
}
