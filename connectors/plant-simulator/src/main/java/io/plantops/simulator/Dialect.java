package io.plantops.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How one plant's control system names and scales the kiln line: NodeId style, namespaces, units,
 * data types, refresh rates and how its server publishes. The three built-in dialects are the ones
 * {@code examples/plants/{lyon,joliet,alpena}/tagmapping.yaml} describe; a test keeps them equal.
 *
 * @param name dialect name (lyon, joliet, alpena)
 * @param productName what the server calls itself
 * @param namespaceUris URIs registered in order from namespace index 2; tags live in the last
 * @param endpointPath path of the endpoint URL ({@code /lyon}), {@code /} for none
 * @param tags the variables
 * @param behaviour how the server publishes (cyclic scan or report by exception, deadbands,
 *     sampling floor, how often operators move setpoints)
 * @param displays variables that only show what a client writes (guidance text and heartbeat)
 */
public record Dialect(
    String name,
    String productName,
    List<String> namespaceUris,
    String endpointPath,
    List<TagSpec> tags,
    ServerBehaviour behaviour,
    List<DisplayTag> displays) {

  public Dialect {
    namespaceUris = List.copyOf(namespaceUris);
    tags = List.copyOf(tags);
    java.util.Objects.requireNonNull(behaviour, "behaviour");
    displays = displays == null ? List.of() : List.copyOf(displays);
  }

  /** A dialect without display tags. */
  public Dialect(
      String name,
      String productName,
      List<String> namespaceUris,
      String endpointPath,
      List<TagSpec> tags,
      ServerBehaviour behaviour) {
    this(name, productName, namespaceUris, endpointPath, tags, behaviour, List.of());
  }

  /** A dialect whose server scans cyclically ({@link ServerBehaviour#cyclic()}). */
  public Dialect(
      String name,
      String productName,
      List<String> namespaceUris,
      String endpointPath,
      List<TagSpec> tags) {
    this(name, productName, namespaceUris, endpointPath, tags, ServerBehaviour.cyclic());
  }

  /** Namespace index of the tags. */
  public int tagNamespaceIndex() {
    return 1 + namespaceUris.size();
  }

  /** The tag of a point, if this dialect has one. */
  public Optional<TagSpec> tag(Point point) {
    return tags.stream().filter(t -> t.point() == point).findFirst();
  }

  /** The tag with this NodeId string, if any. */
  public Optional<TagSpec> tagByNodeId(String nodeId) {
    return tags.stream().filter(t -> t.nodeId().equals(nodeId)).findFirst();
  }

  /** Names of the built-in dialects. */
  public static final List<String> NAMES = List.of("lyon", "joliet", "alpena");

  /** The built-in dialect with this name. */
  public static Dialect named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "lyon" -> lyon();
      case "joliet" -> joliet();
      case "alpena" -> Alpena.dialect();
      default ->
          throw new IllegalArgumentException(
              "unknown dialect '" + name + "': use " + String.join(", ", NAMES));
    };
  }

  /** Alpena: see {@link Alpena}. */
  public static Dialect alpena() {
    return Alpena.dialect();
  }

  /**
   * Lyon: a PCS 7-style DCS. String NodeIds in namespace 2 that are the tag names, SI units, Double
   * values, 1 s refresh, lab results from the LIMS every minute. Its coal flow advice faceplate has
   * guidance tags: the advised value ({@link Point#FUEL_ADVICE}), the reasons text and a heartbeat.
   */
  public static Dialect lyon() {
    String k1 = "LYN/K1";
    return new Dialect(
        "lyon",
        "Lyon K1 DCS (plantops simulator)",
        List.of("urn:plantops:simulator:lyon:pcs7"),
        "/lyon",
        lyonTags(k1),
        ServerBehaviour.cyclic(),
        List.of(
            new DisplayTag(
                "ns=2;s=LYN.K1.COAL.FLOW.ADV.TXT",
                "LYN.K1.COAL.FLOW.ADV.TXT",
                "K1 coal flow advice: reasons (optimiser display)",
                k1 + "/BURNER",
                DisplayTag.Type.STRING),
            new DisplayTag(
                "ns=2;s=LYN.K1.COAL.FLOW.ADV.HB",
                "LYN.K1.COAL.FLOW.ADV.HB",
                "K1 coal flow advice: time of the advice (optimiser heartbeat)",
                k1 + "/BURNER",
                DisplayTag.Type.DATE_TIME)));
  }

  private static List<TagSpec> lyonTags(String k1) {
    return List.of(
        lyon(Point.FEED_RATE, "LYN.K1.FEED_RATE.PV", "K1 kiln feed", k1, "t/h", 0, 400, false),
        lyon(
            Point.KILN_SPEED,
            "LYN.K1.DRIVE.SPEED.PV",
            "K1 kiln speed",
            k1 + "/DRIVE",
            "rpm",
            0,
            6,
            false),
        lyon(
            Point.BURNING_ZONE_TEMPERATURE,
            "LYN.K1.BZT.PV",
            "K1 burning zone pyrometer",
            k1,
            "°C",
            800,
            1800,
            false),
        lyon(
            Point.INLET_O2,
            "LYN.K1.INLET_O2.PV",
            "K1 inlet O2 analyser",
            k1 + "/GAS",
            "%",
            0,
            25,
            false),
        lyon(
            Point.FUEL_RATE,
            "LYN.K1.COAL.FLOW.PV",
            "K1 main burner coal flow",
            k1 + "/BURNER",
            "t/h",
            0,
            30,
            false),
        lyon(
            Point.FUEL_SETPOINT,
            "LYN.K1.COAL.FLOW.SP",
            "K1 main burner coal flow setpoint",
            k1 + "/BURNER",
            "t/h",
            0,
            30,
            true),
        lyon(
            Point.PREHEATER_OUTLET_TEMPERATURE,
            "LYN.PH.C1_OUT.TEMP.PV",
            "Cyclone 1 outlet gas temperature",
            "LYN/PH",
            "°C",
            0,
            600,
            false),
        lyon(
            Point.DRIVE_POWER,
            "LYN.K1.DRIVE.POWER.PV",
            "K1 main drive power",
            k1 + "/DRIVE",
            "kW",
            0,
            2000,
            false),
        lyon(
            Point.CLINKER_RATE,
            "LYN.CC.CLINKER.RATE.PV",
            "Cooler discharge weigh feeder, clinker",
            "LYN/CC",
            "t/h",
            0,
            300,
            false),
        new TagSpec(
            Point.FREE_LIME_LAB,
            "ns=2;s=LYN.LAB.CLINKER.FCAO",
            "LYN.LAB.CLINKER.FCAO",
            "Lab clinker free lime (LIMS)",
            "LYN/LAB",
            "%",
            1.0,
            0.0,
            "%",
            ValueType.DOUBLE,
            60_000,
            false,
            0,
            10),
        new TagSpec(
            Point.RAW_MEAL_LSF,
            "ns=2;s=LYN.LAB.RAWMEAL.LSF",
            "LYN.LAB.RAWMEAL.LSF",
            "Lab kiln feed lime saturation factor (LIMS)",
            "LYN/LAB",
            "%",
            1.0,
            0.0,
            "%",
            ValueType.DOUBLE,
            60_000,
            false,
            70,
            120),
        lyon(
            Point.KILN_SPEED_SETPOINT,
            "LYN.K1.DRIVE.SPEED.SP",
            "K1 kiln speed setpoint",
            k1 + "/DRIVE",
            "rpm",
            0,
            6,
            true),
        lyon(
            Point.FUEL_ADVICE,
            "LYN.K1.COAL.FLOW.ADV",
            "K1 coal flow advice (optimiser display)",
            k1 + "/BURNER",
            "t/h",
            0,
            30,
            true),
        lyon(
            Point.HOOD_TEMPERATURE,
            "LYN.K1.HOOD.TEMP.PV",
            "K1 kiln hood secondary air temperature",
            k1,
            "°C",
            0,
            1500,
            false),
        lyon(
            Point.INLET_CO,
            "LYN.K1.INLET_CO.PV",
            "K1 inlet CO analyser",
            k1 + "/GAS",
            "ppm",
            0,
            5000,
            false));
  }

  private static TagSpec lyon(
      Point point,
      String tag,
      String description,
      String folder,
      String unit,
      double low,
      double high,
      boolean writable) {
    return new TagSpec(
        point,
        "ns=2;s=" + tag,
        tag,
        description,
        folder,
        unit,
        1.0,
        0.0,
        unit,
        ValueType.DOUBLE,
        1000,
        writable,
        low,
        high);
  }

  /**
   * Joliet: another vendor's SCADA tag server. Numeric NodeIds in namespace 3 (namespace 2 holds
   * the vendor's system objects), US units, Float values, an O2 register in tenths of a percent
   * (per mille), LSF as a ratio, 2 to 300 s refresh.
   */
  public static Dialect joliet() {
    return new Dialect(
        "joliet",
        "Joliet SCADA tag server (plantops simulator)",
        List.of("urn:plantops:simulator:joliet:system", "urn:plantops:simulator:joliet:tags"),
        "/",
        List.of(
            joliet(Point.FEED_RATE, 2001, "KILN_FEED_KGM", "Kiln feed", "kg/min", 2000, 0, 6667),
            joliet(Point.KILN_SPEED, 2002, "KILN_DRV_RPM", "Kiln drive speed", "rpm", 2000, 0, 6),
            joliet(
                Point.BURNING_ZONE_TEMPERATURE,
                2003,
                "BZ_PYRO_F",
                "Burning zone pyrometer",
                "degF",
                2000,
                1500,
                3300),
            new TagSpec(
                Point.INLET_O2,
                "ns=3;i=2004",
                "INLET_O2_X10",
                "Kiln inlet O2, tenths of a percent",
                "Kiln2/Analyzers",
                "%",
                0.1,
                0.0,
                "‰",
                ValueType.INT32,
                5000,
                false,
                0,
                250),
            joliet(
                Point.FUEL_RATE,
                2005,
                "COAL_FLOW_KGM",
                "Main burner coal flow",
                "kg/min",
                2000,
                0,
                500),
            new TagSpec(
                Point.FUEL_SETPOINT,
                "ns=3;i=2006",
                "COAL_FLOW_SP_KGM",
                "Main burner coal flow setpoint",
                "Kiln2",
                "kg/min",
                1.0,
                0.0,
                "kg/min",
                ValueType.FLOAT,
                2000,
                true,
                0,
                500),
            joliet(
                Point.PREHEATER_OUTLET_TEMPERATURE,
                2007,
                "PH_STG1_GAS_F",
                "Preheater stage 1 gas outlet",
                "degF",
                5000,
                0,
                1100),
            joliet(Point.DRIVE_POWER, 2008, "KILN_DRV_MW", "Kiln drive power", "MW", 5000, 0, 2),
            joliet(
                Point.CLINKER_RATE,
                2009,
                "CLK_PROD_TPD",
                "Clinker production",
                "t/d",
                5000,
                0,
                7200),
            joliet(
                Point.FREE_LIME_LAB,
                2010,
                "LAB_FCAO",
                "Lab free lime of clinker",
                "%",
                300_000,
                0,
                10),
            joliet(
                Point.RAW_MEAL_LSF,
                2011,
                "LAB_LSF",
                "Lab lime saturation factor of kiln feed (ratio)",
                "1",
                300_000,
                0.7,
                1.2),
            new TagSpec(
                Point.KILN_SPEED_SETPOINT,
                "ns=3;i=2012",
                "KILN_DRV_SP_RPM",
                "Kiln drive speed setpoint",
                "Kiln2",
                "rpm",
                1.0,
                0.0,
                "rpm",
                ValueType.FLOAT,
                2000,
                true,
                0,
                6),
            new TagSpec(
                Point.FUEL_ADVICE,
                "ns=3;i=2013",
                "COAL_FLOW_ADV_KGM",
                "Coal flow advice (optimiser display)",
                "Kiln2",
                "kg/min",
                1.0,
                0.0,
                "kg/min",
                ValueType.FLOAT,
                2000,
                true,
                0,
                500),
            joliet(
                Point.HOOD_TEMPERATURE,
                2014,
                "HOOD_TEMP_F",
                "Kiln hood temperature",
                "degF",
                5000,
                0,
                2700),
            joliet(Point.INLET_CO, 2015, "INLET_CO_PPM", "Kiln inlet CO", "ppm", 5000, 0, 5000)));
  }

  private static TagSpec joliet(
      Point point,
      int id,
      String tag,
      String description,
      String unit,
      int samplingMs,
      double low,
      double high) {
    String folder = point.name().endsWith("_LAB") || tag.startsWith("LAB_") ? "Kiln2/Lab" : "Kiln2";
    return new TagSpec(
        point,
        "ns=3;i=" + id,
        tag,
        description,
        folder,
        unit,
        1.0,
        0.0,
        unit,
        ValueType.FLOAT,
        samplingMs,
        false,
        low,
        high);
  }
}
