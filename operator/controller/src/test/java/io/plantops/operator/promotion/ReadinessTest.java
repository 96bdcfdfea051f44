package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Phase;
import io.plantops.operator.promotion.Outcome.NotReady;
import io.plantops.operator.status.Reason;
import io.plantops.operator.validation.ContractCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  final SiteState site = new SiteState();

  PromotionInput input(
      boolean template,
      List<String> templateProblems,
      List<String> calibration,
      boolean plant,
      Optional<ContractCheck.Report> contract) {
    PromotionInput in = site.input();
    return new PromotionInput(
        in.siteDeployment(),
        template ? in.template() : Optional.empty(),
        templateProblems,
        plant,
        contract,
        calibration,
        in.observation(),
        in.now());
  }

  Optional<NotReady> check(PromotionInput in) {
    return Readiness.check(in);
  }

  @Test
  void aMissingOrInvalidTemplateFailsTheSite() {
    NotReady missing =
        check(input(false, List.of(), List.of(), true, Optional.empty())).orElseThrow();
    assertThat(missing)
        .isEqualTo(
            new NotReady(
                new Readiness.TemplateNotFound("kiln-energy-optimization"), Optional.empty()));
    assertThat(missing.blocker().phase()).isEqualTo(Phase.Failed);
    assertThat(missing.blocker().reason()).isEqualTo(Reason.TemplateNotFound);
    assertThat(check(input(true, List.of("no models"), List.of(), true, covered())).orElseThrow())
        .isEqualTo(
            new NotReady(
                new Readiness.TemplateInvalid("kiln-energy-optimization", List.of("no models")),
                Optional.empty()));
  }

  @Test
  void aVersionPolicySelectingNoVersionFailsTheSite() {
    site.pinned = "9.9.9";
    NotReady n = check(input(true, List.of(), List.of(), true, covered())).orElseThrow();
    assertThat(n.blocker()).isInstanceOf(Readiness.VersionNotFound.class);
    assertThat(((Readiness.VersionNotFound) n.blocker()).problem())
        .startsWith("spec.templateRef.version 9.9.9 is not a version of UseCaseTemplate");
    assertThat(n.resolvedVersion()).isEmpty();
  }

  @Test
  void anInvalidCalibrationFailsTheSiteWithTheVersionResolved() {
    assertThat(check(input(true, List.of(), List.of("bias too large"), true, covered())))
        .contains(
            new NotReady(
                new Readiness.CalibrationInvalid(List.of("bias too large")), Optional.of("1.2.0")));
  }

  @Test
  void theSiteWaitsForItsPlantAndForItsInputsToBeCovered() {
    NotReady plant = check(input(true, List.of(), List.of(), false, covered())).orElseThrow();
    assertThat(plant.blocker()).isEqualTo(new Readiness.PlantNotFound("lyon"));
    assertThat(plant.blocker().phase()).isEqualTo(Phase.Pending);
    var uncovered =
        new ContractCheck.Report(
            List.of("kiln.speed"),
            List.of(
                new ContractCheck.Gap(
                    "kiln.speed", ContractCheck.GapKind.NOT_MAPPED, "not mapped")),
            Map.of());
    assertThat(check(input(true, List.of(), List.of(), true, Optional.of(uncovered))))
        .contains(
            new NotReady(
                new Readiness.InputsNotCovered("lyon-kiln1", List.of("kiln.speed")),
                Optional.of("1.2.0")));
  }

  @Test
  void aSiteWithEverythingItNeedsIsReady() {
    assertThat(check(input(true, List.of(), List.of(), true, covered()))).isEmpty();
  }

  static Optional<ContractCheck.Report> covered() {
    return Optional.of(StagedPromotionEngineTest.COVERED);
  }
}
