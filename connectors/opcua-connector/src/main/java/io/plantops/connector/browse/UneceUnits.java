package io.plantops.connector.browse;

import io.plantops.contract.units.UnitCatalog;
import java.util.Map;
import java.util.Optional;

/**
 * UNECE Recommendation 20 codes (as EUInformation unitIds, OPC UA Part 8 §5.6.3) to plantops unit
 * catalog symbols, with the factor from a value in the code's unit to the symbol's.
 */
public final class UneceUnits {

  /**
   * A catalog unit for a UNECE code.
   *
   * @param symbol catalog symbol
   * @param scale raw-to-symbol factor
   */
  public record CatalogUnit(String symbol, double scale) {}

  private static final Map<String, CatalogUnit> CODES =
      Map.ofEntries(
          Map.entry("CEL", new CatalogUnit("°C", 1)),
          Map.entry("FAH", new CatalogUnit("degF", 1)),
          Map.entry("KEL", new CatalogUnit("K", 1)),
          Map.entry("E18", new CatalogUnit("t/h", 1)),
          Map.entry("F31", new CatalogUnit("kg/min", 1)),
          Map.entry("E93", new CatalogUnit("kg/h", 1)),
          Map.entry("KGS", new CatalogUnit("kg/s", 1)),
          Map.entry("L71", new CatalogUnit("t/d", 1)),
          Map.entry("RPM", new CatalogUnit("rpm", 1)),
          Map.entry("P1", new CatalogUnit("%", 1)),
          Map.entry("NX", new CatalogUnit("%", 0.1)),
          Map.entry("C62", new CatalogUnit("1", 1)),
          Map.entry("59", new CatalogUnit("ppm", 1)),
          Map.entry("WTT", new CatalogUnit("W", 1)),
          Map.entry("KWT", new CatalogUnit("kW", 1)),
          Map.entry("MAW", new CatalogUnit("MW", 1)),
          Map.entry("PAL", new CatalogUnit("Pa", 1)),
          Map.entry("KPA", new CatalogUnit("kPa", 1)),
          Map.entry("BAR", new CatalogUnit("bar", 1)),
          Map.entry("MBR", new CatalogUnit("mbar", 1)),
          Map.entry("AMP", new CatalogUnit("A", 1)),
          Map.entry("VLT", new CatalogUnit("V", 1)),
          Map.entry("HTZ", new CatalogUnit("Hz", 1)));

  private UneceUnits() {}

  /** The catalog unit of an EUInformation unitId, if known. */
  public static Optional<CatalogUnit> of(int unitId) {
    StringBuilder code = new StringBuilder();
    for (int shift = 24; shift >= 0; shift -= 8) {
      int c = (unitId >>> shift) & 0xff;
      if (c != 0) {
        code.append((char) c);
      }
    }
    return Optional.ofNullable(CODES.get(code.toString()))
        .filter(u -> UnitCatalog.isValid(u.symbol()));
  }

  /** A catalog unit from a display name when the unitId is unknown (e.g. "t/h", "°C"). */
  public static Optional<CatalogUnit> ofDisplayName(String display) {
    if (display == null || display.isBlank()) {
      return Optional.empty();
    }
    String d = display.trim().replace("°F", "degF").replace("r/min", "rpm");
    if (d.equals("‰")) {
      return Optional.of(new CatalogUnit("%", 0.1));
    }
    return UnitCatalog.isValid(d) ? Optional.of(new CatalogUnit(d, 1)) : Optional.empty();
  }
}
