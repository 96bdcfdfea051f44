package io.plantops.deploy;

import static org.awaitility.Awaitility.await;

import ai.onnxruntime.OrtEnvironment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.connector.mapping.MappingError;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.contract.Autonomy;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.HostAliases;
import io.plantops.contract.SessionState;
import io.plantops.contract.SignalRefusal;
import io.plantops.inference.Fixtures;
import io.plantops.inference.PlantFeed;
import io.plantops.inference.engine.Engine;
import io.plantops.inference.metrics.InferenceMetrics;
import io.plantops.inference.model.ModelLoader;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.observe.Reachability;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The real Prometheus exposition of each plantops exporter, produced in-process by the exporters'
 * own classes: the connector's {@link ConnectorMetrics}, the inference server's {@link Engine} and
 * {@link InferenceMetrics} running the committed example models on simulated plant data, and the
 * operator's {@link OperatorMetrics} on the Micrometer Prometheus registry its Spring application
 * uses. Every event method is called once so that labelled series exist; the names come from the
 * exporters, never from this class.
 */
final class Exporters {

  private Exporters() {}

  /** The connector's exposition, with every live figure and every event counted once. */
  static String connector() throws Exception {
    ConnectorMetrics metrics = new ConnectorMetrics(new StubLive());
    metrics.written("kiln1-energy", "fuel_setpoint", "written");
    metrics.withheld("kiln1-energy", "fuel_setpoint", "input_stale");
    metrics.advised("kiln1-energy", "fuel_setpoint", 12.5);
    metrics.adoption("kiln1-energy", "fuel_setpoint", "followed", 0.5);
    metrics.recommendation("kiln1-energy");
    metrics.configError();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.scrape(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * The inference server's exposition: the real engine with the Lyon config (kiln model 1.2.0
   * active, 1.3.0 as candidate, free-lime model), fed 15 minutes of simulated plant data and
   * evaluated, plus one of every event the server counts.
   */
  static String inferenceServer(Path cacheDir) throws Exception {
    long t0 = 1_800_000_000_000L;
    Fixtures.TestClock clock = new Fixtures.TestClock(t0);
    InferenceMetrics metrics = new InferenceMetrics();
    ModelLoader loader =
        new ModelLoader(OrtEnvironment.getEnvironment(), HostAliases.parse(null), cacheDir, clock);
    try (Engine engine = new Engine(clock, loader, metrics, false)) {
      metrics.plant("lyon");
      engine.apply(
          Fixtures.lyon(
              Autonomy.Advisory,
              Fixtures.model(Fixtures.KILN, "1.2.0"),
              Fixtures.model(Fixtures.KILN, "1.3.0")));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  engine.ready()
                      && new String(metrics.scrape(), StandardCharsets.UTF_8)
                          .contains("role=\"candidate\""));
      engine.ingest(new PlantFeed(7, t0 - 900_000).next(900));
      engine.evaluateNow("kiln1-energy");
      engine.evaluateNow("kiln1-free-lime");
      metrics.request("/v2/models/{model}/infer", "kiln1-energy", "1.2.0", 200, 1_000_000);
      metrics.requestError("/v2/models/{model}/infer", "kiln1-energy", "BadRequest");
      metrics.authRefused("signals", "missing");
      metrics.skipped("kiln1-energy", "1.2.0", "StaleInput");
      metrics.modelLoadFailure("kiln1-energy", "1.4.0", "DigestMismatch");
      metrics.configReload(true);
      metrics.samples("accepted", 1);
      return new String(metrics.scrape(), StandardCharsets.UTF_8);
    }
  }

