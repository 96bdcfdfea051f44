package io.plantops.contract.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/units.md lists exactly the symbols the catalog accepts. */
class UnitsDocTest {

  private static final Path DOC =
      Path.of(System.getProperty("plantops.root", "../..")).resolve("docs/units.md");

  static String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Units\n\n")
        .append(
            "<!-- Generated from UnitCatalog by operator/contract's UnitsDocTest; do not edit."
                + " Regenerate with ./mvnw -pl operator/contract -am verify"
                + " -Dplantops.regenerate=true -->\n\n")
        .append(
            "Every unit in a UseCaseTemplate (`inputs[].unit`, `outputs[].unit`, `kpis[].unit`)"
                + " and in a TagMapping (`mappings[].unit`) is an expression over the symbols"
                + " below, parsed with [Indriya](https://unitsofmeasurement.github.io/indriya/)"
                + " (JSR 385). Combine symbols with `/`, `*` (or `·`) and integer powers (`m^3`):"
                + " `t/h`, `kg/min`, `kJ/kg`, `MJ/t`, `Nm3/h`, `mg/Nm3`, `kWh/t`.\n\n")
        .append(
            "The operator refuses a unit that does not parse and a mapping whose unit has another"
                + " dimension than the template's canonical unit (`t/h` for `°C` is an error,"
                + " never a silent 1:1). The connector converts every sample from the site unit to"
                + " the canonical unit, and every setpoint back, with the affine conversion Indriya"
                + " gives (`°F` to `°C` has an offset).\n\n")
        .append(
            "US customary and imperial units are defined from their exact legal definitions (the"
                + " 1959 international yard and pound, NIST SP 811 Appendix B): `st/h` to `t/h` is"
                + " exactly 0.90718474.\n\n")
        .append("| Symbol | Meaning | UNECE code |\n|---|---|---|\n");
    for (Map.Entry<String, String> e : UnitCatalog.symbols().entrySet()) {
      md.append("| `")
          .append(e.getKey())
          .append("` | ")
          .append(e.getValue())
          .append(" | ")
          .append(UneceUnits.byExpression(e.getKey()).map(u -> "`" + u.code() + "`").orElse(""))
          .append(" |\n");
    }
    md.append("\n## UNECE codes and OPC UA EngineeringUnits\n\n")
        .append(
            "An OPC UA server reports a variable's unit in its `EngineeringUnits` property"
                + " (EUInformation, OPC UA Part 8 §5.6.3): `unitId` is the UNECE Recommendation 20"
                + " common code with its ASCII characters packed into an Int32 (`CEL` is"
                + " 0x43454C = 4408652), next to a display name. The connector's browse and"
                + " suggest resolve it by `unitId` first (when `namespaceUri` is UNECE's,"
                + " `"
                + UneceUnits.NAMESPACE_URI
                + "`, or empty), then by the display name, as UNECE_to_OPCUA.csv writes it or as"
                + " a catalogue expression. A unit neither resolves is never assumed: the"
                + " suggestion leaves the unit empty and says `unknown unit 'X' (unitId N)`.\n\n")
        .append(
            "Every row below was checked against the OPC Foundation's `UNECE_to_OPCUA.csv`"
                + " (github.com/OPCFoundation/UA-Nodeset, `Schema/`, the 2021 set): code, unitId,"
                + " display name and description. `UneceUnitsTest` checks the packing of every"
                + " row, and compares the rows with the file when run with"
                + " `-Dplantops.uneceCsv=/path/to/UNECE_to_OPCUA.csv`.\n\n")
        .append("| Code | unitId | Display name | UNECE name | plantops unit |\n")
        .append("|---|---|---|---|---|\n");
    for (UneceUnits.UneceUnit u : UneceUnits.all()) {
      md.append("| `")
          .append(u.code())
          .append("` | ")
          .append(u.unitId())
          .append(" | ")
          .append(u.displayName().replace("|", "\\|"))
          .append(" | ")
          .append(u.description())
          .append(" | `")
          .append(u.expression())
          .append("` |\n");
    }
    md.append(
        "\nConverted as magnitudes, on purpose: gauge and absolute pressure (`psig`, `psia` and"
            + " `psi` are one unit; plantops never adds an atmosphere, so map a gauge pressure to"
            + " a gauge canonical signal), and gas volumes at standard or normal conditions"
            + " versus actual conditions (`scf` is converted as `ft3`, `Nm3` as `m3`; keep both"
            + " ends in the same convention). `BTU` and `kcal` are the international-table"
            + " units; the mean and thermochemical variants have UNECE codes of their own, which"
            + " the catalogue does not list.\n");
    return md.toString();
  }

  @Test
  void committedUnitListMatchesTheCatalog() throws Exception {
    String fresh = render();
    if (Boolean.getBoolean("plantops.regenerate")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, fresh, StandardCharsets.UTF_8);
    }
    assertThat(DOC).exists();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as(
            "docs/units.md differs from UnitCatalog; regenerate with ./mvnw -pl operator/contract"
                + " -am verify -Dplantops.regenerate=true")
        .isEqualTo(fresh);
  }

  @Test
  void everyListedSymbolParses() {
    UnitCatalog.symbols().keySet().forEach(s -> assertThat(UnitCatalog.isValid(s)).as(s).isTrue());
  }
}
