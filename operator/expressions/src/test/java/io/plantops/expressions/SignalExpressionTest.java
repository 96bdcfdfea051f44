package io.plantops.expressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignalExpressionTest {

  private static final List<String> KILN =
      List.of("kiln.fuel.rate", "kiln.clinker.rate", "clinker.free_lime.lab", "kiln.feed.rate");

  @Test
  void evaluatesSpecificHeatConsumptionOverDottedSignalNames() throws Exception {
    SignalExpression e =
        SignalExpression.compile("kiln.fuel.rate * 30000.0 / kiln.clinker.rate", KILN);
    assertThat(e.signals()).containsExactlyInAnyOrder("kiln.fuel.rate", "kiln.clinker.rate");
    assertThat(e.evaluate(Map.of("kiln.fuel.rate", 11.5, "kiln.clinker.rate", 100.0)))
        .isCloseTo(3450.0, within(1e-9));
  }

  @Test
  void evaluatesAConditionalIndicator() throws Exception {
    SignalExpression e =
        SignalExpression.compile("clinker.free_lime.lab > 2.0 ? 100.0 : 0.0", KILN);
    assertThat(e.evaluate(Map.of("clinker.free_lime.lab", 2.4))).isEqualTo(100.0);
    assertThat(e.evaluate(Map.of("clinker.free_lime.lab", 1.1))).isEqualTo(0.0);
  }

  @Test
  void rejectsAnUndeclaredSignalNamingIt() {
    assertThatThrownBy(() -> SignalExpression.compile("kiln.fuel.rat * 2.0", KILN))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("'kiln.fuel.rat * 2.0' does not compile")
        .hasMessageContaining("undeclared reference");
  }

  @Test
  void explainsIntAndDoubleMixing() {
    assertThatThrownBy(() -> SignalExpression.compile("kiln.fuel.rate * 2", KILN))
        .hasMessageContaining("write numbers as 2.0");
  }

  @Test
  void rejectsANonNumericResult() {
    assertThatThrownBy(() -> SignalExpression.compile("kiln.fuel.rate > 2.0", KILN))
        .isInstanceOf(ExpressionException.class);
  }

  @Test
  void refusesADivisionByAZeroRate() throws Exception {
    SignalExpression e =
        SignalExpression.compile("kiln.fuel.rate * 30000.0 / kiln.clinker.rate", KILN);
    assertThatThrownBy(() -> e.evaluate(Map.of("kiln.fuel.rate", 11.5, "kiln.clinker.rate", 0.0)))
        .hasMessageContaining("division by zero");
  }

  @Test
  void refusesAMissingValueNamingTheSignal() throws Exception {
    SignalExpression e =
        SignalExpression.compile("kiln.fuel.rate * 30000.0 / kiln.clinker.rate", KILN);
    assertThatThrownBy(() -> e.evaluate(Map.of("kiln.fuel.rate", 11.5)))
        .hasMessageContaining("no finite value for kiln.clinker.rate");
  }
}
