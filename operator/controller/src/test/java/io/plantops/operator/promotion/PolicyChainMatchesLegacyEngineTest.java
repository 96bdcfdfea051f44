package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * TEMPORARY (issue 12): the policy chain decides exactly what the one-piece engine it replaced
 * decided ({@link LegacyStagedPromotionEngine}, a copy of it), step by step over generated
 * scenarios: templates and promotion policies, spec changes (stage, version policy, approvals),
 * readiness problems, and what the inference server reports (reachability, the active and the
 * candidate slot, shadow figures, drift, KPIs, a counter that restarts), at times from seconds to
 * days apart. Each engine decides on the status it wrote itself; decisions and statuses must be
 * equal at every step.
 */
class PolicyChainMatchesLegacyEngineTest {

  final PromotionEngine legacy = new LegacyStagedPromotionEngine();
  final PromotionEngine chain = new StagedPromotionEngine();

  @Property(tries = 1500)
  void theChainDecidesWhatTheEngineItReplacedDecided(
      @ForAll @Size(8) List<@IntRange(min = 0, max = 999) Integer> setup,
      @ForAll @Size(min = 1, max = 60)
          List<@Size(12) List<@IntRange(min = 0, max = 999) Integer>> steps) {
    PromotionScenario w = new PromotionScenario(setup);
    SiteDeployment legacySd = PromotionScenario.siteDeployment();
    SiteDeployment chainSd = PromotionScenario.siteDeployment();
    for (List<Integer> step : steps) {
      w.step(step, Optional.ofNullable(legacySd.getStatus()));
      PromotionInput legacyInput = w.input(legacySd);
      PromotionInput chainInput = w.input(chainSd);
      assertThat(chainInput.siteDeployment().getStatus())
          .isEqualTo(legacyInput.siteDeployment().getStatus());
      PromotionDecision expected = legacy.decide(legacyInput);
      PromotionDecision actual = chain.decide(chainInput);
      assertThat(actual).isEqualTo(expected);
      SiteDeploymentStatus written = PromotionScenario.write(legacySd, expected, legacyInput);
      assertThat(PromotionScenario.write(chainSd, actual, chainInput)).isEqualTo(written);
      collect(expected);
    }
    Statistics.label("decision")
        .coverage(
            c -> {
              for (String label :
                  List.of(
                      "Activated",
                      "StagePromoted",
                      "StageLowered",
                      "CandidateStarted",
                      "CandidateWithdrawn",
                      "VersionPromoted",
                      "Refused",
                      "RolledBackDrift",
                      "RolledBackKpi",
                      "RolledBackModelLoad",
                      "Failed",
                      "Pending",
                      "AwaitingGates",
                      "AwaitingApprovals",
                      "AwaitingModelVerification",
                      "CappedAtMaxAutonomy")) {
                c.check(label).count(n -> n > 0);
              }
            });
  }

  private static void collect(PromotionDecision d) {
    d.events().stream()
        .flatMap(e -> e.entry().stream())
        .map(HistoryEntry::reason)
        .forEach(r -> Statistics.label("decision").collect(r.name()));
    if (d.phase().stage() == null) {
      Statistics.label("decision").collect(d.phase().name());
    }
    d.promoting()
        .filter(p -> p.status() == io.plantops.api.v1alpha1.ConditionStatus.True)
        .ifPresent(p -> Statistics.label("decision").collect(p.reason().name()));
    if (d.reason() == io.plantops.operator.status.Reason.CappedAtMaxAutonomy) {
      Statistics.label("decision").collect(d.reason().name());
    }
  }
}
