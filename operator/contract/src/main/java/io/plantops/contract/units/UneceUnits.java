package io.plantops.contract.units;

import java.util.List;
import java.util.Optional;

/**
 * UNECE Recommendation 20 common codes of the units the {@link UnitCatalog} knows, as OPC UA
 * EUInformation carries them (Part 8 §5.6.3): the code's ASCII characters packed into the Int32
 * {@code unitId}, with the display name and description the OPC Foundation's {@code
 * UNECE_to_OPCUA.csv} gives. Each row names the catalogue expression it stands for, so the
 * conversion of a value in that unit is the catalogue's, never a hand-set factor.
 *
 * <p>This is the only UNECE table of the project: the connector resolves a server's
 * EngineeringUnits with it and the simulator advertises its tags' units from it.
 */
public final class UneceUnits {

  /** EUInformation.namespaceUri of UNECE codes (OPC UA Part 8 §5.6.3). */
  public static final String NAMESPACE_URI = "http://www.opcfoundation.org/UA/units/un/cefact";

  /** The unitId a server sends when it has no code (OPC UA Part 8 §5.6.3). */
  public static final int NO_UNIT_ID = -1;

  /**
   * One UNECE unit.
   *
   * @param code UNECE Recommendation 20 common code
   * @param unitId the code packed as OPC UA Part 8 §5.6.3 says, as listed in UNECE_to_OPCUA.csv
   * @param displayName the display name UNECE_to_OPCUA.csv gives
   * @param description the UNECE name
   * @param expression the unit catalog expression this code means
   */
  public record UneceUnit(
      String code, int unitId, String displayName, String description, String expression) {}

  /**
   * What an EUInformation resolves to.
   *
   * @param unit the unit catalog expression, empty when unknown
   * @param via how it was found ({@code unitId 13399 (UNECE 4W)}, {@code display name 'st/h'}), or
   *     why not ({@code unknown unit 'X' (unitId N)})
   */
  public record Resolution(Optional<String> unit, String via) {
    /** True when the unit is known to the catalogue. */
    public boolean resolved() {
      return unit.isPresent();
    }
  }

