package io.plantops.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantops.contract.units.LinearConversion;
import io.plantops.contract.units.UnitCatalog;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DialectTest {

  @ParameterizedTest
  @ValueSource(strings = {"lyon", "joliet", "alpena"})
  void everyExampleMappingMatchesATagOfTheDialect(String plant) {
    Dialect dialect = Dialect.named(plant);
    for (ExampleMappings.Entry m : ExampleMappings.of(plant)) {
      TagSpec tag =
          dialect
              .tagByNodeId(m.nodeId())
              .orElseThrow(() -> new AssertionError(plant + " has no tag " + m.nodeId()));
      assertThat(tag.point().canonicalName()).as(m.nodeId()).isEqualTo(m.signal());
      assertThat(tag.siteUnit()).as(m.nodeId()).isEqualTo(m.unit());
      assertThat(tag.scale()).as(m.nodeId()).isEqualTo(m.scale());
      assertThat(tag.offset()).as(m.nodeId()).isEqualTo(m.offset());
      assertThat(tag.samplingIntervalMs()).as(m.nodeId()).isEqualTo(m.samplingIntervalMs());
      assertThat(tag.writable()).as(m.nodeId()).isEqualTo(m.readWrite());
      // the unit the server advertises converts raw values exactly as the plant's mapping does
      EngineeringUnit eu = EngineeringUnit.forSymbol(tag.euSymbol()).orElseThrow();
      String canonical = tag.point().canonicalUnit();
      LinearConversion advertised = UnitCatalog.conversion(eu.catalogUnit(), canonical);
      LinearConversion mapped =
          UnitCatalog.conversion(m.unit(), canonical).afterScaling(m.scale(), m.offset());
      assertThat(advertised.factor()).as(m.nodeId()).isCloseTo(mapped.factor(), within(1e-12));
      assertThat(advertised.offset()).as(m.nodeId()).isCloseTo(mapped.offset(), within(1e-9));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lyon", "joliet", "alpena"})
  void nodeIdsAreUniqueAndInTheTagNamespace(String plant) {
    Dialect dialect = Dialect.named(plant);
    assertThat(dialect.tags().stream().map(TagSpec::nodeId).collect(Collectors.toSet()))
        .hasSize(dialect.tags().size());
    assertThat(dialect.tags())
        .allSatisfy(
            t -> assertThat(t.nodeId()).startsWith("ns=" + dialect.tagNamespaceIndex() + ";"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lyon", "joliet", "alpena"})
  void displayTagsAreNoPointAndShareNoNodeIdWithOne(String plant) {
    Dialect dialect = Dialect.named(plant);
    assertThat(dialect.displays())
        .allSatisfy(
            d -> {
              assertThat(dialect.tagByNodeId(d.nodeId())).as(d.nodeId()).isEmpty();
              assertThat(d.nodeId()).startsWith("ns=" + dialect.tagNamespaceIndex() + ";");
            });
    assertThat(dialect.displays().stream().map(DisplayTag::nodeId).distinct())
        .hasSize(dialect.displays().size());
  }

  @org.junit.jupiter.api.Test
  void lyonsAdviceFaceplateHasAReasonsTextAndAHeartbeat() {
    assertThat(Dialect.lyon().displays())
        .extracting(DisplayTag::nodeId, DisplayTag::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "ns=2;s=LYN.K1.COAL.FLOW.ADV.TXT", DisplayTag.Type.STRING),
            org.assertj.core.groups.Tuple.tuple(
                "ns=2;s=LYN.K1.COAL.FLOW.ADV.HB", DisplayTag.Type.DATE_TIME));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lyon", "joliet", "alpena"})
  void rawConversionRoundTripsAndPlantValuesFallInsideEuRange(String plant) {
    Dialect dialect = Dialect.named(plant);
    var nominal =
        java.util.Map.of(
            Point.FEED_RATE, 160.0,
            Point.BURNING_ZONE_TEMPERATURE, 1480.0,
            Point.INLET_O2, 3.0,
            Point.FUEL_SETPOINT, 11.5,
            Point.CLINKER_RATE, 100.0,
            Point.RAW_MEAL_LSF, 95.0,
            Point.DRIVE_POWER, 620.0);
    nominal.forEach(
        (point, canonical) -> {
          TagSpec tag = dialect.tag(point).orElseThrow();
          double raw = tag.canonicalToRaw().apply(canonical);
          assertThat(tag.rawToCanonical().apply(raw)).isCloseTo(canonical, within(1e-9));
          assertThat(raw).as(tag.browseName()).isBetween(tag.euLow(), tag.euHigh());
        });
  }

  @org.junit.jupiter.api.Test
  void jolietSpeaksUsUnitsAndARegisterInTenthsOfAPercent() {
    Dialect joliet = Dialect.joliet();
    assertThat(
            joliet.tag(Point.BURNING_ZONE_TEMPERATURE).orElseThrow().canonicalToRaw().apply(1480))
        .isCloseTo(2696.0, within(0.01));
    TagSpec o2 = joliet.tag(Point.INLET_O2).orElseThrow();
    assertThat(o2.type()).isEqualTo(ValueType.INT32);
    assertThat(o2.canonicalToRaw().apply(3.2)).isCloseTo(32.0, within(1e-9));
    assertThat(joliet.tag(Point.RAW_MEAL_LSF).orElseThrow().canonicalToRaw().apply(95.0))
        .isCloseTo(0.95, within(1e-12));
    assertThat(joliet.tag(Point.CLINKER_RATE).orElseThrow().canonicalToRaw().apply(100.0))
        .isCloseTo(2400.0, within(1e-9));
  }

  @org.junit.jupiter.api.Test
  void advertisesTheContractsUneceRows() {
    // OPC UA Part 8 §5.6.3: "CEL" -> 0x43454C
    assertThat(EngineeringUnit.forSymbol("°C")).map(EngineeringUnit::unitId).contains(0x43454C);
    assertThat(EngineeringUnit.forSymbol("degF")).map(EngineeringUnit::displayName).contains("°F");
    assertThat(EngineeringUnit.forSymbol("‰"))
        .map(EngineeringUnit::catalogUnit)
        .contains("permille");
    assertThat(EngineeringUnit.forSymbol("st/h"))
        .map(EngineeringUnit::displayName)
        .contains("ton (US) /h");
    assertThat(EngineeringUnit.forSymbol("furlong/fortnight")).isEmpty();
  }
}
