package io.plantops.simulator;

import java.util.List;
import java.util.Map;

/**
 * Alpena (Michigan): a third plant that differs from Lyon and Joliet on every axis.
 *
 * <ul>
 *   <li>NodeIds: GUIDs ({@code ns=4;g=…}) in namespace 4 (2: the vendor's server objects, 3: its
 *       diagnostics), as historian gateways and some DCS servers expose them; browse names are
 *       ISA-5.1 loop tags ({@code WI-3101}) that say nothing without their descriptions.
 *   <li>Units: US customary throughout: short tons per hour and per day, kilopounds per hour of
 *       coal, °F, horsepower.
 *   <li>Server: reports by exception (a constant value keeps its source timestamp and sends
 *       nothing), absolute deadbands on the noisy measurements, a sampling floor of 1000 ms (tags
 *       scanned every 500 ms, requests for 500 ms revised to 1000 ms), and operators who touch the
 *       setpoints every 4 simulated hours.
 * </ul>
 */
final class Alpena {

  static final String TAG_NAMESPACE = "urn:plantops:simulator:alpena:kiln3";

  private static final int SCAN_MS = 500;
  private static final int LAB_MS = 600_000;

  private Alpena() {}

  static Dialect dialect() {
    return new Dialect(
        "alpena",
        "Alpena Kiln 3 historian gateway (plantops simulator)",
        List.of(
            "urn:plantops:simulator:alpena:server",
            "urn:plantops:simulator:alpena:diagnostics",
            TAG_NAMESPACE),
        "/UA/Kiln3",
        List.of(
            tag(
                Point.FEED_RATE,
                "f7d81162-8bb8-4dc8-aa65-4a3b66e5193d",
                "WI-3101",
                "Kiln 3 feed weigher",
                "Site/Kiln3",
                "st/h",
                SCAN_MS,
                false,
                0,
                440),
            tag(
                Point.KILN_SPEED,
                "3260f011-10e4-458e-8561-3a80809e71b4",
                "SI-3102",
                "Kiln 3 shell speed",
                "Site/Kiln3",
                "rpm",
                SCAN_MS,
                false,
                0,
                6),
            tag(
                Point.BURNING_ZONE_TEMPERATURE,
                "ba64dde2-913b-44ca-ad6c-6d7cd4d06b3c",
                "TI-3103",
                "Kiln 3 burning zone pyrometer",
                "Site/Kiln3",
                "degF",
                SCAN_MS,
                false,
                1500,
                3300),
            tag(
                Point.INLET_O2,
                "e0f11d27-9f2a-4d04-a586-5b1e093db2f3",
                "AI-3104A",
                "Kiln 3 inlet O2 analyzer",
                "Site/Kiln3/Analyzers",
                "%",
                SCAN_MS,
                false,
                0,
                25),
            tag(
                Point.FUEL_RATE,
                "a4820ad2-4946-48b9-aee1-ae51028e10a7",
                "FI-3105",
                "Kiln 3 main burner coal flow",
                "Site/Kiln3/Burner",
                "klb/h",
                SCAN_MS,
                false,
                0,
                66),
            tag(
                Point.FUEL_SETPOINT,
                "fe0c6a1b-0ca4-4fe0-96f4-656ae1386962",
                "FIC-3105.SP",
                "Kiln 3 main burner coal flow setpoint",
                "Site/Kiln3/Burner",
                "klb/h",
                SCAN_MS,
                true,
                0,
                66),
            tag(
                Point.PREHEATER_OUTLET_TEMPERATURE,
                "c34bc0d8-69b7-4f0a-9137-c2d8058504a9",
                "TI-3201",
                "Preheater top stage gas outlet temperature",
                "Site/Kiln3/Preheater",
                "degF",
                SCAN_MS,
                false,
                0,
                1100),
            tag(
                Point.DRIVE_POWER,
                "16375718-c3b1-448a-82b6-c74e9b353516",
                "JI-3106",
                "Kiln 3 main drive power",
                "Site/Kiln3",
                "hp",
                SCAN_MS,
                false,
                0,
                2700),
            tag(
                Point.CLINKER_RATE,
                "be303f4f-1ea2-4a7c-b121-b1acf82179dc",
                "WI-3401",
                "Clinker production, cooler discharge",
                "Site/Kiln3/Cooler",
                "st/d",
                SCAN_MS,
                false,
                0,
                8000),
            tag(
                Point.FREE_LIME_LAB,
                "38ef6773-2b68-4da0-a634-e7ff10c210d9",
                "LAB-FCAO",
                "Lab free lime in clinker",
                "Site/Lab",
                "%",
                LAB_MS,
                false,
                0,
                10),
            tag(
                Point.RAW_MEAL_LSF,
                "5dccd9c9-5626-438e-9e4d-53ef10ea4a3c",
                "LAB-LSF",
                "Lab lime saturation factor of kiln feed",
                "Site/Lab",
                "%",
                LAB_MS,
                false,
                70,
                120),
            tag(
                Point.KILN_SPEED_SETPOINT,
                "16feb2e7-01b8-416c-b577-a6c8d6334e33",
                "SIC-3102.SP",
                "Kiln 3 shell speed setpoint",
                "Site/Kiln3",
                "rpm",
                SCAN_MS,
                true,
                0,
                6),
            tag(
                Point.FUEL_ADVICE,
                "338e26a8-c2c6-4b26-9db4-2e5a9da5848b",
                "FIC-3105.ADV",
                "Coal flow advice to the operator (optimizer display)",
                "Site/Kiln3/Burner",
                "klb/h",
                SCAN_MS,
                true,
                0,
                66),
            tag(
                Point.HOOD_TEMPERATURE,
                "122b5a7d-c4ed-4a54-a7a6-524d8a957cae",
                "TI-3107",
                "Kiln 3 hood temperature",
                "Site/Kiln3",
                "degF",
                SCAN_MS,
                false,
                0,
                2700),
            tag(
                Point.INLET_CO,
                "f3b7ae0c-d689-4cc8-8ab8-7a48542c75cf",
                "AI-3104B",
                "Kiln 3 inlet CO analyzer",
                "Site/Kiln3/Analyzers",
                "ppm",
                SCAN_MS,
                false,
                0,
                5000)),
        new ServerBehaviour(
            true,
            Map.of(
                Point.FEED_RATE, 0.5,
                Point.KILN_SPEED, 0.01,
                Point.BURNING_ZONE_TEMPERATURE, 2.0,
                Point.INLET_O2, 0.05,
                Point.FUEL_RATE, 0.05,
                Point.PREHEATER_OUTLET_TEMPERATURE, 2.0,
                Point.DRIVE_POWER, 5.0,
                Point.CLINKER_RATE, 5.0,
                Point.HOOD_TEMPERATURE, 2.0,
                Point.INLET_CO, 5.0),
            1000,
            4 * 3600.0));
  }

  private static TagSpec tag(
      Point point,
      String guid,
      String tag,
      String description,
      String folder,
      String unit,
      int samplingMs,
      boolean writable,
      double low,
      double high) {
    return new TagSpec(
        point,
        "ns=4;g=" + guid,
        tag,
        description,
        folder,
        unit,
        1.0,
        0.0,
        unit,
        ValueType.DOUBLE,
        samplingMs,
        writable,
        low,
        high);
  }
}
