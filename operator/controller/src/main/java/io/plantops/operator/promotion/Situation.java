package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.PromotionPolicy;
import io.plantops.api.v1alpha1.RollbackPolicy;
import io.plantops.api.v1alpha1.RollbackStatus;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.operator.promotion.Outcome.Cap;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.validation.SubstituteBound;
import io.plantops.operator.validation.VersionResolver;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts the {@link PolicyChain} decides on, observed once from a {@link PromotionInput} that
 * {@link Readiness} accepted: the selected and the active version, what is live, what the inference
 * server reports.
 *
 * @param input the input
 * @param template the template's spec
 * @param selected the version the version policy selects
 * @param target spec.stage capped at the template's maxAutonomy, and at Advisory when the site has
 *     more substituted inputs than the template allows at ClosedLoop
 * @param live the stage live as last written, if the site is live
 * @param active the active version: the one live as last written while the template still has it,
 *     else the selected one
 * @param activeRemoved whether the version live as last written is gone from the template
 * @param verification whether the inference server runs the active version as decided
 * @param observed what the inference server reports now
 * @param lastRollback when the latest automatic rollback happened
 * @param substitutes the site's substituted inputs against the bound at ClosedLoop
 */
record Situation(
    PromotionInput input,
    UseCaseTemplateSpec template,
    ModelVersion selected,
    Stage target,
    Optional<Stage> live,
    ModelVersion active,
    boolean activeRemoved,
    ModelVerification verification,
    Observed observed,
    Optional<Instant> lastRollback,
    SubstituteBound substitutes) {

  static Situation of(PromotionInput in) {
    SiteDeploymentSpec spec = in.siteDeployment().getSpec();
    UseCaseTemplateSpec template = in.template().orElseThrow();
    ModelVersion selected =
        VersionResolver.resolve(spec, template, in.ring().version()).version().orElseThrow();
    Optional<SiteDeploymentStatus> prev = in.previous();
    Optional<String> liveVersion =
        prev.map(SiteDeploymentStatus::activeModel).map(ActiveModel::version);
    ModelVersion active = liveVersion.flatMap(v -> model(template, v)).orElse(selected);
    SubstituteBound substitutes =
        in.contract()
            .map(c -> SubstituteBound.of(c, template.promotion()))
            .orElse(
                new SubstituteBound(
                    0, template.promotion().maxSubstitutedInputsAtClosedLoop(), ""));
    return new Situation(
        in,
        template,
        selected,
        min(min(spec.stage(), template.promotion().maxAutonomy()), substitutes.highestStage()),
        prev.map(SiteDeploymentStatus::phase).map(Phase::stage),
        active,
        !Objects.equals(active.version(), liveVersion.orElse(null)),
        ModelVerification.of(active, in.observation()),
        Observed.of(in.observation(), template),
        prev.map(SiteDeploymentStatus::rollback)
            .map(RollbackStatus::at)
            .flatMap(Conditions::instant),
        substitutes);
  }

  /**
   * The substitute bound, when it (and not the template's maxAutonomy) is what holds the site below
   * spec.stage.
   */
  Optional<SubstituteBound> substituteCap() {
    Stage withoutSubstitutes = min(spec().stage(), policy().maxAutonomy());
    return withoutSubstitutes.compareTo(substitutes.highestStage()) > 0
        ? Optional.of(substitutes)
        : Optional.empty();
  }

  SiteDeploymentSpec spec() {
    return input.siteDeployment().getSpec();
  }

  PromotionPolicy policy() {
    return template.promotion();
  }

  RollbackPolicy rollbackPolicy() {
    return template.promotion().rollback();
  }

  Instant now() {
    return input.now();
  }

  /** The time of the decision as status writes it (RFC 3339). */
  String nowText() {
    return Conditions.timestamp(input.now());
  }

  Optional<SiteDeploymentStatus> previous() {
    return input.previous();
  }

  /** The live stage; only for policies after {@link Activation}, which handles a site not live. */
  Stage liveStage() {
    return live.orElseThrow();
  }

  /** The history as last written, oldest first. */
  List<HistoryEntry> history() {
    return previous().map(SiteDeploymentStatus::history).filter(Objects::nonNull).orElse(List.of());
  }

  /** The template's model {@code version}, if it has it. */
  Optional<ModelVersion> model(String version) {
    return model(template, version);
  }

  /** The active model as last written, with its verified digest while it stays verifiable. */
  ActiveModel keptActive() {
    ActiveModel before = previous().orElseThrow().activeModel();
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

  /** The candidate beside the active version. */
  CandidateSelection candidate() {
    return candidateBeside(active);
  }

  /** The candidate beside {@code activeVersion}. */
  CandidateSelection candidateBeside(ModelVersion activeVersion) {
    return CandidateSelection.of(
        selected,
        activeVersion,
        previous().map(SiteDeploymentStatus::candidateModel),
        spec().versionPolicy(),
        nowText());
  }

  /** What the site does when no policy decides: stays live as it is. */
  Outcome.Stay stay() {
    Stage live = liveStage();
    boolean capped = spec().stage().compareTo(target) > 0 && live == target;
    return new Outcome.Stay(
        live,
        active.version(),
        capped
            ? Optional.of(
                new Cap(
                    spec().stage(),
                    spec().templateRef().name(),
                    policy().maxAutonomy(),
                    substituteCap()))
            : Optional.empty());
  }

  private static Optional<ModelVersion> model(UseCaseTemplateSpec t, String version) {
    return t.models().stream().filter(m -> Objects.equals(m.version(), version)).findFirst();
  }

  private static Stage min(Stage a, Stage b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
