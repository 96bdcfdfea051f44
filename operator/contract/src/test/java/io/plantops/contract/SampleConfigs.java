package io.plantops.contract;

import io.plantops.contract.ResolvedPlantConfig.ConnectorSettings;
import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.contract.ResolvedPlantConfig.PlantInfo;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.UseCaseConfig.Drift;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.UseCaseConfig.KpiDefinition;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.contract.UseCaseConfig.Output;
import io.plantops.contract.UseCaseConfig.OutputKind;
import io.plantops.contract.UseCaseConfig.Reference;
import java.util.List;

/**
 * Realistic resolved configs for tests of the workloads (published as this module's test-jar). They
 * mirror examples/plants/lyon: two use cases, the kiln energy optimiser with a setpoint output and
 * the free-lime soft sensor.
 */
public final class SampleConfigs {

  /** A digest that matches no real file. */
  public static final String FAKE_SHA256 =
      "0000000000000000000000000000000000000000000000000000000000000000";

  private SampleConfigs() {}

  /** Kiln energy input features, in model column order. */
  public static List<Feature> kilnInputs() {
    return List.of(
        new Feature("kiln.feed.rate", "t/h", Aggregation.Mean, 300, 0.0, 400.0),
        new Feature("kiln.speed", "rpm", Aggregation.Mean, 300, 0.0, 6.0),
        new Feature("kiln.burning_zone.temperature", "°C", Aggregation.Mean, 300, 900.0, 1700.0),
        new Feature("kiln.inlet.o2", "%", Aggregation.Mean, 300, 0.0, 12.0),
        new Feature("kiln.fuel.rate", "t/h", Aggregation.Mean, 300, 0.0, 30.0),
        new Feature("preheater.outlet.temperature", "°C", Aggregation.Mean, 300, 150.0, 500.0),
        new Feature("kiln.main_drive.power", "kW", Aggregation.Mean, 300, 0.0, 1500.0));
  }

  /** The Lyon plant's mappings (site units equal canonical units except where noted). */
  public static List<SignalMapping> lyonSignals() {
    return List.of(
        map("kiln.feed.rate", "ns=2;s=LYN.K1.FEED_RATE.PV", "t/h", "t/h", false),
        map("kiln.speed", "ns=2;s=LYN.K1.DRIVE.SPEED.PV", "rpm", "rpm", false),
        map("kiln.burning_zone.temperature", "ns=2;s=LYN.K1.BZT.PV", "°C", "°C", false),
        map("kiln.inlet.o2", "ns=2;s=LYN.K1.INLET_O2.PV", "%", "%", false),
        map("kiln.fuel.rate", "ns=2;s=LYN.K1.COAL.FLOW.PV", "t/h", "t/h", false),
        map("kiln.fuel.setpoint", "ns=2;s=LYN.K1.COAL.FLOW.SP", "t/h", "t/h", true),
        map("preheater.outlet.temperature", "ns=2;s=LYN.PH.C1_OUT.TEMP.PV", "°C", "°C", false),
        map("kiln.main_drive.power", "ns=2;s=LYN.K1.DRIVE.POWER.PV", "kW", "kW", false),
        map("kiln.clinker.rate", "ns=2;s=LYN.CC.CLINKER.RATE.PV", "t/h", "t/h", false),
        new SignalMapping(
            "clinker.free_lime.lab",
            "ns=2;s=LYN.LAB.CLINKER.FCAO",
            "%",
            "%",
            1.0,
            0.0,
            60000,
            false),
        new SignalMapping(
            "raw_meal.lsf", "ns=2;s=LYN.LAB.RAWMEAL.LSF", "%", "%", 1.0, 0.0, 60000, false));
  }

  private static SignalMapping map(
      String signal, String nodeId, String siteUnit, String canonicalUnit, boolean writable) {
    return new SignalMapping(signal, nodeId, siteUnit, canonicalUnit, 1.0, 0.0, 1000, writable);
  }

  /** Default drift thresholds. */
  public static Drift defaultDrift() {
    return new Drift(0.1, 0.25, 20.0, 50.0, 0.5, 200);
  }

  /** Reference statistics with 4 equal-probability bins around {@code mean}. */
  public static Reference reference(String signal, double mean, double stddev) {
    return new Reference(
        signal,
        mean,
        stddev,
        List.of(mean - 0.6745 * stddev, mean, mean + 0.6745 * stddev),
        List.of(0.25, 0.25, 0.25, 0.25));
  }

