package io.plantops.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Calibration;
import io.plantops.api.v1alpha1.Range;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibrationCheckTest {

  static final UseCaseTemplateSpec TEMPLATE =
      TemplateValidatorTest.kiln(
          List.of(TemplateValidatorTest.model("1.0.0", "a".repeat(64), List.of())));

  @Test
  void acceptsLimitsThatTightenTheTemplatesLimits() {
    assertThat(
            CalibrationCheck.check(
                new Calibration(
                    Map.of("fuel_setpoint", new Range(6.0, 18.0)),
                    Map.of("fuel_setpoint", -0.1),
                    null),
                TEMPLATE))
        .isEmpty();
    // one bound only: the other is the template's
    assertThat(
            CalibrationCheck.check(
                new Calibration(Map.of("fuel_setpoint", new Range(null, 18.0)), null, null),
                TEMPLATE))
        .isEmpty();
  }

  @Test
  void refusesLimitsOutsideTheTemplatesAndKeysThatNameNothing() {
    List<String> problems =
        CalibrationCheck.check(
            new Calibration(
                Map.of("fuel_setpoint", new Range(2.0, 18.0), "coal_setpoint", new Range(1.0, 2.0)),
                Map.of("air_setpoint", 1.0),
                Map.of("shc", 3450.0)),
            TEMPLATE);
    assertThat(problems)
        .containsExactly(
            "spec.calibration.limits.coal_setpoint: the template has no output coal_setpoint; use one of [fuel_setpoint]",
            "spec.calibration.limits.fuel_setpoint: [2.0, 18.0] t/h is not inside the template's limits [4.0, 20.0] t/h; a plant may only tighten them",
            "spec.calibration.bias.air_setpoint: the template has no output air_setpoint; use one of [fuel_setpoint]",
            "spec.calibration.kpiBaselines.shc: the template has no KPI shc; use one of []");
  }
}
