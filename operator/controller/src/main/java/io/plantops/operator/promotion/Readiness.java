package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.operator.promotion.Outcome.NotReady;
import io.plantops.operator.status.Reason;
import io.plantops.operator.validation.ContractCheck;
import io.plantops.operator.validation.VersionResolver;
import java.util.List;
import java.util.Optional;

/**
 * What a site needs before anything can be live: a valid template, a selected version, a valid
 * calibration (else Failed), the Plant and the inputs covered (else Pending). Checked before the
 * {@link PolicyChain}, which decides only for a site that has all of them.
 */
final class Readiness {

  private Readiness() {}

  /** What keeps a site from being live. */
  sealed interface Blocker {

    /** Failed (the site cannot run as specified) or Pending (it waits for something). */
    Phase phase();

    Reason reason();
  }

  record TemplateNotFound(String template) implements Blocker {
    @Override
    public Phase phase() {
      return Phase.Failed;
    }

    @Override
    public Reason reason() {
      return Reason.TemplateNotFound;
    }
  }

  record TemplateInvalid(String template, List<String> problems) implements Blocker {
    @Override
    public Phase phase() {
      return Phase.Failed;
    }

    @Override
    public Reason reason() {
      return Reason.TemplateInvalid;
    }
  }

  /**
   * The version policy selects no version.
   *
   * @param problem the version resolver's explanation, naming the field and the fix
   */
  record VersionNotFound(String problem) implements Blocker {
    @Override
    public Phase phase() {
      return Phase.Failed;
    }

    @Override
    public Reason reason() {
      return Reason.VersionNotFound;
    }
  }

  record CalibrationInvalid(List<String> problems) implements Blocker {
    @Override
    public Phase phase() {
      return Phase.Failed;
    }

    @Override
    public Reason reason() {
      return Reason.CalibrationInvalid;
    }
  }

  record PlantNotFound(String plant) implements Blocker {
    @Override
    public Phase phase() {
      return Phase.Pending;
    }

    @Override
    public Reason reason() {
      return Reason.PlantNotFound;
    }
  }

  record InputsNotCovered(String tagMapping, List<String> missing) implements Blocker {
    @Override
    public Phase phase() {
      return Phase.Pending;
    }

    @Override
    public Reason reason() {
      return Reason.InputsNotCovered;
    }
  }

  /** Why {@code in} cannot be live, if it cannot. */
  static Optional<NotReady> check(PromotionInput in) {
    SiteDeploymentSpec spec = in.siteDeployment().getSpec();
    String templateName = spec.templateRef().name();
    if (in.template().isEmpty()) {
      return notReady(new TemplateNotFound(templateName), Optional.empty());
    }
    UseCaseTemplateSpec template = in.template().get();
    if (!in.templateProblems().isEmpty()) {
      return notReady(new TemplateInvalid(templateName, in.templateProblems()), Optional.empty());
    }
    VersionResolver.Resolution resolution =
        VersionResolver.resolve(spec, template, in.ring().version());
    if (resolution.version().isEmpty()) {
      return notReady(new VersionNotFound(resolution.problem().orElseThrow()), Optional.empty());
    }
    Optional<String> version = resolution.version().map(ModelVersion::version);
    if (!in.calibrationProblems().isEmpty()) {
      return notReady(new CalibrationInvalid(in.calibrationProblems()), version);
    }
    if (!in.plantFound()) {
      return notReady(new PlantNotFound(spec.plantRef()), version);
    }
    if (in.contract().isEmpty() || !in.contract().get().covered()) {
      List<String> missing =
          in.contract().map(ContractCheck.Report::missingSignals).orElse(List.of());
      return notReady(new InputsNotCovered(spec.tagMappingRef(), missing), version);
    }
    return Optional.empty();
  }

  private static Optional<NotReady> notReady(Blocker blocker, Optional<String> version) {
    return Optional.of(new NotReady(blocker, version));
  }
}
