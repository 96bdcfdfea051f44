package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.RollbackReason;
import io.plantops.api.v1alpha1.RollbackStatus;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.operator.promotion.Outcome.RollbackCause;
import io.plantops.operator.promotion.Policy.Note;
import io.plantops.operator.promotion.PromotionDecision.ConditionFact;
import io.plantops.operator.promotion.PromotionDecision.Transition;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns an {@link Outcome} (and the notes of the policies passed before it) into the {@link
 * PromotionDecision}: the history entries and the events that go with a transition, the phase and
 * since when, the pending promotion, the Promoting and RolledBack conditions, when to decide again.
 */
final class DecisionBuilder {

  private final PromotionInput in;
  private final Optional<SiteDeploymentStatus> prev;
  private final String now;
  private final History history;
  private final List<Transition> events = new ArrayList<>();
  private Optional<String> resolvedVersion = Optional.empty();
  private Optional<ActiveModel> activeModel = Optional.empty();
  private Optional<CandidateModel> candidate = Optional.empty();
  private Optional<PendingPromotion> pendingPromotion = Optional.empty();
  private GateEvaluator.Evaluation gates =
      new GateEvaluator.Evaluation(List.of(), Optional.empty());
  private Optional<Approvals.Result> approvals = Optional.empty();
  private Optional<String> kpiDegradedSince = Optional.empty();
  private Optional<RollbackStatus> rollback;
  private Optional<Duration> recheck = Optional.empty();
  private ModelVerification verification = ModelVerification.none("no model is selected");
  private Optional<Note.Refusal> refusal = Optional.empty();
  private boolean transitioned;

  DecisionBuilder(PromotionInput in) {
    this.in = in;
    this.prev = in.previous();
    this.now = Conditions.timestamp(in.now());
    this.history =
        new History(
            prev.map(SiteDeploymentStatus::history).filter(Objects::nonNull).orElse(List.of()),
            now);
    this.rollback = prev.map(SiteDeploymentStatus::rollback);
  }

  /** The decision for a site that cannot be live. */
  PromotionDecision notReady(Outcome.NotReady o) {
    resolvedVersion = o.resolvedVersion();
    return notLive(o.blocker().phase(), o.blocker().reason(), Messages.notReady(o.blocker()));
  }

  /** The decision the chain came to in {@code s}. */
  PromotionDecision decided(Situation s, PolicyChain.Evaluation e) {
    resolvedVersion = Optional.of(s.selected().version());
    Outcome o = e.outcome();
    if (!(o instanceof Outcome.AwaitingModel) && !(o instanceof Outcome.Activated)) {
      verification = s.verification();
      activeModel = Optional.of(s.keptActive());
    }
    for (Note note : e.notes()) {
      if (note instanceof Note.KpiWatch w) {
        kpiDegradedSince = Optional.of(w.since());
        w.due().ifPresent(due -> recheck(Duration.between(in.now(), due)));
      } else if (note instanceof Note.Refusal r) {
        refusal = Optional.of(r);
      } else {
        candidate(((Note.Candidate) note).selection());
      }
    }
    if (o instanceof Outcome.AwaitingModel a) {
      verification = a.verification();
      activeModel = Optional.of(new ActiveModel(a.model().version(), null, a.activeSince()));
      pendingPromotion = Optional.of(new PendingPromotion.ToStage(Stage.Shadow));
      Reason reason =
          a.verification().status() == ConditionStatus.False
              ? Reason.ModelLoadFailed
              : Reason.AwaitingModelVerification;
      return notLive(Phase.Pending, reason, Messages.awaitingModel(a));
    }
    if (o instanceof Outcome.Activated a) {
      verification = a.verification();
      String sha = a.verification().loadedSha256().orElseThrow();
      activeModel = Optional.of(new ActiveModel(a.model().version(), sha, now));
      open(
          Stage.Shadow,
          a.model().version(),
          HistoryReason.Activated,
          List.of(),
          Messages.activated(a));
      candidate(a.candidate());
      return transition(Stage.Shadow);
    }
    if (o instanceof Outcome.LoadFailedWithoutFallback f) {
      String why = Messages.loadFailedWithoutFallback(f);
      if (f.recorded()) {
        rollbackStatus(RollbackReason.ModelLoadFailed, Phase.Pending, f.active(), why);
        point(null, f.active().version(), HistoryReason.RolledBackModelLoad, why);
      }
      pendingPromotion = Optional.of(new PendingPromotion.ToStage(Stage.Shadow));
      return notLive(Phase.Pending, Reason.ModelLoadFailed, why);
    }
    if (o instanceof Outcome.RolledBack r) {
      String why = Messages.rolledBack(r);
      if (r.versionChanged()) {
        activeModel = Optional.of(new ActiveModel(r.toVersion().version(), null, now));
        verification = ModelVerification.of(r.toVersion(), in.observation());
      }
      RollbackCause cause = r.cause();
      rollbackStatus(cause.reason(), Phase.of(r.to()), r.toVersion(), why);
      open(r.to(), r.toVersion().version(), cause.historyReason(), List.of(), why);
      r.candidate().ifPresent(this::candidate);
      return transition(r.to());
    }
    if (o instanceof Outcome.StageLowered l) {
      open(l.to(), l.version(), HistoryReason.StageLowered, List.of(), Messages.lowered(l));
      candidate(l.candidate());
      return transition(l.to());
    }
    if (o instanceof Outcome.VersionPromoted v) {
      activeModel =
          Optional.of(new ActiveModel(v.next().version(), v.verifiedSha256().orElse(null), now));
      verification = ModelVerification.of(v.next(), in.observation());
      open(
          v.stage(),
          v.next().version(),
          HistoryReason.VersionPromoted,
          v.approvedBy(),
          Messages.versionPromoted(v));
      candidate = Optional.empty();
      return transition(v.stage());
    }
    if (o instanceof Outcome.StagePromoted p) {
      open(
          p.to(),
          p.version(),
          HistoryReason.StagePromoted,
          p.approvedBy(),
          Messages.stagePromoted(p));
      return transition(p.to());
    }
    if (o instanceof Outcome.Waiting w) {
      pendingPromotion = Optional.of(w.promotion());
      gates = w.gates();
      approvals = Optional.of(w.approvals());
      w.gates().passesAt().ifPresent(t -> recheck(Duration.between(in.now(), t)));
      recheck(StagedPromotionEngine.WHILE_WAITING);
      return live(Phase.of(w.live()), Reason.Running, Messages.waiting(w));
    }
    Outcome.Stay stay = (Outcome.Stay) o;
    return live(
        Phase.of(stay.live()),
        stay.cap()
            .map(
                c ->
                    c.substitutes().isPresent()
                        ? Reason.CappedBySubstitutes
                        : Reason.CappedAtMaxAutonomy)
            .orElse(Reason.Running),
        Messages.stay(stay));
  }