  /** The kiln energy use case at Lyon in the given phase, with the given model. */
  public static UseCaseConfig kilnEnergy(Autonomy phase, Model active, Model candidate) {
    boolean write = phase == Autonomy.ClosedLoop;
    return new UseCaseConfig(
        "kiln1-energy",
        "kiln-energy-optimization",
        phase,
        60,
        kilnInputs(),
        List.of(
            new Feature("kiln.clinker.rate", "t/h", Aggregation.Mean, 900, 0.0, 250.0),
            new Feature("clinker.free_lime.lab", "%", Aggregation.Last, 7200, 0.0, 6.0)),
        List.of(
            new Output(
                "fuel_setpoint",
                "kiln.fuel.setpoint",
                OutputKind.Setpoint,
                "t/h",
                4.0,
                20.0,
                6.0,
                18.0,
                -0.1,
                0.2,
                0.05,
                null,
                write)),
        active,
        candidate,
        List.of(
            new KpiDefinition(
                "specific_heat_consumption",
                "kiln.fuel.rate * 30000.0 / kiln.clinker.rate",
                "kJ/kg",
                true,
                60,
                3450.0,
                24)),
        defaultDrift());
  }

  /** A kiln energy model slot with reference statistics for every input. */
  public static Model kilnModel(String version, String uri, String sha256) {
    return new Model(
        version,
        uri,
        sha256,
        "input",
        "output",
        List.of(
            reference("kiln.feed.rate", 160.0, 6.0),
            reference("kiln.speed", 3.5, 0.3),
            reference("kiln.burning_zone.temperature", 1478.0, 12.0),
            reference("kiln.inlet.o2", 3.0, 0.6),
            reference("kiln.fuel.rate", 11.7, 0.4),
            reference("preheater.outlet.temperature", 330.0, 15.0),
            reference("kiln.main_drive.power", 620.0, 60.0)));
  }

  /** The free-lime soft sensor at Lyon (advisory only). */
  public static UseCaseConfig freeLime(Autonomy phase, Model active) {
    return new UseCaseConfig(
        "kiln1-free-lime",
        "clinker-free-lime-soft-sensor",
        phase,
        60,
        List.of(
            new Feature(
                "kiln.burning_zone.temperature", "°C", Aggregation.Mean, 600, 900.0, 1700.0),
            new Feature("kiln.feed.rate", "t/h", Aggregation.Mean, 600, 0.0, 400.0),
            new Feature("kiln.speed", "rpm", Aggregation.Mean, 600, 0.0, 6.0),
            new Feature("kiln.fuel.rate", "t/h", Aggregation.Mean, 600, 0.0, 30.0),
            new Feature("kiln.inlet.o2", "%", Aggregation.Mean, 600, 0.0, 12.0),
            new Feature("raw_meal.lsf", "%", Aggregation.Last, 7200, 80.0, 110.0)),
        List.of(new Feature("clinker.free_lime.lab", "%", Aggregation.Last, 7200, 0.0, 6.0)),
        List.of(
            new Output(
                "free_lime",
                "clinker.free_lime.predicted",
                OutputKind.Prediction,
                "%",
                0.0,
                6.0,
                0.0,
                6.0,
                0.0,
                null,
                0.0,
                "clinker.free_lime.lab",
                false)),
        active,
        null,
        List.of(
            new KpiDefinition(
                "off_spec_clinker",
                "clinker.free_lime.lab > 2.0 ? 100.0 : 0.0",
                "%",
                true,
                1440,
                null,
                24)),
        defaultDrift());
  }

  /** Lyon with both use cases, sealed (configVersion filled in). */
  public static ResolvedPlantConfig lyon(Autonomy kilnPhase) {
    Model kiln =
        kilnModel("1.2.0", "file:///models/kiln-energy-optimization/1.2.0/model.onnx", FAKE_SHA256);
    Model lime =
        new Model(
            "1.0.0",
            "file:///models/clinker-free-lime-soft-sensor/1.0.0/model.onnx",
            FAKE_SHA256,
            "input",
            "output",
            List.of());
    return PlantConfigCodec.seal(
        new ResolvedPlantConfig(
            ResolvedPlantConfig.SCHEMA_VERSION,
            null,
            new PlantInfo("plant-lyon", "lyon", "Lyon cement works", "Europe/Paris"),
            new OpcUaSettings(
                "opc.tcp://lyon-dcs.plant-lyon.example:4840/lyon",
                "Basic256Sha256",
                "SignAndEncrypt",
                MountPaths.OPCUA_CLIENT_DIR + "/tls.crt",
                MountPaths.OPCUA_CLIENT_DIR + "/tls.key",
                MountPaths.OPCUA_USER_DIR + "/username",
                MountPaths.OPCUA_USER_DIR + "/password",
                MountPaths.OPCUA_TRUSTED_DIR,
                false),
            new ConnectorSettings(
                "http://lyon-inference.plant-lyon.svc:8080", 256L << 20, 3, 900, true, 30),
            lyonSignals(),
            List.of(kilnEnergy(kilnPhase, kiln, null), freeLime(Autonomy.Advisory, lime))));
  }
}
