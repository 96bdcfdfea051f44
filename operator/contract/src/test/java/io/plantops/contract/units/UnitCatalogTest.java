package io.plantops.contract.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
  @ValueSource(strings = {"furlongs", "t/hh", "kg//min", "", "deg C", "t/a", "T/h", "kN", "cm"})
  void rejectsUnknownUnitsWithTheCatalog(String unit) {
    assertThatThrownBy(() -> UnitCatalog.parse(unit))
        .isInstanceOf(UnitException.class)
        .hasMessageContaining("unit");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "t/h",
        "kg/h",
        "kg/min",
        "kg/s",
        "°C",
        "degC",
        "°F",
        "degF",
        "K",
        "%",
        "1",
        "ppm",
        "rpm",
        "kJ/kg",
        "MJ/t",
        "kcal/kg",
        "kW",
        "MW",
        "bar",
        "mbar",
        "mmH2O",
        "Nm3/h",
        "m3/h",
        "mg/Nm3",
        "A",
        "kWh/t",
        "m^3/h",
        "st/h",
        "lt/h",
        "klb/h",
        "gal/min",
        "bbl/d",
        "SCFM",
        "MMBtu/h",
        "BTU/lb",
        "psia",
        "psig",
        "inH2O",
        "inHg",
        "°R",
        "degR",
        "hp",
        "permille",
        "ft3/min"
      })
  void acceptsTheCatalogSymbolsAndCompounds(String unit) {
    assertThat(UnitCatalog.isValid(unit)).as(unit).isTrue();
  }

  /** Exact definitions: NIST SP 811 Appendix B, the 1959 international yard and pound. */
  @ParameterizedTest(name = "{0} {1} = {3} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1 | st/h    | t/h   | 0.90718474",
        "1 | lt/d    | t/d   | 1.0160469088",
        "1 | klb/h   | t/h   | 0.45359237",
        "1 | lb/min  | kg/h  | 27.2155422",
        "1 | gal/min | m3/h  | 0.22712470704",
        "1 | galUK/h | L/min | 0.0757681666666667",
        "1 | bbl/h   | m3/h  | 0.158987294928",
        "1 | SCFM    | m3/h  | 1.69901079552",
        "1 | scf/min | SCFM  | 1",
        "1 | ft3/d   | m3/d  | 0.028316846592",
        "1 | psi     | kPa   | 6.894757293168361",
        "1 | psig    | bar   | 0.06894757293168361",
        "1 | psia    | psi   | 1",
        "1 | inH2O   | Pa    | 249.08891",
        "1 | inHg    | kPa   | 3.386388640341",
        "1 | mmHg    | Pa    | 133.322387415",
        "1 | atm     | bar   | 1.01325",
        "1 | BTU     | kJ    | 1.05505585262",
        "1 | MMBtu/h | MW    | 0.29307107017222",
        "1 | BTU/lb  | kJ/kg | 2.326",
        "1 | kcal/kg | BTU/lb | 1.8",
        "1 | hp      | kW    | 0.74569987158227022",
        "1 | MWh     | GJ    | 3.6",
        "1 | ft      | m     | 0.3048",
        "1 | in      | mm    | 25.4",
        "1 | permille | %    | 0.1",
      })
  void convertsUsCustomaryAndImperialUnitsExactly(
      double value, String from, String to, double expected) {
    assertThat(UnitCatalog.conversion(from, to).apply(value))
        .isCloseTo(expected, within(Math.abs(expected) * 1e-12));
  }

  @Test
  void convertsRankineAndFahrenheitWithTheirZeros() {
    assertThat(UnitCatalog.conversion("°R", "K").apply(491.67)).isCloseTo(273.15, within(1e-9));
    assertThat(UnitCatalog.conversion("degF", "degR").apply(32.0)).isCloseTo(491.67, within(1e-9));
    assertThat(UnitCatalog.conversion("°F", "°C").apply(-40.0)).isCloseTo(-40.0, within(1e-9));
  }

  @Test
  void percentIsDimensionlessAndConvertsToOne() {
    assertThat(UnitCatalog.conversion("%", "1").apply(50.0)).isCloseTo(0.5, within(1e-12));
  }
}