  // Checked against UNECE_to_OPCUA.csv of github.com/OPCFoundation/UA-Nodeset (Schema/, last
  // changed in 49ad3978, "Update EngineeringUnits to 2021 set"): code, unitId, display name and
  // description of every row; UneceUnitsTest checks the packing and the catalogue expressions.
  // Where two codes mean one expression, the first row is the one the simulator advertises.
  private static final List<UneceUnit> UNITS =
      List.of(
          u("C62", 4404786, "1", "one", "1"),
          u("P1", 20529, "% or pct", "percent", "%"),
          u("NX", 20056, "‰", "part per thousand", "permille"),
          u("59", 13625, "ppm", "part per million", "ppm"),
          u("KEL", 4932940, "K", "kelvin", "K"),
          u("CEL", 4408652, "°C", "degree Celsius", "°C"),
          u("FAH", 4604232, "°F", "degree Fahrenheit", "°F"),
          u("A48", 4273208, "°R", "degree Rankine", "°R"),
          u("GRM", 4674125, "g", "gram", "g"),
          u("KGM", 4933453, "kg", "kilogram", "kg"),
          u("MGM", 5064525, "mg", "milligram", "mg"),
          u("TNE", 5525061, "t", "tonne (metric ton)", "t"),
          u("LBR", 4997714, "lb", "pound", "lb"),
          u("STN", 5461070, "ton (US)", "ton (US) or short ton (UK/US)", "st"),
          u("LTN", 5002318, "ton (UK)", "ton (UK) or long ton (US)", "lt"),
          u("SEC", 5457219, "s", "second [unit of time]", "s"),
          u("MIN", 5065038, "min", "minute [unit of time]", "min"),
          u("HUR", 4740434, "h", "hour", "h"),
          u("DAY", 4473177, "d", "day", "d"),
          u("MMT", 5066068, "mm", "millimetre", "mm"),
          u("MTR", 5067858, "m", "metre", "m"),
          u("KMT", 4934996, "km", "kilometre", "km"),
          u("INH", 4804168, "in", "inch", "in"),
          u("FOT", 4607828, "ft", "foot", "ft"),
          u("MTQ", 5067857, "m³", "cubic metre", "m3"),
          u("NM3", 5131571, "Normalised cubic metre", "Normalised cubic metre", "Nm3"),
          u("LTR", 5002322, "l", "litre", "L"),
          u("FTQ", 4609105, "ft³", "cubic foot", "ft3"),
          u("GLL", 4672588, "gal (US)", "gallon (US)", "gal"),
          u("GLI", 4672585, "gal (UK)", "gallon (UK)", "galUK"),
          u("BLL", 4344908, "barrel (US)", "barrel (US)", "bbl"),
          u("PAL", 5259596, "Pa", "pascal", "Pa"),
          u("KPA", 4935745, "kPa", "kilopascal", "kPa"),
          u("MPA", 5066817, "MPa", "megapascal", "MPa"),
          u("BAR", 4342098, "bar", "bar [unit of pressure]", "bar"),
          u("MBR", 5063250, "mbar", "millibar", "mbar"),
          u("ATM", 4281421, "atm", "standard atmosphere", "atm"),
          u("HP", 18512, "mm H₂O", "conventional millimetre of water", "mmH2O"),
          u("F78", 4601656, "inH₂O", "inch of water", "inH2O"),
          u("HN", 18510, "mm Hg", "conventional millimetre of mercury", "mmHg"),
          u("F79", 4601657, "inHg", "inch of mercury", "inHg"),
          u("PS", 20563, "lbf/in²", "pound-force per square inch", "psi"),
          u("80", 14384, "lb/in²", "pound per square inch absolute", "psia"),
          u("JOU", 4869973, "J", "joule", "J"),
          u("KJO", 4934223, "kJ", "kilojoule", "kJ"),
          u("3B", 13122, "MJ", "megajoule", "MJ"),
          u("GV", 18262, "GJ", "gigajoule", "GJ"),
          u("E14", 4534580, "kcalIT", "kilocalorie (international table)", "kcal"),
          u("KWH", 4937544, "kW·h", "kilowatt hour", "kWh"),
          u("MWH", 5068616, "MW·h", "megawatt hour (1000 kW.h)", "MWh"),
          u("BTU", 4346965, "BtuIT", "British thermal unit (international table)", "BTU"),
          u("WTT", 5723220, "W", "watt", "W"),
          u("KWT", 4937556, "kW", "kilowatt", "kW"),
          u("MAW", 5062999, "MW", "megawatt", "MW"),
          u("BHP", 4343888, "BHP", "brake horse power", "hp"),
          u("HTZ", 4740186, "Hz", "hertz", "Hz"),
          u("RPM", 5394509, "r/min", "revolutions per minute", "rpm"),
          u("M46", 5059638, "r/min", "revolution per minute", "rpm"),
          u("AMP", 4279632, "A", "ampere", "A"),
          u("VLT", 5655636, "V", "volt", "V"),
          u("KGS", 4933459, "kg/s", "kilogram per second", "kg/s"),
          u("F31", 4600625, "kg/min", "kilogram per minute", "kg/min"),
          u("E93", 4536627, "kg/h", "kilogram per hour", "kg/h"),
          u("F30", 4600624, "kg/d", "kilogram per day", "kg/d"),
          u("L78", 4994872, "t/min", "tonne per minute", "t/min"),
          u("E18", 4534584, "t/h", "tonne per hour", "t/h"),
          u("L71", 4994865, "t/d", "tonne per day", "t/d"),
          u("K81", 4929585, "lb/s", "pound (avoirdupois) per second", "lb/s"),
          u("K78", 4929336, "lb/min", "pound (avoirdupois) per minute", "lb/min"),
          u("4U", 13397, "lb/h", "pound per hour", "lb/h"),
          u("K66", 4929078, "lb/d", "pound (avoirdupois) per day", "lb/d"),
          u("M90", 5060912, "klb/h", "kilopound per hour", "klb/h"),
          u("4W", 13399, "ton (US) /h", "ton (US) per hour", "st/h"),
          u("L88", 4995128, "ton (US)/d", "ton short per day", "st/d"),
          u("L85", 4995125, "ton (UK)/d", "ton long per day", "lt/d"),
          u("MQS", 5067091, "m³/s", "cubic metre per second", "m3/s"),
          u("G53", 4666675, "m³/min", "cubic metre per minute", "m3/min"),
          u("MQH", 5067080, "m³/h", "cubic metre per hour", "m3/h"),
          u("G52", 4666674, "m³/d", "cubic metre per day", "m3/d"),
          u(
              "Q40",
              5321776,
              "Normalized cubic metre per hour",
              "Normalized cubic metre per hour",
              "Nm3/h"),
          u(
              "Q39",
              5321529,
              "Normalized cubic metre per day",
              "Normalized cubic metre per day",
              "Nm3/d"),
          u("L2", 19506, "l/min", "litre per minute", "L/min"),
          u("2L", 12876, "ft³/min", "cubic foot per minute", "ft3/min"),
          u("2K", 12875, "ft³/h", "cubic foot per hour", "ft3/h"),
          u("K22", 4928050, "ft³/d", "cubic foot per day", "ft3/d"),
          u("K30", 4928304, "gal (US liq.)/s", "gallon (US liquid) per second", "gal/s"),
          u("G2", 18226, "gal (US) /min", "US gallon per minute", "gal/min"),
          u("G50", 4666672, "gal/h", "gallon (US) per hour", "gal/h"),
          u("G3", 18227, "gal (UK) /min", "Imperial gallon per minute", "galUK/min"),
          u("K27", 4928055, "gal (UK)/h", "gallon (UK) per hour", "galUK/h"),
          u("K26", 4928054, "gal (UK)/d", "gallon (UK) per day", "galUK/d"),
          u("5A", 13633, "barrel (US)/min", "barrel (US) per minute", "bbl/min"),
          u("J62", 4863538, "bbl (US)/h", "barrel (US petroleum) per hour", "bbl/h"),
          u("B42", 4338738, "kJ/kg", "kilojoule per kilogram", "kJ/kg"),
          u("JK", 19019, "MJ/kg", "megajoule per kilogram", "MJ/kg"),
          u(
              "AZ",
              16730,
              "BtuIT/lb",
              "British thermal unit (international table) per pound",
              "BTU/lb"),
          u("2I", 12873, "BtuIT/h", "British thermal unit (international table) per hour", "BTU/h"),
          u("GP", 18256, "mg/m³", "milligram per cubic metre", "mg/m3"));

