package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.PromotionPolicy;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.Substitute;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.operator.status.Reason;
import io.plantops.operator.validation.ContractCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The promotion policy's bound on substituted inputs at ClosedLoop
 * (spec.promotion.maxSubstitutedInputsAtClosedLoop, default 0): a site beyond it is held at
 * Advisory, and a ClosedLoop site whose substitutes grow beyond it steps down at once, saying why.
 */
class SubstitutedInputsPromotionTest {

  private final StagedPromotionEngine engine = new StagedPromotionEngine();

  private static ContractCheck.Report substituting(String... signals) {
    Map<String, TagMappingEntry> subs = new LinkedHashMap<>();
    for (String s : signals) {
      subs.put(s, TagMappingEntry.substituted(s, "kW", new Substitute(620.0, null, null), null));
    }
    return new ContractCheck.Report(List.of(), List.of(), Map.of(), subs, 8);
  }

  private static UseCaseTemplateSpec allowing(UseCaseTemplateSpec t, int max) {
    PromotionPolicy p = t.promotion();
    return SiteState.withPromotion(
        t,
        new PromotionPolicy(
            p.maxAutonomy(),
            p.stages(),
            p.versionUpdate(),
            p.rollback(),
            p.approvalMaxAgeDays(),
            p.maxSkippedCycles(),
            max));
  }

  @Test
  void aClosedLoopSiteWhoseSubstitutesExceedTheBoundStepsDownToAdvisoryAndSaysWhy() {
    SiteState s = SiteState.live(Phase.ClosedLoop);
    s.contract = substituting("kiln.main_drive.power");

    PromotionDecision d = engine.decide(s.input());

    assertThat(d.phase()).isEqualTo(Phase.Advisory);
    assertThat(d.history().get(d.history().size() - 1).message())
        .contains("stepped down from ClosedLoop to Advisory")
        .contains("1 substituted input(s) (kiln.main_drive.power (constant 620 kW))")
        .contains("allows 0 at ClosedLoop (spec.promotion.maxSubstitutedInputsAtClosedLoop)");
  }

  @Test
  void anAdvisorySiteBeyondTheBoundStaysAdvisoryCappedBySubstitutes() {
    SiteState s = SiteState.live(Phase.Advisory);
    s.stage = Stage.ClosedLoop;
    s.contract = substituting("kiln.main_drive.power");

    PromotionDecision d = engine.decide(s.input());

    assertThat(d.phase()).isEqualTo(Phase.Advisory);
    assertThat(d.reason()).isEqualTo(Reason.CappedBySubstitutes);
    assertThat(d.message()).startsWith("live in Advisory: 1 substituted input(s)");
    assertThat(d.pendingPromotion()).isEmpty();
  }

  @Test
  void substitutesWithinTheBoundDoNotHoldTheSite() {
    SiteState s = SiteState.live(Phase.ClosedLoop);
    s.template = allowing(s.template, 1);
    s.contract = substituting("kiln.main_drive.power");

    assertThat(engine.decide(s.input()).phase()).isEqualTo(Phase.ClosedLoop);

    s.contract = substituting("kiln.main_drive.power", "preheater.outlet.temperature");
    assertThat(engine.decide(s.input()).phase())
        .as("a second substitute exceeds a bound of 1")
        .isEqualTo(Phase.Advisory);
  }

  @Test
  void theTemplatesMaxAutonomyNotTheSubstitutesIsNamedWhenItIsLower() {
    SiteState s = SiteState.live(Phase.Advisory);
    s.stage = Stage.ClosedLoop;
    s.template = SiteState.withMaxAutonomy(s.template, Stage.Advisory);
    s.contract = substituting("kiln.main_drive.power");

    PromotionDecision d = engine.decide(s.input());

    assertThat(d.reason()).isEqualTo(Reason.CappedAtMaxAutonomy);
  }

  @Test
  void theDefaultBoundIsZero() {
    assertThat(
            new PromotionPolicy(null, null, null, null, null, null)
                .maxSubstitutedInputsAtClosedLoop())
        .isZero();
  }
}
