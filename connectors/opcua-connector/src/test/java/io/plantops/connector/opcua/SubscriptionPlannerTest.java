package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.connector.opcua.SubscriptionPlanner.Item;
import io.plantops.connector.opcua.SubscriptionPlanner.Limits;
import io.plantops.connector.opcua.SubscriptionPlanner.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubscriptionPlannerTest {

  private static List<Item> items(int n, int samplingMs, int firstIndex) {
    return IntStream.range(firstIndex, firstIndex + n)
        .mapToObj(i -> new Item(i, samplingMs))
        .toList();
  }

  @Test
  void keepsEveryCallAndSubscriptionWithinTheAdvertisedLimits() {
    List<Item> all = new ArrayList<>(items(25, 1000, 0));
    all.addAll(items(4, 60_000, 25));
    Plan plan = SubscriptionPlanner.plan(all, new Limits(4, 10, 0));
    assertThat(plan.unplanned()).isEmpty();
    assertThat(plan.subscriptions()).allSatisfy(s -> assertThat(s.size()).isLessThanOrEqualTo(10));
    assertThat(plan.subscriptions())
        .flatExtracting(s -> s.calls())
        .allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(4));
    assertThat(plan.subscriptions().stream().mapToInt(s -> s.size()).sum()).isEqualTo(29);
    // 25 fast items in 3 subscriptions at 1 s, the slow ones in their own
    assertThat(plan.subscriptions())
        .extracting(s -> s.publishingIntervalMs())
        .containsExactly(1000.0, 1000.0, 1000.0, 1000.0);
    assertThat(plan.subscriptions()).hasSize(4);
  }

  @Test
  void packsAcrossIntervalsWhenTheSessionAllowsFewSubscriptions() {
    List<Item> all = new ArrayList<>(items(5, 100, 0));
    all.addAll(items(5, 5000, 5));
    Plan plan = SubscriptionPlanner.plan(all, new Limits(0, 6, 2));
    assertThat(plan.subscriptions()).hasSize(2);
    assertThat(plan.unplanned()).isEmpty();
    assertThat(plan.subscriptions().get(0).publishingIntervalMs()).isEqualTo(100.0);
  }

  @Test
  void reportsWhatDoesNotFitInsteadOfFailingTheRest() {
    Plan plan = SubscriptionPlanner.plan(items(10, 1000, 0), new Limits(0, 3, 2));
    assertThat(plan.subscriptions()).hasSize(2);
    assertThat(plan.unplanned()).containsExactly(6, 7, 8, 9);
  }

  @Test
  void usesModestCallsWhenTheServerAdvertisesNoLimit() {
    Plan plan = SubscriptionPlanner.plan(items(2500, 1000, 0), new Limits(0, 0, 0));
    assertThat(plan.subscriptions()).hasSize(1);
    assertThat(plan.subscriptions().get(0).calls()).hasSize(3);
    assertThat(plan.perCall()).isEqualTo(SubscriptionPlanner.DEFAULT_MAX_PER_CALL);
  }
}