  private UneceUnits() {}

  private static UneceUnit u(
      String code, int unitId, String displayName, String description, String expression) {
    return new UneceUnit(code, unitId, displayName, description, expression);
  }

  /** Every row, in table order. */
  public static List<UneceUnit> all() {
    return UNITS;
  }

  /** The row of a UNECE common code. */
  public static Optional<UneceUnit> byCode(String code) {
    return UNITS.stream().filter(u -> u.code().equals(code)).findFirst();
  }

  /** The row of an EUInformation unitId. */
  public static Optional<UneceUnit> byUnitId(int unitId) {
    return code(unitId).flatMap(UneceUnits::byCode);
  }

  /** The row whose UNECE_to_OPCUA display name is {@code displayName}. */
  public static Optional<UneceUnit> byDisplayName(String displayName) {
    if (displayName == null) {
      return Optional.empty();
    }
    String d = displayName.trim();
    return UNITS.stream().filter(u -> u.displayName().equals(d)).findFirst();
  }

  /** The row written exactly as {@code expression} in the catalogue (e.g. {@code st/h}). */
  public static Optional<UneceUnit> byExpression(String expression) {
    return UNITS.stream().filter(u -> u.expression().equals(expression)).findFirst();
  }

  /**
   * The row for a catalogue expression, or for another expression of the same unit ({@code degF} is
   * {@code °F}): what a server advertising values in {@code expression} would send.
   */
  public static Optional<UneceUnit> forUnit(String expression) {
    if (!UnitCatalog.isValid(expression)) {
      return Optional.empty();
    }
    return byExpression(expression)
        .or(
            () ->
                UNITS.stream()
                    .filter(u -> UnitCatalog.compatible(u.expression(), expression))
                    .filter(u -> UnitCatalog.conversion(expression, u.expression()).isIdentity())
                    .findFirst());
  }

  /**
   * Packs a common code into an EUInformation unitId (OPC UA Part 8 §5.6.3): each ASCII character,
   * most significant first, shifted in by 8 bits.
   */
  public static int unitId(String code) {
    if (code == null || code.isEmpty() || code.length() > 4) {
      throw new IllegalArgumentException("a UNECE common code has 1 to 4 characters: " + code);
    }
    int id = 0;
    for (char c : code.toCharArray()) {
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException("a UNECE common code is printable ASCII: " + code);
      }
      id = id << 8 | c;
    }
    return id;
  }

  /** The common code packed into an EUInformation unitId, if it is one (printable ASCII). */
  public static Optional<String> code(int unitId) {
    if (unitId <= 0) {
      return Optional.empty();
    }
    StringBuilder code = new StringBuilder();
    boolean started = false;
    for (int shift = 24; shift >= 0; shift -= 8) {
      int c = (unitId >>> shift) & 0xff;
      if (c == 0 && !started) {
        continue;
      }
      if (c < 0x21 || c > 0x7e) {
        return Optional.empty();
      }
      started = true;
      code.append((char) c);
    }
    return Optional.of(code.toString());
  }

  /**
   * Resolves a server's EUInformation: by {@code unitId} first, when the namespace is UNECE's (or
   * not given, as many servers leave it), then by the display name, as UNECE_to_OPCUA.csv writes it
   * or as a catalogue expression ({@code st/h}, {@code °F}, {@code psig}). Never guesses: what
   * neither resolves comes back unresolved, saying {@code unknown unit 'X' (unitId N)}.
   */
  public static Resolution resolve(String namespaceUri, int unitId, String displayName) {
    boolean unece =
        namespaceUri == null || namespaceUri.isBlank() || NAMESPACE_URI.equals(namespaceUri);
    if (unece) {
      Optional<UneceUnit> byId = byUnitId(unitId);
      if (byId.isPresent()) {
        return new Resolution(
            Optional.of(byId.get().expression()),
            "unitId " + unitId + " (UNECE " + byId.get().code() + ")");
      }
    }
    String display = displayName == null ? "" : displayName.trim();
    Optional<String> byName =
        byDisplayName(display)
            .map(UneceUnit::expression)
            .or(() -> UnitCatalog.isValid(display) ? Optional.of(display) : Optional.empty());
    if (byName.isPresent()) {
      return new Resolution(byName, "display name '" + display + "'");
    }
    return new Resolution(
        Optional.empty(), "unknown unit '" + display + "' (unitId " + unitId + ")");
  }
}
