package io.plantops.expressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GateConditionTest {

  private static GateFacts facts(Map<String, Double> kpis) {
    return new GateFacts(7300, 7300.0, 0.2, null, 0.04, "Ok", kpis);
  }

  @Test
  void passesWhenEveryFactHolds() throws Exception {
    GateCondition c =
        GateCondition.compile(
            "samples >= 7200 && kpiChangePercent.specific_heat_consumption <= -0.5");
    assertThat(c.test(facts(Map.of("specific_heat_consumption", -1.7)))).isTrue();
    assertThat(c.test(facts(Map.of("specific_heat_consumption", -0.1)))).isFalse();
  }

  @Test
  void failsToEvaluateWhenAKpiHasNoValueYet() throws Exception {
    GateCondition c = GateCondition.compile("kpiChangePercent.specific_heat_consumption < 0.0");
    assertThatThrownBy(() -> c.test(facts(Map.of())))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("cannot be evaluated");
  }

  @Test
  void failsToEvaluateWhenAnAbsentFactIsUsed() throws Exception {
    GateCondition c = GateCondition.compile("meanAbsError < 0.4");
    assertThatThrownBy(() -> c.test(facts(Map.of()))).isInstanceOf(ExpressionException.class);
  }

  @Test
  void rejectsAConditionThatIsNotBoolean() {
    assertThatThrownBy(() -> GateCondition.compile("samples + 1"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("does not compile");
  }

  @Test
  void readsDriftStatusAsAString() throws Exception {
    assertThat(GateCondition.compile("driftStatus != 'Alert'").test(facts(Map.of()))).isTrue();
  }
}
