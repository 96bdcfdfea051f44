package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.rollout.RingAccess;
import io.plantops.operator.validation.ContractCheck;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The facts a {@link PromotionEngine} decides from.
 *
 * @param siteDeployment the SiteDeployment (spec, metadata, and the status as last written, which
 *     carries the state of any promotion under way)
 * @param template the template's spec, when the template exists
 * @param templateProblems why the template is invalid; empty when it is valid
 * @param plantFound whether the referenced Plant exists
 * @param contract the contract check, when the template exists
 * @param calibrationProblems why the calibration is invalid; empty when it is valid
 * @param observation what the plant's inference server reports about this use case
 * @param now the time of the decision
 * @param ring what the template's fleet rollout lets the site's rollout ring run
 */
public record PromotionInput(
    SiteDeployment siteDeployment,
    Optional<UseCaseTemplateSpec> template,
    List<String> templateProblems,
    boolean plantFound,
    Optional<ContractCheck.Report> contract,
    List<String> calibrationProblems,
    UseCaseObservation observation,
    Instant now,
    RingAccess ring) {

  public PromotionInput {
    templateProblems = List.copyOf(templateProblems);
    calibrationProblems = List.copyOf(calibrationProblems);
  }

  /** An input without a fleet rollout: FollowLatest selects the latest release. */
  public PromotionInput(
      SiteDeployment siteDeployment,
      Optional<UseCaseTemplateSpec> template,
      List<String> templateProblems,
      boolean plantFound,
      Optional<ContractCheck.Report> contract,
      List<String> calibrationProblems,
      UseCaseObservation observation,
      Instant now) {
    this(
        siteDeployment,
        template,
        templateProblems,
        plantFound,
        contract,
        calibrationProblems,
        observation,
        now,
        RingAccess.LATEST);
  }

  /** The status as last written, if any. */
  public Optional<SiteDeploymentStatus> previous() {
    return Optional.ofNullable(siteDeployment.getStatus());
  }
}
