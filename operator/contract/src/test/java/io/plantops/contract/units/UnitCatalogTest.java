package io.plantops.contract.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitCatalogTest {

  @Test
  void convertsKilogramsPerMinuteToTonnesPerHour() {
    LinearConversion c = UnitCatalog.conversion("kg/min", "t/h");
    assertThat(c.apply(1000.0)).isCloseTo(60.0, within(1e-9));
  }

  @Test
  void convertsFahrenheitToCelsiusWithOffset() {
    LinearConversion c = UnitCatalog.conversion("degF", "°C");
    assertThat(c.apply(32.0)).isCloseTo(0.0, within(1e-9));
    assertThat(c.apply(2642.0)).isCloseTo(1450.0, within(1e-9));
    assertThat(c.inverse().apply(1450.0)).isCloseTo(2642.0, within(1e-9));
  }

  @Test
  void convertsEnergyPerMass() {
    assertThat(UnitCatalog.conversion("kcal/kg", "kJ/kg").apply(800.0))
        .isCloseTo(3349.44, within(1e-6));
    assertThat(UnitCatalog.conversion("MJ/t", "kJ/kg").apply(3400.0))
        .isCloseTo(3400.0, within(1e-9));
  }

  @Test
  void convertsRotationAndPressure() {
    assertThat(UnitCatalog.conversion("rpm", "Hz").apply(60.0)).isCloseTo(1.0, within(1e-12));
    assertThat(UnitCatalog.conversion("mbar", "mmH2O").apply(1.0)).isCloseTo(10.197, within(1e-3));
  }

  @Test
  void rejectsIncompatibleDimensionsNamingBoth() {
    assertThatThrownBy(() -> UnitCatalog.conversion("t/h", "°C"))
        .isInstanceOf(UnitException.class)
        .hasMessageContaining("cannot convert t/h")
        .hasMessageContaining("°C")
        .hasMessageContaining("dimensions differ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"furlongs", "t/hh", "kg//min", "", "deg C"})
  void rejectsUnknownUnitsWithTheCatalog(String unit) {
    assertThatThrownBy(() -> UnitCatalog.parse(unit))
        .isInstanceOf(UnitException.class)
        .hasMessageContaining("unit");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "t/h", "kg/h", "kg/min", "kg/s", "°C", "degC", "°F", "degF", "K", "%", "1", "ppm", "rpm",
        "kJ/kg", "MJ/t", "kcal/kg", "kW", "MW", "bar", "mbar", "mmH2O", "Nm3/h", "m3/h", "mg/Nm3",
        "A", "kWh/t", "m^3/h"
      })
  void acceptsTheCatalogSymbolsAndCompounds(String unit) {
    assertThat(UnitCatalog.isValid(unit)).as(unit).isTrue();
  }

  @Test
  void percentIsDimensionlessAndConvertsToOne() {
    assertThat(UnitCatalog.conversion("%", "1").apply(50.0)).isCloseTo(0.5, within(1e-12));
  }
}