  private void recheck(Duration after) {
    Duration d =
        after.isNegative() || after.isZero() ? StagedPromotionEngine.AFTER_TRANSITION : after;
    recheck = Optional.of(recheck.filter(r -> r.compareTo(d) <= 0).orElse(d));
  }

  private void candidate(CandidateSelection selection) {
    for (CandidateSelection.Change change : selection.changes()) {
      point(Stage.Shadow, change.version(), change.reason(), Messages.candidate(change));
    }
    candidate = selection.candidate();
  }

  private void rollbackStatus(RollbackReason reason, Phase to, ModelVersion toVersion, String why) {
    Phase from = prev.map(SiteDeploymentStatus::phase).orElse(null);
    String fromVersion =
        prev.map(SiteDeploymentStatus::activeModel).map(ActiveModel::version).orElse(null);
    rollback =
        Optional.of(
            new RollbackStatus(now, reason, from, to, fromVersion, toVersion.version(), why));
  }

  private void open(
      Stage stage, String version, HistoryReason why, List<String> approvedBy, String message) {
    history(history.open(stage, version, why, approvedBy, message));
    transitioned = true;
  }

  private void point(Stage stage, String version, HistoryReason why, String message) {
    history(history.point(stage, version, why, message));
  }

  private void history(HistoryEntry entry) {
    events.add(
        new Transition(
            warning(entry.reason()), reason(entry.reason()), entry.message(), Optional.of(entry)));
  }

  /**
   * Not live: a site that was live leaves its stage, and the excursion is recorded with why (a
   * NotLive period, open until it is live again), so that approvals given before it do not count.
   */
  private PromotionDecision notLive(Phase phase, Reason reason, String message) {
    Phase before = prev.map(SiteDeploymentStatus::phase).orElse(null);
    history.leave(Messages.phaseChanged(before, phase, message)).ifPresent(this::history);
    return finish(phase, reason, message);
  }

  /**
   * The transition is told by its history entry and event; Ready says what is live, so that the
   * status written right after a transition is the one the next decision keeps.
   */
  private PromotionDecision transition(Stage stage) {
    recheck(StagedPromotionEngine.AFTER_TRANSITION);
    Phase phase = Phase.of(stage);
    return live(phase, Reason.Running, Messages.liveAfterTransition(phase, activeModel));
  }

  private PromotionDecision live(Phase phase, Reason reason, String message) {
    refusal
        .filter(r -> !history.refusedInLivePeriod(r.asked(), r.version()))
        .ifPresent(r -> point(r.asked(), r.version(), HistoryReason.Refused, Messages.refusal(r)));
    return finish(phase, reason, message);
  }

