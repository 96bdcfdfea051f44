package io.plantops.connector.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantops.contract.template.TemplateView;
import io.plantops.contract.units.UneceUnits;
import io.plantops.contract.units.UnitCatalog;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.junit.jupiter.api.Test;

/** The suggester writes the unit the server reports, or says it does not know it. */
class SuggesterTest {

  private static final String TEMPLATE =
      """
      apiVersion: plantops.io/v1alpha1
      kind: UseCaseTemplate
      metadata: {name: feed-only}
      spec:
        inputs:
        - signal: kiln.feed.rate
          description: Raw meal feed to the kiln inlet.
          unit: t/h
          validRange: {min: 0, max: 400}
        outputs: []
      """;

  private static BrowsedVariable feed(Object engineeringUnits, double raw, double euHigh) {
    AddressSpaceBrowser.UnitColumns u = AddressSpaceBrowser.UnitColumns.of(engineeringUnits);
    return new BrowsedVariable(
        "ns=3;i=2001",
        "/Kiln2/KILN_FEED",
        "KILN_FEED",
        "Kiln feed rate",
        "Float",
        false,
        u.engineeringUnits(),
        u.unitId(),
        u.uneceCode(),
        u.unit(),
        u.unitSource(),
        0.0,
        euHigh,
        raw,
        2000.0);
  }

  private static EUInformation eu(String code, String display) {
    return new EUInformation(
        UneceUnits.NAMESPACE_URI,
        UneceUnits.unitId(code),
        LocalizedText.english(display),
        LocalizedText.english(display));
  }

  private static Suggestion suggest(BrowsedVariable v) throws Exception {
    return Suggester.suggest(TemplateView.parse(TEMPLATE), List.of(v));
  }

  @Test
  void writesShortTonsPerHourAndLetsTheCatalogueConvert() throws Exception {
    // 160 t/h read as short tons per hour
    Suggestion s = suggest(feed(eu("4W", "ton (US) /h"), 176.37, 440));
    Suggestion.Mapping m = s.mappings().get(0);
    assertThat(m.unit()).isEqualTo("st/h");
    assertThat(m.unitProblem()).isNull();
    assertThat(UnitCatalog.conversion(m.unit(), "t/h").factor())
        .isCloseTo(0.90718474, within(1e-15));
    assertThat(m.reasons())
        .anySatisfy(
            r ->
                assertThat(r)
                    .isEqualTo(
                        "unit: st/h (from unitId 13399 (UNECE 4W)) converts to t/h"
                            + " (x0.90718474)"));
    assertThat(m.reasons()).anySatisfy(r -> assertThat(r).contains("current 160.0 t/h"));
    String draft = TagMappingDraft.render(s, "draft", "plant-x", "x", "test");
    assertThat(draft).contains("    unit: st/h\n").doesNotContain("scale:");
  }

  @Test
  void resolvesByDisplayNameWhenTheServerSendsNoUnitId() throws Exception {
    EUInformation info =
        new EUInformation("", -1, LocalizedText.english("klb/h"), LocalizedText.english(""));
    Suggestion.Mapping m = suggest(feed(info, 352.74, 880)).mappings().get(0);
    assertThat(m.unit()).isEqualTo("klb/h");
    assertThat(m.reasons()).anySatisfy(r -> assertThat(r).contains("display name 'klb/h'"));
  }

  @Test
  void leavesAnUnknownUnitEmptyForThePlantTeamWithLowerConfidence() throws Exception {
    // M89 (tonne per year) is a UNECE code the catalogue does not list; "t/a" is no expression
    Suggestion unknown = suggest(feed(eu("M89", "t/a"), 160, 400));
    Suggestion.Mapping m = unknown.mappings().get(0);
    assertThat(m.unit()).isEmpty();
    assertThat(m.unitProblem()).isEqualTo("unknown unit 't/a' (unitId 5060665)");
    Suggestion.Mapping known = suggest(feed(eu("E18", "t/h"), 160, 400)).mappings().get(0);
    assertThat(m.confidence()).isLessThan(known.confidence());
    String draft = TagMappingDraft.render(unknown, "draft", "plant-x", "x", "test");
    assertThat(draft)
        .contains(
            "    # TO COMPLETE: unknown unit 't/a' (unitId 5060665); write the site unit"
                + " (docs/units.md)\n    unit: \"\"\n");
  }

