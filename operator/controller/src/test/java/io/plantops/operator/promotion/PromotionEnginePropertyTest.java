package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.ConditionStatus;
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
 * What holds for every decision of the staged promotion engine, over generated scenarios ({@link
 * PromotionScenario}), each decision written by the real status aggregator and read back by the
 * next one.
 */
class PromotionEnginePropertyTest {

  final PromotionEngine engine = new StagedPromotionEngine();

  @Property(tries = 250)
  void everyDecisionKeepsTheEnginesPromises(
      @ForAll @Size(8) List<@IntRange(min = 0, max = 999) Integer> setup,
      @ForAll @Size(min = 1, max = 60)
          List<@Size(12) List<@IntRange(min = 0, max = 999) Integer>> steps) {
    PromotionScenario scenario = new PromotionScenario(setup);
    SiteDeployment sd = PromotionScenario.siteDeployment();
    for (List<Integer> step : steps) {
      scenario.step(step, Optional.ofNullable(sd.getStatus()));
      PromotionInput in = scenario.input(sd);
      PromotionDecision d = engine.decide(in);
      SiteDeploymentStatus written = PromotionScenario.write(sd, d, in);

      assertThat(d.events().stream().flatMap(e -> e.entry().stream()).filter(History::isPeriod))
          .as("at most one transition per decision: %s", d.events())
          .hasSizeLessThanOrEqualTo(1);
      assertThat(d.promoting().orElseThrow().status() == ConditionStatus.True)
          .as("Promoting is True exactly while a promotion is pending: %s", d)
          .isEqualTo(d.pendingPromotion().isPresent());
      assertThat(written.pendingPromotion())
          .isEqualTo(d.pendingPromotion().map(PendingPromotion::statusText).orElse(null));
      if (d.phase().stage() != null) {
        assertThat(d.activeModel()).as("live without an active model: %s", d).isPresent();
      }
      assertThat(d.history()).hasSizeLessThanOrEqualTo(PromotionDecision.HISTORY_LIMIT);

      if (d.events().isEmpty()) {
        // a steady decision is a fixed point: deciding again on what it wrote changes nothing
        PromotionDecision again = engine.decide(scenario.input(sd));
        assertThat(again.events()).as("events after a steady decision").isEmpty();
        assertThat(PromotionScenario.write(sd, again, in)).isEqualTo(written);
      }
      d.events().stream()
          .flatMap(e -> e.entry().stream())
          .map(HistoryEntry::reason)
          .forEach(r -> Statistics.label("transition").collect(r.name()));
    }
    Statistics.label("transition")
        .coverage(
            c -> {
              for (String reason :
                  List.of(
                      "Activated",
                      "StagePromoted",
                      "VersionPromoted",
                      "RolledBackKpi",
                      "RolledBackModelLoad")) {
                c.check(reason).count(n -> n > 0);
              }
            });
  }
}
