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
        .append("| Symbol | Meaning |\n|---|---|\n");
    for (Map.Entry<String, String> e : UnitCatalog.symbols().entrySet()) {
      md.append("| `").append(e.getKey()).append("` | ").append(e.getValue()).append(" |\n");
    }
    md.append(
        "\nNot in the catalog on purpose: US short tons (`t` is the metric tonne), gauge versus"
            + " absolute pressure (plantops converts magnitudes only; map gauge pressures as they"
            + " are), and volume flows at actual conditions versus normal conditions (`Nm3` is"
            + " converted as `m3`; keep both ends in the same convention).\n");
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