  private PromotionDecision finish(Phase phase, Reason reason, String message) {
    Phase before = prev.map(SiteDeploymentStatus::phase).orElse(null);
    boolean samePhase = before == phase && !transitioned;
    String phaseSince = samePhase ? prev.map(SiteDeploymentStatus::phaseSince).orElse(now) : now;
    Optional<Long> startEvaluations;
    if (phase.stage() == null) {
      startEvaluations = Optional.empty();
    } else if (samePhase) {
      startEvaluations = prev.map(SiteDeploymentStatus::phaseStartEvaluations);
    } else if (before == null || before.stage() == null) {
      startEvaluations = Optional.of(0L); // everything scored before going live was shadow
    } else {
      startEvaluations =
          Optional.of(
              in.observation()
                  .useCase()
                  .map(UseCaseStatus::evaluations)
                  .or(() -> prev.map(SiteDeploymentStatus::evaluations))
                  .orElse(0L));
    }
    if (before != phase
        && !(before == null && phase == Phase.Pending)
        && events.stream().noneMatch(e -> e.entry().filter(History::isTransition).isPresent())) {
      boolean warning =
          phase == Phase.Failed
              || (before != null
                  && before.stage() != null
                  && (phase.stage() == null || phase.stage().compareTo(before.stage()) < 0));
      events.add(
          new Transition(
              warning,
              Reason.PhaseChanged,
              Messages.phaseChanged(before, phase, message),
              Optional.empty()));
    }
    Optional<String> pendingSince =
        pendingPromotion.map(
            p ->
                prev.filter(
                        s ->
                            p.statusText().equals(s.pendingPromotion()) && s.pendingSince() != null)
                    .map(SiteDeploymentStatus::pendingSince)
                    .orElse(now));
    List<HistoryEntry> bounded = history.latest(PromotionDecision.HISTORY_LIMIT);
    return new PromotionDecision(
        phase,
        phaseSince,
        startEvaluations,
        reason,
        message,
        resolvedVersion,
        activeModel,
        phase == Phase.Failed ? Optional.empty() : candidate,
        verification,
        pendingPromotion,
        pendingSince,
        gates.results(),
        approvals.map(Approvals.Result::statuses).orElse(List.of()),
        approvals.map(Approvals.Result::pendingRoles).orElse(List.of()),
        kpiDegradedSince,
        rollback,
        bounded,
        Optional.of(promoting(phase)),
        Optional.of(rolledBack(bounded)),
        events,
        recheck);
  }

  private ConditionFact promoting(Phase phase) {
    if (pendingPromotion.isEmpty()) {
      return phase.stage() == null
          ? new ConditionFact(ConditionStatus.False, Reason.NotLive, Messages.notLive())
          : new ConditionFact(ConditionStatus.False, Reason.UpToDate, Messages.upToDate(phase));
    }
    PendingPromotion p = pendingPromotion.get();
    if (phase.stage() == null) {
      return new ConditionFact(
          ConditionStatus.True, Reason.AwaitingModelVerification, Messages.awaitingVerification(p));
    }
    List<String> failing = gates.failing();
    List<String> roles = approvals.map(Approvals.Result::pendingRoles).orElse(List.of());
    if (!failing.isEmpty()) {
      return new ConditionFact(
          ConditionStatus.True, Reason.AwaitingGates, Messages.awaitingGates(p, failing, roles));
    }
    return new ConditionFact(
        ConditionStatus.True, Reason.AwaitingApprovals, Messages.awaitingApprovals(p, roles));
  }

  private ConditionFact rolledBack(List<HistoryEntry> bounded) {
    if (rollback.isEmpty()) {
      return new ConditionFact(
          ConditionStatus.False, Reason.NotRolledBack, Messages.notRolledBack());
    }
    RollbackStatus r = rollback.get();
    boolean promotedSince =
        bounded.stream()
            .anyMatch(
                h ->
                    (h.reason() == HistoryReason.StagePromoted
                            || h.reason() == HistoryReason.VersionPromoted)
                        && h.from() != null
                        && r.at() != null
                        && h.from().compareTo(r.at()) > 0);
    if (promotedSince) {
      return new ConditionFact(
          ConditionStatus.False, Reason.PromotedSince, Messages.promotedSince(r));
    }
    Reason reason =
        switch (r.reason()) {
          case DriftAlert -> Reason.DriftAlert;
          case KpiDegraded -> Reason.KpiDegraded;
          case ModelLoadFailed -> Reason.ModelLoadFailed;
        };
    return new ConditionFact(ConditionStatus.True, reason, Messages.rolledBackAt(r));
  }

  private static boolean warning(HistoryReason why) {
    return switch (why) {
      case RolledBackDrift,
          RolledBackKpi,
          RolledBackModelLoad,
          Refused,
          CandidateWithdrawn,
          NotLive ->
          true;
      default -> false;
    };
  }

  private static Reason reason(HistoryReason why) {
    return Reason.valueOf(why.name());
  }
}
