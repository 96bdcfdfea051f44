package io.plantops.contract.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.plantops.contract.units.UneceUnits.UneceUnit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class UneceUnitsTest {

  @Test
  void everyRowPacksItsCodeAsPartEightSays() {
    for (UneceUnit u : UneceUnits.all()) {
      assertThat(UneceUnits.unitId(u.code())).as(u.code()).isEqualTo(u.unitId());
      assertThat(UneceUnits.code(u.unitId())).as(u.code()).contains(u.code());
    }
    // OPC UA Part 8 §5.6.3: "CEL" -> 0x43454C; a two-character code leaves the high bytes 0
    assertThat(UneceUnits.unitId("CEL")).isEqualTo(0x43454C);
    assertThat(UneceUnits.unitId("4W")).isEqualTo(0x3457);
  }

  @Test
  void everyRowIsACatalogueExpressionAndEveryCodeIsListedOnce() {
    Map<String, UneceUnit> byCode = new HashMap<>();
    for (UneceUnit u : UneceUnits.all()) {
      assertThat(UnitCatalog.isValid(u.expression())).as(u.code()).isTrue();
      assertThat(byCode.put(u.code(), u)).as("second row for " + u.code()).isNull();
    }
  }

  @Test
  void rowsThatShareADisplayNameMeanTheSameUnit() {
    Map<String, String> byDisplay = new HashMap<>();
    for (UneceUnit u : UneceUnits.all()) {
      String other = byDisplay.putIfAbsent(u.displayName(), u.expression());
      if (other != null) {
        assertThat(UnitCatalog.conversion(u.expression(), other).isIdentity())
            .as(u.displayName())
            .isTrue();
      }
    }
  }

  @Test
  void theCodesOfTheUnitsPlantsUseAreThere() {
    assertThat(UneceUnits.byCode("4W")).map(UneceUnit::expression).contains("st/h");
    assertThat(UneceUnits.byCode("STN")).map(UneceUnit::expression).contains("st");
    assertThat(UneceUnits.byCode("PS")).map(UneceUnit::expression).contains("psi");
    assertThat(UneceUnits.byCode("F78")).map(UneceUnit::expression).contains("inH2O");
    assertThat(UneceUnits.byCode("A48")).map(UneceUnit::expression).contains("°R");
    assertThat(UneceUnits.byCode("BTU")).map(UneceUnit::expression).contains("BTU");
    assertThat(UneceUnits.byCode("G2")).map(UneceUnit::expression).contains("gal/min");
    assertThat(UneceUnits.byCode("BHP")).map(UneceUnit::expression).contains("hp");
  }

  @Test
  void resolvesByUnitIdFirst() {
    UneceUnits.Resolution r =
        UneceUnits.resolve(UneceUnits.NAMESPACE_URI, UneceUnits.unitId("4W"), "t/h");
    assertThat(r.unit()).contains("st/h");
    assertThat(r.via()).isEqualTo("unitId 13399 (UNECE 4W)");
    // many servers leave the namespace empty
    assertThat(UneceUnits.resolve("", UneceUnits.unitId("E18"), "").unit()).contains("t/h");
  }

  @Test
  void resolvesByDisplayNameWhenTheUnitIdSaysNothing() {
    assertThat(UneceUnits.resolve(null, UneceUnits.NO_UNIT_ID, "‰").unit()).contains("permille");
    assertThat(UneceUnits.resolve(null, -1, "ton (US) /h").unit()).contains("st/h");
    assertThat(UneceUnits.resolve(null, 0, " psig ").unit()).contains("psig");
    UneceUnits.Resolution r = UneceUnits.resolve(null, -1, "st/h");
    assertThat(r.unit()).contains("st/h");
    assertThat(r.via()).isEqualTo("display name 'st/h'");
    // a vendor's own unitId is not a UNECE code, whatever its bytes spell
    assertThat(UneceUnits.resolve("urn:vendor:units", UneceUnits.unitId("CEL"), "degF").unit())
        .contains("degF");
  }

  @Test
  void neverGuessesAUnitItCannotResolve() {
    int kcalMean = UneceUnits.unitId("K51");
    UneceUnits.Resolution r = UneceUnits.resolve(UneceUnits.NAMESPACE_URI, kcalMean, "kcal (mean)");
    assertThat(r.resolved()).isFalse();
    assertThat(r.unit()).isEmpty();
    assertThat(r.via()).isEqualTo("unknown unit 'kcal (mean)' (unitId 4928817)");
    assertThat(UneceUnits.resolve(null, -1, null).via()).isEqualTo("unknown unit '' (unitId -1)");
  }

  @Test
  void findsTheCodeOfAnotherSpellingOfTheSameUnit() {
    assertThat(UneceUnits.forUnit("degF")).map(UneceUnit::code).contains("FAH");
    assertThat(UneceUnits.forUnit("t/h")).map(UneceUnit::code).contains("E18");
    assertThat(UneceUnits.forUnit("rpm")).map(UneceUnit::code).contains("RPM");
    assertThat(UneceUnits.forUnit("kWh/t")).isEmpty();
  }

  @Test
  void refusesWhatIsNotACommonCode() {
    assertThatThrownBy(() -> UneceUnits.unitId("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UneceUnits.unitId("ABCDE"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(UneceUnits.code(-1)).isEmpty();
    assertThat(UneceUnits.code(0x00410A)).isEmpty();
  }

  @Test
  void aResolvedCodeConvertsThroughTheCatalogue() {
    String unit = UneceUnits.resolve(null, UneceUnits.unitId("4W"), "").unit().orElseThrow();
    assertThat(UnitCatalog.conversion(unit, "t/h").apply(100.0)).isCloseTo(90.718474, within(1e-9));
  }

  /**
   * Compares every row with the OPC Foundation's UNECE_to_OPCUA.csv (UA-Nodeset, Schema/). The file
   * is not part of this repository; run with {@code -Dplantops.uneceCsv=/path/to/file.csv}.
   */
  @Test
  @EnabledIfSystemProperty(named = "plantops.uneceCsv", matches = ".+")
  void everyRowMatchesTheOpcFoundationsTable() throws IOException {
    Map<String, List<String>> csv = new HashMap<>();
    List<String> lines =
        Files.readAllLines(
            Path.of(System.getProperty("plantops.uneceCsv")), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      List<String> fields = fields(line);
      csv.putIfAbsent(fields.get(0), fields);
    }
    for (UneceUnit u : UneceUnits.all()) {
      List<String> row = csv.get(u.code());
      assertThat(row).as(u.code()).isNotNull();
      assertThat(Integer.parseInt(row.get(1))).as(u.code()).isEqualTo(u.unitId());
      assertThat(row.get(2)).as(u.code()).isEqualTo(u.displayName());
      assertThat(row.get(3)).as(u.code()).isEqualTo(u.description());
    }
  }

  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        f.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(f.toString());
        f.setLength(0);
      } else if (c != '\uFEFF') {
        f.append(c);
      }
    }
    fields.add(f.toString());
    return fields;
  }
}