  /** The operator's plantops_operator_* metrics, as Micrometer exposes them to Prometheus. */
  static String operator() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry, Clock.systemUTC());
    for (OperatorMetrics.Kind kind : OperatorMetrics.Kind.values()) {
      metrics.reconciled(kind, Duration.ofMillis(20), true);
      metrics.reconciled(kind, Duration.ofMillis(20), false);
      metrics.statusWritten(kind);
      metrics.eventEmitted(kind, "Normal", "Reconciled");
    }
    metrics.dependentWritten("Deployment", "create");
    metrics.statusPolled("inference", Reachability.Reachable);
    metrics.milestoneReached("firstData", Duration.ofMinutes(5));
    metrics.phases(
        OperatorMetrics.Kind.Plant,
        Reachability.class,
        () -> Stream.of("a", "b"),
        s -> Reachability.Reachable,
        Reachability.NotPolled);
    metrics.promotionTransition("promotion", "GatesPassed");
    metrics.gateEvaluated("minSamples", true);
    // the per-resource gauges are read from the informer caches at scrape time
    Plant plant =
        Serialization.unmarshal(
            """
            apiVersion: plantops.io/v1alpha1
            kind: Plant
            metadata: {name: lyon, namespace: plant-lyon}
            status:
              onboarding:
                registeredAt: "2026-11-24T10:00:00Z"
                firstDataAt: "2026-11-24T10:05:00Z"
              scorecard:
                mapping: {suggested: 9, edited: 1, manual: 1}
                calibration: {limits: 1, biases: 1, baselines: 1}
            """,
            Plant.class);
    SiteDeployment sd =
        Serialization.unmarshal(
            """
            apiVersion: plantops.io/v1alpha1
            kind: SiteDeployment
            metadata: {name: kiln1-energy, namespace: plant-lyon}
            spec:
              plantRef: lyon
              templateRef: {name: kiln-energy-optimization}
              tagMappingRef: lyon-kiln1
            status:
              phase: Advisory
              phaseSince: "2026-11-24T10:00:00Z"
              pendingPromotion: "Stage:ClosedLoop"
              pendingSince: "2026-11-24T11:00:00Z"
              pendingApprovals: [plant-manager]
              gates: [{name: minSamples, passed: true}]
              scorecard:
                adoption: {published: 20, followed: 15, followedPercent: 75.0}
            """,
            SiteDeployment.class);
    metrics.plantGauges(() -> Stream.of(plant));
    metrics.siteDeploymentGauges(() -> Stream.of(sd));
    // a template whose stored generation is invalid (its last valid one runs)
    UseCaseTemplate template =
        Serialization.unmarshal(
            """
            apiVersion: plantops.io/v1alpha1
            kind: UseCaseTemplate
            metadata: {name: kiln-energy-optimization, generation: 3}
            """,
            UseCaseTemplate.class);
    UseCaseTemplate fleet =
        Serialization.unmarshal(
            """
            apiVersion: plantops.io/v1alpha1
            kind: UseCaseTemplate
            metadata: {name: kiln-energy-optimization}
            status:
              scorecard:
                stages: [{ring: 0, phase: Advisory, sites: 1}]
                medianOnboarding: {firstValidInferenceSeconds: 660, firstAdvisorySeconds: 1200}
                sitesInferring: 1
                sitesWithKpiGain: 0
                mapping: {suggested: 9, edited: 1, manual: 1}
                calibration: {limits: 1, biases: 1, baselines: 1}
                adoption: {published: 20, followed: 15, followedPercent: 75.0}
            """,
            UseCaseTemplate.class);
    metrics.templateGauges(() -> Stream.of(fleet));
    metrics.invalidGenerations(
        OperatorMetrics.Kind.UseCaseTemplate, () -> Stream.of(template), t -> true);
    return registry.scrape();
  }

  /**
   * The names of the samples in an exposition (what PromQL selects: {@code x_total}, {@code
   * x_bucket}, {@code x_count}, {@code x_sum}, {@code x_max} as written, never the family name of a
   * counter or histogram).
   */
  static Set<String> sampleNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      names.add(line.substring(0, end));
    }
    return names;
  }

  /** A connector with one signal, one stale, a half-full buffer and a closed gap. */
  private static final class StubLive implements ConnectorMetrics.Live {
    @Override
    public SessionState sessionState() {
      return SessionState.Connected;
    }

    @Override
    public int monitoredItems() {
      return 2;
    }

    @Override
    public int subscriptions() {
      return 1;
    }

    @Override
    public long notifications() {
      return 10;
    }

    @Override
    public double notificationsPerSecond() {
      return 1;
    }

    @Override
    public long mappingErrors(MappingError kind) {
      return 0;
    }

    @Override
    public long samplesDropped() {
      return 0;
    }

    @Override
    public List<String> signals() {
      return List.of("kiln.feed.rate", "kiln.inlet.o2");
    }

    @Override
    public List<String> staleSignals() {
      return List.of("kiln.inlet.o2");
    }

    @Override
    public int heldSignals() {
      return 2;
    }

    @Override
    public long keepAlivePeriodMs() {
      return 10_000;
    }

    @Override
    public List<ConnectorStatus.RefusedSignal> refusedSignals() {
      return List.of(
          new ConnectorStatus.RefusedSignal(
              "kiln.speed",
              "lyon-kiln1",
              "ns=2;s=Kiln1.Speed",
              SignalRefusal.NamespaceMoved,
              "the namespace moved; name the node by nsu="));
    }

    @Override
    public long bufferBatches() {
      return 1;
    }

    @Override
    public long bufferBytes() {
      return 512;
    }

    @Override
    public long bufferMaxBytes() {
      return 1024;
    }

    @Override
    public long bufferedTotal() {
      return 1;
    }

    @Override
    public long replayedTotal() {
      return 0;
    }

    @Override
    public long droppedTotal() {
      return 0;
    }

    @Override
    public long batchesSent() {
      return 3;
    }

    @Override
    public long batchesRefused() {
      return 0;
    }

    @Override
    public long samplesRejected() {
      return 0;
    }

    @Override
    public boolean gapOpen() {
      return false;
    }

    @Override
    public long gapsLost() {
      return 0;
    }

    @Override
    public long gapsRecovered() {
      return 1;
    }

    @Override
    public double gapSecondsLost() {
      return 0;
    }

    @Override
    public double gapSecondsRecovered() {
      return 4.5;
    }

    @Override
    public boolean watchdogHealthy() {
      return true;
    }

    @Override
    public boolean configLoaded() {
      return true;
    }
  }
}
