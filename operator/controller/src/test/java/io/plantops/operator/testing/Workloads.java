package io.plantops.operator.testing;

import io.plantops.contract.Autonomy;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.InferenceStatus.DriftReport;
import io.plantops.contract.InferenceStatus.KpiReport;
import io.plantops.contract.InferenceStatus.ModelState;
import io.plantops.contract.InferenceStatus.SignalDrift;
import io.plantops.contract.InferenceStatus.SkipStreak;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.KpiAssessment;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.ModelRefusal;
import io.plantops.contract.Recommendation;
import io.plantops.contract.SessionState;
import io.plantops.contract.SkipReason;
import io.plantops.operator.model.Names;
import java.util.List;
import java.util.Map;

/** Canned status documents, as the inference server and the connector would report them. */
public final class Workloads {

  /**
   * The digest the example templates give for {@code version}: a loaded model reports the digest of
   * the file the template names.
   */
  public static String exampleSha256(String version) {
    for (String template :
        List.of("kiln-energy-optimization.yaml", "clinker-free-lime-soft-sensor.yaml")) {
      var t =
          (io.plantops.api.v1alpha1.UseCaseTemplate)
              Examples.read(Examples.DIR.resolve("templates").resolve(template));
      for (var m : t.getSpec().models()) {
        if (m.version().equals(version)) {
          return m.sha256();
        }
      }
    }
    throw new IllegalArgumentException("no example template has model version " + version);
  }

  public static final long FIRST_DATA_MS = 1_795_000_000_000L;

  private Workloads() {}

  /** A use case whose active model is loaded with the example digest, drift Ok, KPI improving. */
  public static UseCaseStatus loaded(String name, String version, double kpiChangePercent) {
    return new UseCaseStatus(
        name,
        new ModelState(
            version, exampleSha256(version), ModelLoadState.Loaded, null, FIRST_DATA_MS, version),
        null,
        null,
        drift(DriftStatus.Ok, 0.04),
        List.of(
            new KpiReport(
                "specific_heat_consumption",
                "kJ/kg",
                3450.0,
                BaselineSource.Calibration,
                3450.0 * (1 + kpiChangePercent / 100),
                kpiChangePercent,
                kpiChangePercent < 0 ? KpiAssessment.Improved : KpiAssessment.Worse,
                60)),
        120,
        Map.of(),
        null,
        FIRST_DATA_MS + 60_000,
        new Recommendation(
            7,
            name,
            version,
            Autonomy.Advisory,
            FIRST_DATA_MS + 120_000,
            "snap-7",
            List.of(
                new Recommendation.OutputValue(
                    "fuel_setpoint", "kiln.fuel.setpoint", "t/h", 11.4, 11.5, false)),
            List.of(
                new Recommendation.Contribution("kiln.burning_zone.temperature", 1481, -0.3),
                new Recommendation.Contribution("kiln.feed.rate", 161, 0.2))));
  }

  /** A use case whose active model the server refused. */
  public static UseCaseStatus refused(String name, String version, ModelRefusal reason) {
    return new UseCaseStatus(
        name,
        new ModelState(version, null, ModelLoadState.Failed, reason, null, null),
        null,
        null,
        null,
        List.of(),
        0,
        Map.of(),
        null,
        null,
        null);
  }

  /**
   * {@code u} after {@code cycles} cycles in a row skipped since {@code sinceMs}, the latest for
   * {@code reason} on {@code signal}: the skip counts grow with them, the figures stay.
   */
  public static UseCaseStatus skipping(
      UseCaseStatus u, long cycles, long sinceMs, SkipReason reason, String signal) {
    return new UseCaseStatus(
        u.name(),
        u.active(),
        u.candidate(),
        u.shadow(),
        u.drift(),
        u.kpis(),
        u.evaluations(),
        Map.of(reason, cycles),
        new SkipStreak(cycles, sinceMs, reason, signal),
        u.firstValidInferenceAtMs(),
        u.lastRecommendation());
  }

  /** Drift of one signal. */
  public static DriftReport drift(DriftStatus status, double psi) {
    return new DriftReport(
        status,
        psi,
        "kiln.feed.rate",
        List.of(new SignalDrift("kiln.feed.rate", psi, 1.5, status, 500)));
  }

  /** An inference server status for {@code plant}. */
  public static InferenceStatus inference(String plant, UseCaseStatus... useCases) {
    return new InferenceStatus(plant, "cfg", null, FIRST_DATA_MS, List.of(useCases));
  }

  /** A connector with its OPC UA session in {@code session}. */
  public static ConnectorStatus connector(String plant, SessionState session) {
    return connector(plant, session, null);
  }

  /** A connector with its OPC UA session in {@code session}, saying {@code message} about it. */
  public static ConnectorStatus connector(String plant, SessionState session, String message) {
    return new ConnectorStatus(
        plant, "cfg", null, session, message, 11, List.of(), 0, 0, 0, Map.of(), Map.of());
  }

  /** The host alias entries mapping a plant's two Services to the fakes. */
  public static String aliases(
      String plant, String ns, FakeWorkload inference, FakeWorkload connector) {
    return Names.serviceHost(Names.inferenceServer(plant), ns)
        + ":8080="
        + inference.address()
        + ","
        + Names.serviceHost(Names.connector(plant), ns)
        + ":8081="
        + connector.address();
  }
}
