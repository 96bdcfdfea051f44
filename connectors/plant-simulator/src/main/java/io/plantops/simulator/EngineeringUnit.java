package io.plantops.simulator;

import java.util.Map;
import java.util.Optional;

/**
 * An engineering unit as a server advertises it in the EngineeringUnits property (EUInformation,
 * OPC UA Part 8 §5.6.3): the UNECE Recommendation 20 common code, encoded as the unitId, and a
 * display name.
 *
 * @param symbol the plantops unit catalog symbol (what a TagMapping would name)
 * @param uneceCode UNECE common code
 * @param displayName what an HMI shows
 * @param description the UNECE name
 */
public record EngineeringUnit(
    String symbol, String uneceCode, String displayName, String description) {

  /** The namespace of UNECE codes in EUInformation (OPC UA Part 8 §5.6.3). */
  public static final String UNECE_NAMESPACE = "http://www.opcfoundation.org/UA/units/un/cefact";

  private static final Map<String, EngineeringUnit> BY_SYMBOL =
      Map.ofEntries(
          entry("t/h", "E18", "t/h", "tonne per hour"),
          entry("kg/min", "F31", "kg/min", "kilogram per minute"),
          entry("t/d", "L71", "t/d", "tonne per day"),
          entry("rpm", "RPM", "r/min", "revolutions per minute"),
          entry("°C", "CEL", "°C", "degree Celsius"),
          entry("degF", "FAH", "°F", "degree Fahrenheit"),
          entry("%", "P1", "%", "percent"),
          entry("‰", "NX", "‰", "part per thousand"),
          entry("1", "C62", "1", "one"),
          entry("kW", "KWT", "kW", "kilowatt"),
          entry("MW", "MAW", "MW", "megawatt"),
          entry("ppm", "59", "ppm", "part per million"));

  private static Map.Entry<String, EngineeringUnit> entry(
      String symbol, String code, String display, String description) {
    return Map.entry(symbol, new EngineeringUnit(symbol, code, display, description));
  }

  /** The unit for a catalog symbol, if the simulator knows its UNECE code. */
  public static Optional<EngineeringUnit> forSymbol(String symbol) {
    return Optional.ofNullable(BY_SYMBOL.get(symbol));
  }

  /**
   * The plantops unit catalog symbol a value in this unit is expressed in after multiplying by
   * {@link #catalogScale()}: per mille is not in the catalog, so it reads as percent times 0.1.
   */
  public String catalogSymbol() {
    return uneceCode.equals("NX") ? "%" : symbol;
  }

  /** Factor from a value in this unit to a value in {@link #catalogSymbol()}. */
  public double catalogScale() {
    return uneceCode.equals("NX") ? 0.1 : 1.0;
  }

  /** The unit whose EUInformation unitId is {@code unitId}, if the simulator knows it. */
  public static Optional<EngineeringUnit> forUnitId(int unitId) {
    return BY_SYMBOL.values().stream().filter(u -> u.unitId() == unitId).findFirst();
  }

  /**
   * The EUInformation unitId of this unit: the UNECE code's characters packed big-endian into an
   * Int32 (OPC UA Part 8 §5.6.3).
   */
  public int unitId() {
    return unitId(uneceCode);
  }

  /** Packs a UNECE common code into an EUInformation unitId. */
  public static int unitId(String code) {
    int id = 0;
    for (char c : code.toCharArray()) {
      id = id << 8 | (c & 0xff);
    }
    return id;
  }
}
