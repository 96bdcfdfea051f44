package io.plantops.contract.units;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.measure.IncommensurableException;
import javax.measure.UnconvertibleException;
import javax.measure.Unit;
import javax.measure.UnitConverter;
import javax.measure.format.MeasurementParseException;
import tech.units.indriya.AbstractUnit;
import tech.units.indriya.format.SimpleUnitFormat;
import tech.units.indriya.unit.Units;

/**
 * The plantops unit catalog: the unit symbols a template or a TagMapping may use, parsed with
 * Indriya (JSR 385). Symbols can be combined with {@code /}, {@code *} or {@code ·} and integer
 * powers ({@code m^3}), e.g. {@code t/h}, {@code kg/min}, {@code kJ/kg}, {@code mg/Nm3}.
 *
 * <p>An expression that does not parse, and a conversion between different dimensions, is an error:
 * never a silent 1:1. The accepted symbols are listed in {@code docs/units.md}; a test keeps that
 * page and {@link #symbols()} equal.
 */
public final class UnitCatalog {

  private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();
  private static final Map<String, String> REWRITES = new LinkedHashMap<>();
  private static final SimpleUnitFormat FORMAT = SimpleUnitFormat.getNewInstance();
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z°%µ³²][A-Za-z°%µ³²0-9]*");

  /** Symbols joined by single operators, each with an optional integer power. */
  private static final Pattern SYNTAX =
      Pattern.compile("^[A-Za-z°%µ³²0-9]+(\\^-?\\d+)?([*/][A-Za-z°%µ³²0-9]+(\\^-?\\d+)?)*$");

  static {
    // dimensionless
    DESCRIPTIONS.put("1", "dimensionless ratio");
    define("%", Units.PERCENT, "percent");
    define("permille", AbstractUnit.ONE.divide(1000), "per mille (‰, parts per thousand)");
    define("ppm", AbstractUnit.ONE.divide(1_000_000), "parts per million");
    // temperature
    define("K", Units.KELVIN, "kelvin");
    Unit<?> celsius = Units.KELVIN.shift(273.15);
    define("°C", celsius, "degree Celsius");
    alias("degC", celsius);
    Unit<?> fahrenheit = Units.KELVIN.multiply(5.0 / 9.0).shift(459.67);
    define("°F", fahrenheit, "degree Fahrenheit");
    alias("degF", fahrenheit);
    Unit<?> rankine = Units.KELVIN.multiply(5.0 / 9.0);
    define("°R", rankine, "degree Rankine (absolute, 5/9 K)");
    alias("degR", rankine);
    // mass
    define("g", Units.GRAM, "gram");
    define("kg", Units.KILOGRAM, "kilogram");
    define("mg", Units.GRAM.divide(1000), "milligram");
    define("t", Units.KILOGRAM.multiply(1000), "tonne (metric ton, 1000 kg)");
    Unit<?> pound = Units.KILOGRAM.multiply(0.45359237);
    define("lb", pound, "pound (avoirdupois, 0.45359237 kg)");
    define("klb", pound.multiply(1000), "kilopound (1000 lb)");
    define("st", pound.multiply(2000), "short ton (US ton, 2000 lb = 0.90718474 t)");
    define("lt", pound.multiply(2240), "long ton (imperial ton, 2240 lb = 1.0160469088 t)");
    // time
    define("s", Units.SECOND, "second");
    define("min", Units.MINUTE, "minute");
    define("h", Units.HOUR, "hour");
    define("d", Units.DAY, "day");
    // length
    define("mm", Units.METRE.divide(1000), "millimetre");
    define("m", Units.METRE, "metre");
    define("km", Units.METRE.multiply(1000), "kilometre");
    define("in", Units.METRE.multiply(0.0254), "inch (0.0254 m)");
    define("ft", Units.METRE.multiply(0.3048), "foot (0.3048 m)");
    // volume
    define("m³", Units.CUBIC_METRE, "cubic metre");
    rewrite("m3", "m³", "cubic metre");
    rewrite("Nm3", "m³", "normal cubic metre (gas volume at 0 °C, 1 atm), converted as m³");
    define("L", Units.LITRE, "litre");
    Unit<?> cubicFoot = Units.CUBIC_METRE.multiply(0.028316846592);
    FORMAT.label(cubicFoot, "ft³");
    rewrite("ft3", "ft³", "cubic foot (0.028316846592 m³)");
    alias(
        "scf",
        cubicFoot,
        "standard cubic foot (gas volume at 60 °F, 14.696 psia), converted as ft³");
    define(
        "SCFM",
        cubicFoot.divide(Units.MINUTE),
        "standard cubic foot per minute, converted as ft³/min");
    Unit<?> gallon = Units.CUBIC_METRE.multiply(0.003785411784);
    define("gal", gallon, "US liquid gallon (231 in³ = 3.785411784 L)");
    define("galUK", Units.CUBIC_METRE.multiply(0.00454609), "imperial gallon (4.54609 L)");
    define("bbl", gallon.multiply(42), "US oil barrel (42 US gallons = 158.987294928 L)");
    // pressure (magnitudes: gauge and absolute convert alike, see docs/units.md)
    define("Pa", Units.PASCAL, "pascal");
    define("kPa", Units.PASCAL.multiply(1000), "kilopascal");
    define("MPa", Units.PASCAL.multiply(1_000_000), "megapascal");
    define("bar", Units.PASCAL.multiply(100_000), "bar");
    define("mbar", Units.PASCAL.multiply(100), "millibar");
    define("atm", Units.PASCAL.multiply(101_325), "standard atmosphere (101325 Pa)");
    FORMAT.label(Units.PASCAL.multiply(9.80665), "mmWC");
    rewrite("mmH2O", "mmWC", "millimetre of water column, conventional (kiln draft)");
    FORMAT.label(Units.PASCAL.multiply(9.80665 * 25.4), "inWC");
    rewrite("inH2O", "inWC", "inch of water column, conventional (249.08891 Pa)");
    define("mmHg", Units.PASCAL.multiply(133.322387415), "millimetre of mercury, conventional");
    define("inHg", Units.PASCAL.multiply(133.322387415 * 25.4), "inch of mercury, conventional");
    // lbf = 4.4482216152605 N exactly, in² = 0.00064516 m² exactly
    Unit<?> psi = Units.PASCAL.multiply(4.4482216152605 / 0.00064516);
    define("psi", psi, "pound-force per square inch");
    alias("psia", psi, "psi absolute, converted as psi");
    alias("psig", psi, "psi gauge, converted as psi (a pressure difference, no atmosphere added)");
    // energy, power
    define("J", Units.JOULE, "joule");
    define("kJ", Units.JOULE.multiply(1000), "kilojoule");
    define("MJ", Units.JOULE.multiply(1_000_000), "megajoule");
    define("GJ", Units.JOULE.multiply(1_000_000_000), "gigajoule");
    define("kcal", Units.JOULE.multiply(4186.8), "kilocalorie (international table)");
    define("kWh", Units.JOULE.multiply(3_600_000), "kilowatt hour");
    define("MWh", Units.JOULE.multiply(3_600_000_000L), "megawatt hour");
    Unit<?> btu = Units.JOULE.multiply(1055.05585262);
    define("BTU", btu, "British thermal unit (international table, 1055.05585262 J)");
    alias("Btu", btu);
    define("MMBtu", btu.multiply(1_000_000), "million BTU (international table)");
    define("W", Units.WATT, "watt");
    define("kW", Units.WATT.multiply(1000), "kilowatt");
    define("MW", Units.WATT.multiply(1_000_000), "megawatt");
    // 550 ft·lbf/s
    define(
        "hp",
        Units.WATT.multiply(550 * 0.3048 * 4.4482216152605),
        "horsepower (mechanical, 550 ft·lbf/s = 745.69987158227022 W)");
    // rotation, frequency, electrical
    define("Hz", Units.HERTZ, "hertz");
    define("rpm", Units.HERTZ.divide(60), "revolutions per minute");
    define("A", Units.AMPERE, "ampere");
    define("V", Units.VOLT, "volt");
  }

  private UnitCatalog() {}

  private static void define(String symbol, Unit<?> unit, String description) {
    FORMAT.label(unit, symbol);
    DESCRIPTIONS.put(symbol, description);
  }

  /**
   * A public symbol with digits in it: Indriya reads digits inside a product as exponents, so the
   * symbol is rewritten to a digit-free label before parsing.
   */
  private static void rewrite(String symbol, String label, String description) {
    REWRITES.put(symbol, label);
    DESCRIPTIONS.put(symbol, description);
  }

  private static void alias(String symbol, Unit<?> unit) {
    alias(symbol, unit, "alias of " + FORMAT.format(unit));
  }

  private static void alias(String symbol, Unit<?> unit, String description) {
    FORMAT.alias(unit, symbol);
    DESCRIPTIONS.put(symbol, description);
  }

  /** The accepted base symbols and what they mean, in catalog order. */
  public static Map<String, String> symbols() {
    return Collections.unmodifiableMap(DESCRIPTIONS);
  }

  /** Parses a unit expression, or throws a {@link UnitException} that says what is accepted. */
  public static Unit<?> parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new UnitException("a unit is required; use 1 for a dimensionless value");
    }
    String normalised = expression.trim().replace('·', '*');
    if (normalised.equals("1")) {
      return AbstractUnit.ONE;
    }
    if (!SYNTAX.matcher(normalised).matches()) {
      throw new UnitException(unknown(expression));
    }
    // only the catalogue's own symbols: Indriya would also read its SI labels and prefixes
    // ("a" as a year, "T" as tesla), which nobody here has checked against a plant's meaning
    Matcher symbol = TOKEN.matcher(normalised);
    while (symbol.find()) {
      if (!DESCRIPTIONS.containsKey(symbol.group())) {
        throw new UnitException(unknown(expression));
      }
    }
    normalised =
        TOKEN
            .matcher(normalised)
            .replaceAll(m -> Matcher.quoteReplacement(REWRITES.getOrDefault(m.group(), m.group())));
    try {
      synchronized (FORMAT) {
        return FORMAT.parse(normalised);
      }
    } catch (MeasurementParseException | IllegalArgumentException e) {
      throw new UnitException(unknown(expression));
    }
  }

  /** True when {@code expression} parses. */
  public static boolean isValid(String expression) {
    try {
      parse(expression);
      return true;
    } catch (UnitException e) {
      return false;
    }
  }

  /** True when values in {@code from} convert to {@code to} (same dimension). */
  public static boolean compatible(String from, String to) {
    return parse(from).isCompatible(parse(to));
  }

  /** The dimension of a unit, for messages: e.g. {@code [M]/[T]}. */
  public static String dimension(String expression) {
    return parse(expression).getDimension().toString();
  }

  /**
   * The affine conversion from one unit expression to another.
   *
   * @throws UnitException when either does not parse or their dimensions differ
   */
  public static LinearConversion conversion(String from, String to) {
    Unit<?> source = parse(from);
    Unit<?> target = parse(to);
    if (!source.isCompatible(target)) {
      throw new UnitException(
          "cannot convert "
              + from
              + " ("
              + source.getDimension()
              + ") to "
              + to
              + " ("
              + target.getDimension()
              + "): the dimensions differ");
    }
    UnitConverter converter;
    try {
      converter = source.getConverterToAny(target);
    } catch (IncommensurableException | UnconvertibleException e) {
      throw new UnitException("cannot convert " + from + " to " + to + ": " + e.getMessage());
    }
    double offset = converter.convert(0.0);
    double factor = converter.convert(1.0) - offset;
    LinearConversion linear = new LinearConversion(factor, offset);
    for (double probe : new double[] {-1000.0, 1234.5, 1.0e6}) {
      double exact = converter.convert(probe);
      if (Math.abs(exact - linear.apply(probe)) > 1e-9 * Math.max(1.0, Math.abs(exact))) {
        throw new UnitException(
            "conversion from " + from + " to " + to + " is not affine; plantops cannot use it");
      }
    }
    return linear;
  }

  private static String unknown(String expression) {
    Set<String> accepted = DESCRIPTIONS.keySet();
    return "unknown unit '"
        + expression
        + "': use symbols from the plantops unit catalog "
        + accepted
        + ", combined with / * and ^ (e.g. t/h, kg/min, kJ/kg); see docs/units.md";
  }
}
