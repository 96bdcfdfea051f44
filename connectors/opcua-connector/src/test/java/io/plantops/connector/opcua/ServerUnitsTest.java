package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.SignalRefusal;
import io.plantops.contract.units.UneceUnits;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.EngineeringUnit;
import io.plantops.simulator.ExampleMappings;
import io.plantops.simulator.TagSpec;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The node's EngineeringUnits against the mapping's unit, at subscribe time. */
class ServerUnitsTest {

  private static SignalMapping feed(String unit, double scale, double offset) {
    return new SignalMapping(
        "kiln.feed.rate",
        "ns=3;i=2001",
        unit,
        "t/h",
        scale,
        offset,
        1000,
        false,
        null,
        "joliet-kiln2");
  }

  private static EUInformation eu(String code, String display) {
    return new EUInformation(
        UneceUnits.NAMESPACE_URI,
        UneceUnits.unitId(code),
        LocalizedText.english(display),
        LocalizedText.english(display));
  }

  @Test
  void takesTheMappingsUnitWhenTheServerGivesNone() {
    assertThat(ServerUnits.verdict(feed("t/h", 1, 0), null))
        .isInstanceOfSatisfying(
            ServerUnits.Verdict.Accept.class,
            a -> assertThat(a.note()).contains("no EngineeringUnits"));
  }

  @Test
  void takesTheMappingsUnitWhenTheCatalogueDoesNotKnowTheServersUnit() {
    EUInformation unknown =
        new EUInformation(
            UneceUnits.NAMESPACE_URI,
            -1,
            LocalizedText.english("furlongs/fortnight"),
            LocalizedText.english("?"));
    assertThat(ServerUnits.verdict(feed("t/h", 1, 0), unknown))
        .isInstanceOfSatisfying(
            ServerUnits.Verdict.Accept.class,
            a -> assertThat(a.note()).contains("unknown unit 'furlongs/fortnight'"));
  }

  @Test
  void acceptsTheSameUnitFoundByUnitId() {
    assertThat(ServerUnits.verdict(feed("t/h", 1, 0), eu("E18", "garbled display")))
        .isEqualTo(new ServerUnits.Verdict.Accept(null));
  }

  @Test
  void convertsShortTonsPerHourWithTheCatalogueWhenTheMappingSaysTonnes() {
    ServerUnits.Verdict v = ServerUnits.verdict(feed("t/h", 1, 0), eu("4W", "ton (US) /h"));
    assertThat(v)
        .isInstanceOfSatisfying(
            ServerUnits.Verdict.Convert.class,
            c -> {
              assertThat(c.rawToCanonical().factor()).isCloseTo(0.90718474, within(1e-12));
              assertThat(c.rawToCanonical().offset()).isZero();
              assertThat(c.note()).contains("'st/h'").contains("the catalogue converts");
              assertThat(c.rawUnit()).isEqualTo("st/h");
            });
  }

  @Test
  void acceptsAScaleThatIsExactlyTheCataloguesConversion() {
    // as Joliet's O2 register: per mille on the server, % with scale 0.1 in the TagMapping
    // the raw values are then in the server's unit, which the audit log names
    assertThat(ServerUnits.verdict(feed("t/h", 0.90718474, 0), eu("4W", "ton (US) /h")))
        .isEqualTo(new ServerUnits.Verdict.Accept("st/h", null));
  }

  @Test
  void refusesAUnitOfAnotherDimension() {
    assertThat(ServerUnits.verdict(feed("t/h", 1, 0), eu("CEL", "°C")))
        .isInstanceOfSatisfying(
            ServerUnits.Verdict.Refuse.class,
            r -> {
              assertThat(r.reason()).isEqualTo(SignalRefusal.UnitMismatch);
              assertThat(r.why()).contains("'°C'").contains("'t/h'").contains("do not convert");
            });
  }

  @Test
  void refusesAScaleThatIsNeitherNoneNorTheCataloguesConversion() {
    assertThat(ServerUnits.verdict(feed("t/h", 0.5, 0), eu("4W", "ton (US) /h")))
        .isInstanceOfSatisfying(
            ServerUnits.Verdict.Refuse.class,
            r -> {
              assertThat(r.reason()).isEqualTo(SignalRefusal.UnitAmbiguous);
              assertThat(r.why()).contains("Set the entry's unit to 'st/h'");
            });
  }

  /** The example TagMappings, as the simulator's dialects report their units, all run as mapped. */
  @ParameterizedTest
  @ValueSource(strings = {"lyon", "joliet"})
  void acceptsEveryExampleMappingAsItsSimulatedServerReportsIt(String plant) {
    Dialect dialect = Dialect.named(plant);
    for (ExampleMappings.Entry e : ExampleMappings.of(plant)) {
      TagSpec tag = dialect.tagByNodeId(e.nodeId()).orElseThrow();
      EngineeringUnit unit = EngineeringUnit.forSymbol(tag.euSymbol()).orElseThrow();
      EUInformation info =
          new EUInformation(
              EngineeringUnit.UNECE_NAMESPACE,
              unit.unitId(),
              LocalizedText.english(unit.displayName()),
              LocalizedText.english(unit.description()));
      SignalMapping m =
          new SignalMapping(
              e.signal(),
              e.nodeId(),
              e.unit(),
              tag.point().canonicalUnit(),
              e.scale(),
              e.offset(),
              e.samplingIntervalMs(),
              e.readWrite());
      // accepted as mapped; where a scale converts from the server's unit, the raw values are in
      // that unit (the catalogue's symbol for it, as the test above checks for st/h)
      boolean scaled = e.scale() != 1.0 || e.offset() != 0.0;
      assertThat(ServerUnits.verdict(m, info))
          .as(e.toString())
          .isInstanceOfSatisfying(
              ServerUnits.Verdict.Accept.class,
              a -> {
                assertThat(a.note()).isNull();
                assertThat(a.rawUnit() != null)
                    .as(e + " raw unit " + a.rawUnit())
                    .isEqualTo(scaled);
              });
    }
  }
}