  @Test
  void neverAssumesTheTemplatesUnitWhenTheServerGivesNone() throws Exception {
    Suggestion.Mapping m = suggest(feed(null, 160, 400)).mappings().get(0);
    assertThat(m.unit()).isEmpty();
    assertThat(m.unitProblem()).isEqualTo("the server gives no EngineeringUnits");
  }

  @Test
  void excludesAVariableWhoseUnitHasAnotherDimension() throws Exception {
    Suggestion s = suggest(feed(eu("CEL", "°C"), 160, 400));
    assertThat(s.mappings()).isEmpty();
    assertThat(s.unmatched())
        .singleElement()
        .extracting(Suggestion.Unmatched::signal)
        .isEqualTo("kiln.feed.rate");
  }

  private static final String FUEL_TEMPLATE =
      """
      apiVersion: plantops.io/v1alpha1
      kind: UseCaseTemplate
      metadata: {name: fuel}
      spec:
        inputs:
        - signal: kiln.fuel.rate
          description: Main burner fuel flow.
          unit: t/h
          validRange: {min: 0, max: 30}
        outputs:
        - name: fuel_setpoint
          signal: kiln.fuel.setpoint
          description: Main burner fuel flow setpoint.
          kind: Setpoint
          unit: t/h
          limits: {min: 4, max: 20}
      """;

  private static BrowsedVariable fuel(String nodeId, String name, boolean writable) {
    AddressSpaceBrowser.UnitColumns u = AddressSpaceBrowser.UnitColumns.of(eu("E18", "t/h"));
    return new BrowsedVariable(
        nodeId,
        "/Kiln2/" + name,
        name,
        "Main burner fuel flow" + (writable ? " setpoint" : ""),
        "Float",
        writable,
        u.engineeringUnits(),
        u.unitId(),
        u.uneceCode(),
        u.unit(),
        u.unitSource(),
        0.0,
        30.0,
        11.0,
        1000.0);
  }

  private static Suggestion suggestFuel(BrowsedVariable... vars) throws Exception {
    return Suggester.suggest(TemplateView.parse(FUEL_TEMPLATE), List.of(vars));
  }

  @Test
  void neverProposesOneNodeForTwoSignals() throws Exception {
    // one writable fuel node only: the setpoint takes it, the input is left for the plant team
    Suggestion s = suggestFuel(fuel("nsu=urn:x;s=FUEL_SP", "FUEL_FLOW_SP", true));
    assertThat(s.mappings())
        .singleElement()
        .extracting(Suggestion.Mapping::signal)
        .isEqualTo("kiln.fuel.setpoint");
    assertThat(s.unmatched())
        .singleElement()
        .extracting(Suggestion.Unmatched::signal)
        .isEqualTo("kiln.fuel.rate");
  }

  @Test
  void givesAnInputTheReadOnlyNodeAndTheSetpointTheWritableOne() throws Exception {
    Suggestion s =
        suggestFuel(
            fuel("nsu=urn:x;s=FUEL_SP", "FUEL_FLOW_SP", true),
            fuel("nsu=urn:x;s=FUEL_PV", "FUEL_FLOW", false));
    assertThat(s.mappings())
        .extracting(Suggestion.Mapping::signal, Suggestion.Mapping::nodeId)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("kiln.fuel.rate", "nsu=urn:x;s=FUEL_PV"),
            org.assertj.core.groups.Tuple.tuple("kiln.fuel.setpoint", "nsu=urn:x;s=FUEL_SP"));
    assertThat(s.mappings()).allSatisfy(m -> assertThat(m.caution()).isNull());
  }

  @Test
  void proposesAWritableNodeForAnInputOnlyWhenNothingElseFitsAndSaysSo() throws Exception {
    Suggestion s =
        Suggester.suggest(
            TemplateView.parse(FUEL_TEMPLATE.substring(0, FUEL_TEMPLATE.indexOf("  outputs:"))),
            List.of(fuel("nsu=urn:x;s=FUEL_SP", "FUEL_FLOW_SP", true)));
    Suggestion.Mapping m = s.mappings().get(0);
    assertThat(m.signal()).isEqualTo("kiln.fuel.rate");
    assertThat(m.readWrite()).isFalse();
    assertThat(m.caution())
        .contains("no read-only variable fits this input signal")
        .contains("check that FUEL_FLOW_SP is a measurement and not a setpoint");
    assertThat(TagMappingDraft.render(s, "draft", "plant-x", "x", "test"))
        .contains("  # CHECK: no read-only variable fits this input signal");
  }
}
