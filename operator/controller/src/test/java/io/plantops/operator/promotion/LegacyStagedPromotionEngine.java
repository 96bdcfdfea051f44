package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.Kpi;
import io.plantops.api.v1alpha1.KpiDirection;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.PromotionPolicy;
import io.plantops.api.v1alpha1.RollbackPolicy;
import io.plantops.api.v1alpha1.RollbackReason;
import io.plantops.api.v1alpha1.RollbackStatus;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.StagePolicy;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.ModelLoadState;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.promotion.PromotionDecision.ConditionFact;
import io.plantops.operator.promotion.PromotionDecision.Transition;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.validation.VersionResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * TEMPORARY oracle: the staged promotion engine as it was before it became a policy chain (commit
 * 5310455), kept only to check that the chain decides exactly the same. The staged promotion state
 * machine: a pure function of the SiteDeployment (spec and the status as last written), the
 * template, the checks and what the inference server reports, at a given time. See
 * docs/promotion.md for the picture.
 *
 * <p>At most one transition per decision, by priority:
 *
 * <ol>
 *   <li><b>rollback</b>: the active model cannot be loaded (previous version, or Pending without
 *       one); drift Alert in ClosedLoop (to Advisory); a KPI degraded beyond the policy's bound for
 *       the policy's duration (previous version when the active one was promoted recently, else one
 *       stage down);
 *   <li><b>lowering</b>: {@code spec.stage} (capped at maxAutonomy) below the live stage steps down
 *       at once, without gates or approvals;
 *   <li><b>version promotion</b>: a candidate (a version the version policy selects that is not the
 *       active one, scored in shadow) replaces the active version once the versionUpdate gates pass
 *       and its required roles approved that version;
 *   <li><b>stage promotion</b>: one stage up towards {@code spec.stage} once the next stage's gates
 *       pass and its roles approved it; it waits while a candidate is in shadow.
 * </ol>
 *
 * <p>Before any of these, the site is Failed (template missing or invalid, no version, invalid
 * calibration) or Pending (no plant, inputs not covered, model not verified yet), and it becomes
 * live in Shadow (Activated) as soon as the inference server verifies the selected model.
 *
 * <p>Everything the machine remembers is in the status it wrote (phase, phaseSince, the evaluation
 * count at the phase's start, candidate, pendingSince, kpiDegradedSince, rollback, history), so a
 * decision taken again on what it wrote changes nothing: a restarted operator neither repeats a
 * transition nor loses history.
 */
final class LegacyStagedPromotionEngine implements PromotionEngine {

  /** The pending promotion as the legacy engine encoded it, parsed back for comparison. */
  static PendingPromotion typed(String encoded) {
    return encoded.startsWith("Version:")
        ? new PendingPromotion.ToVersion(encoded.substring("Version:".length()))
        : new PendingPromotion.ToStage(Stage.valueOf(encoded.substring("Stage:".length())));
  }

  /** How soon to decide again after a transition (the next step may be ready at once). */
  static final Duration AFTER_TRANSITION = Duration.ofSeconds(1);

  /** How often to decide again while a promotion waits, so times and approvals are re-read. */
  static final Duration WHILE_WAITING = Duration.ofMinutes(5);

  private static final Set<HistoryReason> POINT_ENTRIES =
      EnumSet.of(
          HistoryReason.Refused, HistoryReason.CandidateStarted, HistoryReason.CandidateWithdrawn);

  @Override
  public PromotionDecision decide(PromotionInput in) {
    SiteDeploymentSpec spec = in.siteDeployment().getSpec();
    Optional<SiteDeploymentStatus> prev = in.previous();
    Builder d = new Builder(in, prev);

    if (in.template().isEmpty()) {
      return d.notLive(
          Phase.Failed,
          Reason.TemplateNotFound,
          "UseCaseTemplate "
              + spec.templateRef().name()
              + " (spec.templateRef.name) does not exist: create it or reference an existing one");
    }
    UseCaseTemplateSpec template = in.template().get();
    if (!in.templateProblems().isEmpty()) {
      return d.notLive(
          Phase.Failed,
          Reason.TemplateInvalid,
          "UseCaseTemplate "
              + spec.templateRef().name()
              + " is invalid ("
              + String.join("; ", in.templateProblems())
              + "); see its Valid condition");
    }
    VersionResolver.Resolution resolution = VersionResolver.resolve(spec, template);
    if (resolution.version().isEmpty()) {
      return d.notLive(Phase.Failed, Reason.VersionNotFound, resolution.problem().orElseThrow());
    }
    ModelVersion selected = resolution.version().get();
    d.resolvedVersion = Optional.of(selected.version());
    if (!in.calibrationProblems().isEmpty()) {
      return d.notLive(
          Phase.Failed,
          Reason.CalibrationInvalid,
          "spec.calibration is invalid: " + String.join("; ", in.calibrationProblems()));
    }
    if (!in.plantFound()) {
      return d.notLive(
          Phase.Pending,
          Reason.PlantNotFound,
          "Plant " + spec.plantRef() + " (spec.plantRef) does not exist in this namespace");
    }
    if (in.contract().isEmpty() || !in.contract().get().covered()) {
      List<String> missing = in.contract().map(c -> c.missingSignals()).orElse(List.of());
      return d.notLive(
          Phase.Pending,
          Reason.InputsNotCovered,
          "TagMapping "
              + spec.tagMappingRef()
              + " does not cover "
              + missing
              + "; see the InputsCovered condition");
    }

    PromotionPolicy policy = template.promotion();
    Stage target = min(spec.stage(), policy.maxAutonomy());
    Phase before = prev.map(SiteDeploymentStatus::phase).orElse(null);
    Stage liveStage = before == null ? null : before.stage();
    Observed facts = Observed.of(in.observation(), template);

    if (liveStage == null) {
      return activate(d, selected, target, in.observation());
    }

    // live: the active version is the one that was live, as long as the template still has it
    ModelVersion active =
        prev.map(SiteDeploymentStatus::activeModel)
            .map(ActiveModel::version)
            .flatMap(v -> model(template, v))
            .orElse(selected);
    boolean forced =
        !Objects.equals(
            active.version(),
            prev.map(SiteDeploymentStatus::activeModel).map(ActiveModel::version).orElse(null));
    if (forced) {
      // the live version was removed from the template: the selected one starts over in Shadow,
      // never inheriting a stage (or setpoint writes) it was not promoted to
      return activate(d, selected, target, in.observation());
    }
    ModelVerification verification = ModelVerification.of(active, in.observation());
    d.verification = verification;
    d.activeModel = Optional.of(keepActive(prev.get().activeModel(), active, verification));
    RollbackPolicy rb = policy.rollback();

    // 1. rollback: the model cannot be loaded
    if (verification.status() == ConditionStatus.False) {
      return modelLoadFailed(d, rb, template, active, liveStage, verification);
    }
    // 1. rollback: drift Alert in ClosedLoop
    if (liveStage == Stage.ClosedLoop
        && Boolean.TRUE.equals(rb.onDriftAlert())
        && facts.known()
        && facts.drift() == DriftStatus.Alert) {
      String why =
          "input drift reached Alert in ClosedLoop (worst "
              + facts.worstSignal().orElse("?")
              + ", largest PSI "
              + facts.driftScore().map(GateEvaluator::fmt).orElse("?")
              + "): setpoints are no longer written";
      d.rollback(
          RollbackReason.DriftAlert, Stage.Advisory, active, HistoryReason.RolledBackDrift, why);
      d.candidate(selected, active);
      return d.live(Phase.Advisory, Reason.RolledBackDrift, why, true);
    }
    // 1. rollback: a KPI degraded beyond the bound for the policy's duration
    Optional<String> kpiProblem = Optional.empty();
    if (rb.kpiDegradationPercent() != null && liveStage.atLeast(Stage.Advisory)) {
      if (facts.known()) {
        kpiProblem = facts.worstDegradation(rb.kpiDegradationPercent());
        d.kpiDegradedSince =
            kpiProblem.isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(prev.get().kpiDegradedSince()).or(() -> Optional.of(d.now));
      } else {
        d.kpiDegradedSince = Optional.ofNullable(prev.get().kpiDegradedSince());
      }
    }
    if (d.kpiDegradedSince.isPresent() && kpiProblem.isPresent()) {
      Instant since = Conditions.instant(d.kpiDegradedSince.get()).orElse(in.now());
      Instant due = since.plus(Duration.ofMinutes(rb.kpiDegradationMinutes()));
      if (!in.now().isBefore(due)) {
        return kpiRollback(d, rb, template, active, selected, liveStage, kpiProblem.get());
      }
      d.recheck(Duration.between(in.now(), due));
    }

    // 2. lowering: spec.stage below what is live
    if (target.compareTo(liveStage) < 0) {
      String why =
          "spec.stage asks for "
              + spec.stage()
              + (spec.stage() != target ? " (capped at maxAutonomy " + target + ")" : "")
              + ": stepped down from "
              + liveStage
              + " to "
              + target;
      d.open(target, active.version(), HistoryReason.StageLowered, List.of(), why);
      d.candidate(selected, active);
      return d.live(Phase.of(target), Reason.StageLowered, why, true);
    }
    if (spec.stage().compareTo(policy.maxAutonomy()) > 0) {
      d.refuse(
          spec.stage(),
          active.version(),
          "spec.stage asks for "
              + spec.stage()
              + " but UseCaseTemplate "
              + spec.templateRef().name()
              + " allows at most "
              + policy.maxAutonomy()
              + " (promotion.maxAutonomy)");
    }

    Optional<Instant> lastRollback =
        prev.map(SiteDeploymentStatus::rollback)
            .map(RollbackStatus::at)
            .flatMap(Conditions::instant);

    // 3. version promotion
    Optional<CandidateModel> candidate = d.candidate(selected, active);
    if (candidate.isPresent()) {
      CandidateModel c = candidate.get();
      GateEvaluator.Facts gateFacts = facts.forCandidate(c, in.now());
      GateEvaluator.Evaluation gates =
          GateEvaluator.evaluate(policy.versionUpdate().gates(), gateFacts, true, in.now());
      LegacyApprovals.Result approvals =
          LegacyApprovals.evaluate(
              spec.approvals(),
              LegacyApprovals.Scope.version(c.version()),
              policy.versionUpdate().requiredApprovals(),
              policy.approvalMaxAgeDays(),
              lastRollback,
              in.now());
      if (gates.allPassed() && approvals.complete()) {
        ModelVersion next = model(template, c.version()).orElseThrow();
        String why =
            "model "
                + next.version()
                + " replaced "
                + active.version()
                + " in "
                + liveStage
                + " after "
                + gateFacts.samples().orElse(0L)
                + " shadow evaluations"
                + approvedBy(approvals);
        d.activeModel = Optional.of(activeModel(next, candidateSha(next, in.observation()), d.now));
        d.verification = ModelVerification.of(next, in.observation());
        d.open(liveStage, next.version(), HistoryReason.VersionPromoted, approvals.used(), why);
        d.candidate = Optional.empty();
        return d.live(Phase.of(liveStage), Reason.VersionPromoted, why, true);
      }
      d.pending("Version:" + c.version(), gates, approvals);
      return d.live(
          Phase.of(liveStage),
          Reason.Running,
          "live in "
              + liveStage
              + " with model "
              + active.version()
              + "; candidate "
              + c.version()
              + " scored in shadow"
              + (target.compareTo(liveStage) > 0
                  ? " (the promotion to " + liveStage.oneUp() + " waits for it)"
                  : ""),
          false);
    }

    // 4. stage promotion, one stage at a time
    if (target.compareTo(liveStage) > 0) {
      Stage next = liveStage.oneUp();
      StagePolicy stagePolicy = policy.forStage(next);
      GateEvaluator.Facts gateFacts =
          facts.forStage(
              Conditions.instant(prev.get().phaseSince()).orElse(in.now()),
              prev.get().phaseStartEvaluations());
      GateEvaluator.Evaluation gates =
          GateEvaluator.evaluate(stagePolicy.gates(), gateFacts, false, in.now());
      LegacyApprovals.Result approvals =
          LegacyApprovals.evaluate(
              spec.approvals(),
              LegacyApprovals.Scope.stage(next, active.version()),
              stagePolicy.requiredApprovals(),
              policy.approvalMaxAgeDays(),
              lastRollback,
              in.now());
      if (gates.allPassed() && approvals.complete()) {
        String why =
            "promoted from "
                + liveStage
                + " to "
                + next
                + " with model "
                + active.version()
                + (gates.results().isEmpty() ? "" : ", all gates passed")
                + approvedBy(approvals);
        d.open(next, active.version(), HistoryReason.StagePromoted, approvals.used(), why);
        return d.live(Phase.of(next), Reason.StagePromoted, why, true);
      }
      d.pending("Stage:" + next, gates, approvals);
    }
    boolean capped = spec.stage().compareTo(target) > 0;
    return d.live(
        Phase.of(liveStage),
        capped && liveStage == target ? Reason.CappedAtMaxAutonomy : Reason.Running,
        capped && liveStage == target
            ? "live in "
                + liveStage
                + ": spec.stage asks for "
                + spec.stage()
                + " but UseCaseTemplate "
                + spec.templateRef().name()
                + " allows at most "
                + policy.maxAutonomy()
            : "live in " + liveStage + " with model " + active.version(),
        false);
  }

  /** Not live yet: the selected version goes live in Shadow once the server verifies it. */
  private static PromotionDecision activate(
      Builder d, ModelVersion selected, Stage target, UseCaseObservation observation) {
    ModelVerification verification = ModelVerification.of(selected, observation);
    d.verification = verification;
    Optional<ActiveModel> before = d.prev.map(SiteDeploymentStatus::activeModel);
    boolean sameVersion = before.map(a -> selected.version().equals(a.version())).orElse(false);
    String since = sameVersion && before.get().since() != null ? before.get().since() : d.now;
    if (verification.status() != ConditionStatus.True) {
      d.activeModel = Optional.of(new ActiveModel(selected.version(), null, since));
      d.pendingPromotion = Optional.of("Stage:Shadow");
      Reason reason =
          verification.status() == ConditionStatus.False
              ? Reason.ModelLoadFailed
              : Reason.AwaitingModelVerification;
      return d.notLive(
          Phase.Pending,
          reason,
          "waiting for the inference server to load model "
              + selected.version()
              + " (scored in shadow meanwhile): "
              + verification.message());
    }
    d.activeModel =
        Optional.of(new ActiveModel(selected.version(), verification.loadedSha256().get(), d.now));
    d.open(
        Stage.Shadow,
        selected.version(),
        HistoryReason.Activated,
        List.of(),
        "model "
            + selected.version()
            + " verified by the inference server and live in Shadow"
            + (target == Stage.Shadow
                ? ""
                : "; " + target + " follows as gates and approvals allow"));
    d.withdrawCandidate();
    return d.live(
        Phase.Shadow, Reason.Activated, "live in Shadow with model " + selected.version(), true);
  }

  private static PromotionDecision modelLoadFailed(
      Builder d,
      RollbackPolicy rb,
      UseCaseTemplateSpec template,
      ModelVersion active,
      Stage liveStage,
      ModelVerification verification) {
    Optional<ModelVersion> previous =
        previousVersion(d.history, active.version()).flatMap(v -> model(template, v));
    if (Boolean.TRUE.equals(rb.onModelLoadFailure()) && previous.isPresent()) {
      String why =
          "model "
              + active.version()
              + " cannot be loaded ("
              + verification.message()
              + "): back to "
              + previous.get().version();
      d.activeModel = Optional.of(activeModel(previous.get(), Optional.empty(), d.now));
      d.verification = ModelVerification.of(previous.get(), d.in.observation());
      d.rollback(
          RollbackReason.ModelLoadFailed,
          liveStage,
          previous.get(),
          HistoryReason.RolledBackModelLoad,
          why);
      return d.live(Phase.of(liveStage), Reason.RolledBackModelLoad, why, true);
    }
    String why =
        "model "
            + active.version()
            + " cannot be loaded and no previous version is in the template: "
            + verification.message();
    if (Boolean.TRUE.equals(rb.onModelLoadFailure())) {
      d.rollbackStatus(RollbackReason.ModelLoadFailed, Phase.Pending, active, why);
      d.point(null, active.version(), HistoryReason.RolledBackModelLoad, why);
    }
    d.pendingPromotion = Optional.of("Stage:Shadow");
    return d.notLive(Phase.Pending, Reason.ModelLoadFailed, why);
  }

  private static PromotionDecision kpiRollback(
      Builder d,
      RollbackPolicy rb,
      UseCaseTemplateSpec template,
      ModelVersion active,
      ModelVersion selected,
      Stage liveStage,
      String problem) {
    Optional<ModelVersion> previous =
        recentlyPromoted(d.history, active.version(), d.in.now(), rb.recentPromotionHours())
            ? previousVersion(d.history, active.version()).flatMap(v -> model(template, v))
            : Optional.empty();
    String lasting = " for " + rb.kpiDegradationMinutes() + " min";
    d.kpiDegradedSince = Optional.empty();
    if (previous.isPresent()) {
      String why =
          problem
              + lasting
              + " after model "
              + active.version()
              + " was promoted: back to "
              + previous.get().version();
      d.activeModel = Optional.of(activeModel(previous.get(), Optional.empty(), d.now));
      d.verification = ModelVerification.of(previous.get(), d.in.observation());
      d.rollback(
          RollbackReason.KpiDegraded, liveStage, previous.get(), HistoryReason.RolledBackKpi, why);
      d.candidate(selected, previous.get());
      return d.live(Phase.of(liveStage), Reason.RolledBackKpi, why, true);
    }
    Stage down = liveStage.oneDown();
    String why = problem + lasting + ": stepped down from " + liveStage + " to " + down;
    d.rollback(RollbackReason.KpiDegraded, down, active, HistoryReason.RolledBackKpi, why);
    d.candidate(selected, active);
    return d.live(Phase.of(down), Reason.RolledBackKpi, why, true);
  }

  private static String approvedBy(LegacyApprovals.Result approvals) {
    return approvals.used().isEmpty() ? "" : ", approved by " + String.join(", ", approvals.used());
  }

  /** The active model kept from the last status: its verified digest while it stays verifiable. */
  private static ActiveModel keepActive(
      ActiveModel before, ModelVersion active, ModelVerification verification) {
    String sha;
    if (verification.status() == ConditionStatus.True) {
      sha = verification.loadedSha256().orElseThrow();
    } else if (verification.status() == ConditionStatus.Unknown
        && Objects.equals(before.sha256(), active.sha256())) {
      // unreachable, or loading again: keep what was verified for this version and digest
      sha = before.sha256();
    } else {
      sha = null;
    }
    return new ActiveModel(active.version(), sha, before.since());
  }

  private static ActiveModel activeModel(ModelVersion m, Optional<String> sha, String since) {
    return new ActiveModel(m.version(), sha.orElse(null), since);
  }

  /** The digest the server verified for {@code m} while it was the candidate, if it did. */
  private static Optional<String> candidateSha(ModelVersion m, UseCaseObservation observation) {
    return observation
        .useCase()
        .map(UseCaseStatus::candidate)
        .filter(c -> m.version().equals(c.version()) && c.state() == ModelLoadState.Loaded)
        .map(InferenceStatus.ModelState::sha256)
        .filter(m.sha256()::equals);
  }

  /** The version live before {@code active}'s latest period, from the history. */
  static Optional<String> previousVersion(List<HistoryEntry> history, String active) {
    for (int i = history.size() - 1; i >= 0; i--) {
      HistoryEntry h = history.get(i);
      if (isPeriod(h) && h.version() != null && !h.version().equals(active)) {
        return Optional.of(h.version());
      }
    }
    return Optional.empty();
  }

  /** Whether {@code active} became active by a version promotion less than {@code hours} ago. */
  static boolean recentlyPromoted(
      List<HistoryEntry> history, String active, Instant now, long hours) {
    for (int i = history.size() - 1; i >= 0; i--) {
      HistoryEntry h = history.get(i);
      if (!isPeriod(h)) {
        continue;
      }
      if (!active.equals(h.version())) {
        return false;
      }
      if (h.reason() == HistoryReason.VersionPromoted) {
        return Conditions.instant(h.from())
            .map(t -> Duration.between(t, now).compareTo(Duration.ofHours(hours)) < 0)
            .orElse(false);
      }
    }
    return false;
  }

  static boolean isPeriod(HistoryEntry h) {
    return h.stage() != null && !POINT_ENTRIES.contains(h.reason()) && !isPointInTime(h);
  }

  private static boolean isPointInTime(HistoryEntry h) {
    return h.reason() == HistoryReason.RolledBackModelLoad && h.stage() == null;
  }

  private static Stage min(Stage a, Stage b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Optional<ModelVersion> model(UseCaseTemplateSpec t, String version) {
    return t.models().stream().filter(m -> Objects.equals(m.version(), version)).findFirst();
  }

  /**
   * What the inference server reports now about the use case, reduced to the facts gates and
   * rollbacks use. Facts are known only from a current report: figures kept in status from an
   * earlier poll never promote or roll back.
   */
  record Observed(
      Optional<String> unknown,
      Optional<UseCaseStatus> useCase,
      Map<String, Double> kpiChange,
      Map<String, Double> kpiDegradation) {

    static Observed of(UseCaseObservation o, UseCaseTemplateSpec template) {
      if (o.useCase().isEmpty()) {
        String why =
            switch (o.reachability()) {
              case NotPolled -> "the inference server has not been polled yet";
              case Unreachable ->
                  "the inference server is unreachable (" + o.error().orElse("no answer") + ")";
              default -> "the inference server does not run this use case yet";
            };
        return new Observed(Optional.of(why), Optional.empty(), Map.of(), Map.of());
      }
      Map<String, KpiDirection> directions = new LinkedHashMap<>();
      for (Kpi k : template.kpis()) {
        directions.put(k.name(), k.direction());
      }
      Map<String, Double> change = new LinkedHashMap<>();
      Map<String, Double> degradation = new LinkedHashMap<>();
      List<InferenceStatus.KpiReport> kpis =
          o.useCase().get().kpis() == null ? List.of() : o.useCase().get().kpis();
      for (InferenceStatus.KpiReport k : kpis) {
        Double c = k.changePercent();
        change.put(k.name(), c);
        boolean higherIsBetter = directions.get(k.name()) == KpiDirection.HigherIsBetter;
        degradation.put(k.name(), c == null ? null : higherIsBetter ? -c : c);
      }
      return new Observed(Optional.empty(), o.useCase(), change, degradation);
    }

    boolean known() {
      return unknown.isEmpty();
    }

    DriftStatus drift() {
      return useCase
          .map(UseCaseStatus::drift)
          .map(InferenceStatus.DriftReport::status)
          .orElse(DriftStatus.Unknown);
    }

    Optional<Double> driftScore() {
      return useCase.map(UseCaseStatus::drift).map(InferenceStatus.DriftReport::score);
    }

    Optional<String> worstSignal() {
      return useCase.map(UseCaseStatus::drift).map(InferenceStatus.DriftReport::worstSignal);
    }

    /** The KPI degraded beyond {@code bound} (percent, positive is worse), if one is. */
    Optional<String> worstDegradation(double bound) {
      String worst = null;
      double value = bound;
      for (var e : kpiDegradation.entrySet()) {
        if (e.getValue() != null && e.getValue() > value) {
          worst = e.getKey();
          value = e.getValue();
        }
      }
      if (worst == null) {
        return Optional.empty();
      }
      return Optional.of(
          "KPI "
              + worst
              + " is "
              + GateEvaluator.fmt(value)
              + " % worse than baseline (rollback bound "
              + GateEvaluator.fmt(bound)
              + " %)");
    }

    GateEvaluator.Facts forStage(Instant phaseSince, Long phaseStartEvaluations) {
      Optional<Long> samples =
          useCase.map(
              u -> {
                long base = phaseStartEvaluations == null ? 0 : phaseStartEvaluations;
                // a counter that went back means the server restarted: count from zero
                return u.evaluations() >= base ? u.evaluations() - base : u.evaluations();
              });
      Optional<Double> error =
          useCase.map(UseCaseStatus::shadow).map(InferenceStatus.ShadowStats::meanAbsErrorActive);
      return new GateEvaluator.Facts(
          unknown,
          samples,
          phaseSince,
          Optional.empty(),
          error,
          drift(),
          driftScore(),
          kpiChange,
          kpiDegradation,
          Optional.empty());
    }

    GateEvaluator.Facts forCandidate(CandidateModel c, Instant now) {
      Optional<InferenceStatus.ShadowStats> shadow =
          useCase.map(UseCaseStatus::shadow).filter(s -> c.version().equals(s.candidateVersion()));
      Optional<InferenceStatus.ModelState> slot =
          useCase.map(UseCaseStatus::candidate).filter(s -> c.version().equals(s.version()));
      Optional<String> problem;
      if (unknown.isPresent()) {
        problem = unknown;
      } else if (slot.isEmpty()) {
        problem = Optional.of("the inference server does not score candidate " + c.version());
      } else if (slot.get().state() != ModelLoadState.Loaded) {
        problem =
            Optional.of(
                "candidate "
                    + c.version()
                    + " is "
                    + slot.get().state()
                    + (slot.get().reason() == null ? "" : ": " + slot.get().reason()));
      } else if (!Objects.equals(slot.get().sha256(), c.sha256())) {
        problem =
            Optional.of(
                "candidate "
                    + c.version()
                    + " was loaded with SHA-256 "
                    + slot.get().sha256()
                    + " but the template gives "
                    + c.sha256());
      } else {
        problem = Optional.empty();
      }
      Instant since = Conditions.instant(c.since()).orElse(now);
      return new GateEvaluator.Facts(
          unknown,
          shadow.map(InferenceStatus.ShadowStats::samples),
          since,
          shadow.map(InferenceStatus.ShadowStats::meanAbsDelta),
          shadow
              .filter(s -> s.targetSamples() > 0)
              .map(InferenceStatus.ShadowStats::meanAbsErrorCandidate),
          drift(),
          driftScore(),
          kpiChange,
          kpiDegradation,
          problem);
    }
  }

  /** Accumulates the decision, the history entries and the events that go with a transition. */
  private static final class Builder {
    private final PromotionInput in;
    private final Optional<SiteDeploymentStatus> prev;
    private final String now;
    private final List<HistoryEntry> history;
    private final List<Transition> events = new ArrayList<>();
    private Optional<String> resolvedVersion = Optional.empty();
    private Optional<ActiveModel> activeModel = Optional.empty();
    private Optional<CandidateModel> candidate = Optional.empty();
    private Optional<String> pendingPromotion = Optional.empty();
    private GateEvaluator.Evaluation gates =
        new GateEvaluator.Evaluation(List.of(), Optional.empty());
    private Optional<LegacyApprovals.Result> approvals = Optional.empty();
    private Optional<String> kpiDegradedSince = Optional.empty();
    private Optional<RollbackStatus> rollback;
    private Optional<Duration> recheck = Optional.empty();
    private ModelVerification verification = ModelVerification.none("no model is selected");
    private Optional<HistoryEntry> refusal = Optional.empty();
    private boolean transitioned;

    Builder(PromotionInput in, Optional<SiteDeploymentStatus> prev) {
      this.in = in;
      this.prev = prev;
      this.now = Conditions.timestamp(in.now());
      this.history =
          new ArrayList<>(
              prev.map(SiteDeploymentStatus::history).filter(Objects::nonNull).orElse(List.of()));
      this.rollback = prev.map(SiteDeploymentStatus::rollback);
    }

    void recheck(Duration after) {
      Duration d = after.isNegative() || after.isZero() ? AFTER_TRANSITION : after;
      recheck = Optional.of(recheck.filter(r -> r.compareTo(d) <= 0).orElse(d));
    }

    /** The candidate: the selected version when it is not the active one. */
    Optional<CandidateModel> candidate(ModelVersion selected, ModelVersion active) {
      Optional<CandidateModel> was = prev.map(SiteDeploymentStatus::candidateModel);
      if (selected.version().equals(active.version())) {
        withdrawCandidate();
        return Optional.empty();
      }
      if (was.isPresent() && selected.version().equals(was.get().version())) {
        CandidateModel c = was.get();
        candidate =
            Optional.of(
                new CandidateModel(
                    c.version(),
                    selected.sha256(),
                    Stage.Shadow,
                    c.since() == null ? now : c.since(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null));
        return candidate;
      }
      withdrawCandidate();
      candidate =
          Optional.of(
              new CandidateModel(
                  selected.version(),
                  selected.sha256(),
                  Stage.Shadow,
                  now,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null));
      point(
          Stage.Shadow,
          selected.version(),
          HistoryReason.CandidateStarted,
          "model "
              + selected.version()
              + " scored in shadow beside "
              + active.version()
              + " (selected by versionPolicy "
              + in.siteDeployment().getSpec().versionPolicy()
              + ")");
      return candidate;
    }

    void withdrawCandidate() {
      Optional<CandidateModel> was =
          prev.map(SiteDeploymentStatus::candidateModel).filter(c -> c.version() != null);
      candidate = Optional.empty();
      if (was.isEmpty()) {
        return;
      }
      String current = activeModel.map(ActiveModel::version).orElse(null);
      if (was.get().version().equals(current)) {
        return; // promoted, not withdrawn
      }
      point(
          Stage.Shadow,
          was.get().version(),
          HistoryReason.CandidateWithdrawn,
          "candidate "
              + was.get().version()
              + " withdrawn: versionPolicy "
              + in.siteDeployment().getSpec().versionPolicy()
              + " selects "
              + resolvedVersion.orElse("no version")
              + " now");
    }

    void pending(String promotion, GateEvaluator.Evaluation g, LegacyApprovals.Result a) {
      pendingPromotion = Optional.of(promotion);
      gates = g;
      approvals = Optional.of(a);
      g.passesAt().ifPresent(t -> recheck(Duration.between(in.now(), t)));
      recheck(WHILE_WAITING);
    }

    void rollbackStatus(RollbackReason reason, Phase to, ModelVersion toVersion, String why) {
      Phase from = prev.map(SiteDeploymentStatus::phase).orElse(null);
      String fromVersion =
          prev.map(SiteDeploymentStatus::activeModel).map(ActiveModel::version).orElse(null);
      rollback =
          Optional.of(
              new RollbackStatus(now, reason, from, to, fromVersion, toVersion.version(), why));
    }

    void rollback(
        RollbackReason reason,
        Stage to,
        ModelVersion toVersion,
        HistoryReason historyReason,
        String why) {
      rollbackStatus(reason, Phase.of(to), toVersion, why);
      open(to, toVersion.version(), historyReason, List.of(), why);
    }

    /** Closes the open period and opens one: {@code stage} live with {@code version}. */
    void open(
        Stage stage, String version, HistoryReason why, List<String> approvedBy, String message) {
      Optional<HistoryEntry> closed = closeOpen();
      HistoryEntry entry =
          new HistoryEntry(
              version,
              stage,
              now,
              null,
              why,
              closed.map(HistoryEntry::stage).orElse(null),
              closed.map(HistoryEntry::version).orElse(null),
              approvedBy.isEmpty() ? null : List.copyOf(approvedBy),
              message);
      history.add(entry);
      transitioned = true;
      events.add(new Transition(warning(why), reason(why), message, Optional.of(entry)));
    }

    /** Adds an entry for an event at one point in time (no live period). */
    void point(Stage stage, String version, HistoryReason why, String message) {
      Optional<HistoryEntry> live = openEntry().map(history::get);
      HistoryEntry entry =
          new HistoryEntry(
              version,
              stage,
              now,
              now,
              why,
              live.map(HistoryEntry::stage).orElse(null),
              live.map(HistoryEntry::version).orElse(null),
              null,
              message);
      history.add(entry);
      events.add(new Transition(warning(why), reason(why), message, Optional.of(entry)));
    }

    /** Records, once per live period, that spec.stage asks for more than the template allows. */
    void refuse(Stage asked, String version, String message) {
      refusal =
          Optional.of(
              new HistoryEntry(
                  version, asked, now, now, HistoryReason.Refused, null, null, null, message));
    }

    private void appendRefusal(Phase phase) {
      if (refusal.isEmpty() || phase.stage() == null) {
        return;
      }
      HistoryEntry r = refusal.get();
      for (int i = history.size() - 1; i >= 0 && !isPeriod(history.get(i)); i--) {
        HistoryEntry h = history.get(i);
        if (h.reason() == HistoryReason.Refused
            && h.stage() == r.stage()
            && Objects.equals(h.version(), r.version())) {
          return;
        }
      }
      point(r.stage(), r.version(), HistoryReason.Refused, r.message());
    }

    private Optional<HistoryEntry> closeOpen() {
      Optional<Integer> open = openEntry();
      if (open.isEmpty()) {
        return Optional.empty();
      }
      HistoryEntry h = history.get(open.get());
      HistoryEntry closed =
          new HistoryEntry(
              h.version(),
              h.stage(),
              h.from(),
              now,
              h.reason(),
              h.fromStage(),
              h.fromVersion(),
              h.approvals(),
              h.message());
      history.set(open.get(), closed);
      return Optional.of(closed);
    }

    private Optional<Integer> openEntry() {
      for (int i = history.size() - 1; i >= 0; i--) {
        HistoryEntry h = history.get(i);
        if (h.to() == null && isPeriod(h)) {
          return Optional.of(i);
        }
      }
      return Optional.empty();
    }

    PromotionDecision notLive(Phase phase, Reason reason, String message) {
      closeOpen();
      if (phase == Phase.Failed) {
        pendingPromotion = Optional.empty();
      }
      return finish(phase, reason, message);
    }

    PromotionDecision live(Phase phase, Reason reason, String message, boolean transition) {
      if (transition) {
        // the transition is told by its history entry and event; Ready says what is live, so
        // that the status written right after a transition is the one the next decision keeps
        recheck(AFTER_TRANSITION);
        reason = Reason.Running;
        message =
            "live in " + phase + activeModel.map(a -> " with model " + a.version()).orElse("");
      }
      appendRefusal(phase);
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
          && events.stream()
              .noneMatch(
                  e -> e.entry().filter(LegacyStagedPromotionEngine::isPeriod).isPresent())) {
        boolean warning =
            phase == Phase.Failed
                || (before != null
                    && before.stage() != null
                    && (phase.stage() == null || phase.stage().compareTo(before.stage()) < 0));
        events.add(
            new Transition(
                warning,
                Reason.PhaseChanged,
                "phase " + (before == null ? "(none)" : before) + " -> " + phase + ": " + message,
                Optional.empty()));
      }
      Optional<String> pendingSince =
          pendingPromotion.map(
              p ->
                  prev.filter(s -> p.equals(s.pendingPromotion()) && s.pendingSince() != null)
                      .map(SiteDeploymentStatus::pendingSince)
                      .orElse(now));
      int drop = Math.max(0, history.size() - PromotionDecision.HISTORY_LIMIT);
      List<HistoryEntry> bounded = history.subList(drop, history.size());
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
          pendingPromotion.map(LegacyStagedPromotionEngine::typed),
          pendingSince,
          gates.results(),
          approvals.map(LegacyApprovals.Result::statuses).orElse(List.of()),
          approvals.map(LegacyApprovals.Result::pendingRoles).orElse(List.of()),
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
        return new ConditionFact(
            ConditionStatus.False,
            phase.stage() == null ? Reason.NotLive : Reason.UpToDate,
            phase.stage() == null
                ? "not live: see the Ready condition"
                : "nothing to promote: live in "
                    + phase
                    + " as spec.stage and the version policy"
                    + " ask (or as far as the template allows)");
      }
      String p = pendingPromotion.get();
      if (phase.stage() == null) {
        return new ConditionFact(
            ConditionStatus.True,
            Reason.AwaitingModelVerification,
            p + " waits for the inference server to verify the model");
      }
      List<String> failing = gates.failing();
      List<String> roles = approvals.map(LegacyApprovals.Result::pendingRoles).orElse(List.of());
      if (!failing.isEmpty()) {
        return new ConditionFact(
            ConditionStatus.True,
            Reason.AwaitingGates,
            p
                + " waits for gates: "
                + String.join("; ", failing)
                + (roles.isEmpty() ? "" : "; and approvals by " + roles + " in spec.approvals"));
      }
      return new ConditionFact(
          ConditionStatus.True,
          Reason.AwaitingApprovals,
          p
              + ": all gates pass; waiting for approvals by "
              + roles
              + " (add them to spec.approvals with "
              + (p.startsWith("Version:")
                  ? "version " + p.substring("Version:".length())
                  : "stage " + p.substring("Stage:".length()))
              + ")");
    }

    private ConditionFact rolledBack(List<HistoryEntry> bounded) {
      if (rollback.isEmpty()) {
        return new ConditionFact(
            ConditionStatus.False, Reason.NotRolledBack, "no automatic rollback happened");
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
            ConditionStatus.False,
            Reason.PromotedSince,
            "promoted again since the rollback at " + r.at());
      }
      Reason reason =
          switch (r.reason()) {
            case DriftAlert -> Reason.DriftAlert;
            case KpiDegraded -> Reason.KpiDegraded;
            case ModelLoadFailed -> Reason.ModelLoadFailed;
          };
      return new ConditionFact(
          ConditionStatus.True,
          reason,
          "rolled back at "
              + r.at()
              + ": "
              + r.message()
              + "; climbing back needs approvals given after "
              + r.at());
    }

    private static boolean warning(HistoryReason why) {
      return switch (why) {
        case RolledBackDrift, RolledBackKpi, RolledBackModelLoad, Refused, CandidateWithdrawn ->
            true;
        default -> false;
      };
    }

    private static Reason reason(HistoryReason why) {
      return Reason.valueOf(why.name());
    }
  }
}
