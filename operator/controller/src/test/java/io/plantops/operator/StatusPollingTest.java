package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.assertCondition;
import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantPhase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.contract.Autonomy;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.ModelRefusal;
import io.plantops.contract.ModelRefusalReason;
import io.plantops.contract.MountPaths;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SessionState;
import io.plantops.contract.SkipReason;
import io.plantops.operator.model.Names;
import io.plantops.operator.testing.FakeWorkload;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.Workloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator polls each plant's inference server and connector (here small HTTP servers with
 * canned status documents, reached through host aliases as in the sandbox) and writes what they
 * report into SiteDeployment and Plant status: model verification, live phase, drift, KPIs, the
 * last recommendation, the OPC UA session and the onboarding milestones. The templates carry no
 * promotion gates here (PromotionTest covers them), so a verified site climbs to its spec.stage.
 */
class StatusPollingTest {

  static final List<String> NAMESPACES =
      List.of("advisory", "drift", "closed-loop", "figures", "skipping", "unmeasured");
  static final Map<String, FakeWorkload[]> FAKES = new HashMap<>();
  static MockCluster cluster;
  static OperatorHarness operator;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = new MockCluster();
    client = cluster.client();
    // polling is the subject here, not promotion: no gates, sites climb to their spec.stage
    Fixtures.ungatedTemplates(client);
    List<String> aliases = new ArrayList<>();
    for (String ns : NAMESPACES) {
      FakeWorkload inference = new FakeWorkload();
      FakeWorkload connector = new FakeWorkload();
      FAKES.put(ns, new FakeWorkload[] {inference, connector});
      aliases.add(Workloads.aliases("lyon", ns, inference, connector));
    }
    operator =
        OperatorHarness.start(
            cluster, Map.of("plantops.operator.host-aliases", String.join(",", aliases)));
  }

  @AfterAll
  static void stop() {
    operator.close();
    cluster.close();
    FAKES.values().forEach(f -> List.of(f).forEach(FakeWorkload::close));
  }

  @Test
  void aVerifiedModelMakesTheSiteLiveAndItsStatusCarriesDriftKpisAndTheLastRecommendation()
      throws Exception {
    String ns = "advisory";
    serveHealthy(ns, -1.71);
    Fixtures.lyon(client, ns);
    await().atMost(Duration.ofSeconds(15)).until(() -> deploymentsExist(ns));
    Fixtures.workloadsReady(client, ns, "lyon");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              SiteDeployment sd = sd(ns, "kiln1-energy");
              assertCondition(sd, ConditionTypes.MODEL_VERIFIED, ConditionStatus.True);
              assertCondition(sd, ConditionTypes.READY, ConditionStatus.True);
              assertCondition(sd, ConditionTypes.DEGRADED, ConditionStatus.False);
              assertThat(sd.getStatus().phase()).isEqualTo(Phase.Advisory);
              assertThat(sd.getStatus().activeModel().sha256())
                  .isEqualTo(Workloads.exampleSha256("1.2.0"));
              assertThat(sd.getStatus().drift().status()).isEqualTo(DriftStatus.Ok);
              assertThat(sd.getStatus().drift().worstSignal()).isEqualTo("kiln.feed.rate");
              assertThat(sd.getStatus().kpis().get(0).changePercent()).isEqualTo(-1.71);
              assertThat(sd.getStatus().evaluations()).isEqualTo(120L);
              assertThat(sd.getStatus().lastRecommendation().modelVersion()).isEqualTo("1.2.0");
              assertThat(sd.getStatus().lastRecommendation().outputs())
                  .containsEntry("fuel_setpoint", 11.4);
              assertThat(sd.getStatus().lastRecommendation().topContributors())
                  .containsExactly("kiln.burning_zone.temperature", "kiln.feed.rate");
              assertThat(sd.getStatus().history())
                  .as(yaml(sd))
                  .last()
                  .satisfies(h -> assertThat(h.stage()).isEqualTo(Stage.Advisory));
            });
    // the Plant reconciler re-renders the config after the SiteDeployment's status changed, so
    // the config follows the phase shortly after: advice reaches operators, nothing is written
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var energy = config(ns).useCase("kiln1-energy").orElseThrow();
              assertThat(energy.phase()).isEqualTo(Autonomy.Advisory);
              assertThat(energy.outputs().get(0).write()).isFalse();
            });

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Plant plant = plant(ns);
              assertCondition(plant, ConditionTypes.CONNECTED, ConditionStatus.True);
              assertCondition(plant, ConditionTypes.READY, ConditionStatus.True);
              assertThat(plant.getStatus().phase()).isEqualTo(PlantPhase.Ready);
              var m = plant.getStatus().onboarding();
              assertThat(m.workloadsReadyAt()).as(yaml(plant)).isNotNull();
              assertThat(m.firstDataAt()).isEqualTo("2026-11-18T11:06:40Z");
              assertThat(m.firstValidInferenceAt()).isEqualTo("2026-11-18T11:07:40Z");
              assertThat(m.firstAdvisoryAt()).isNotNull();
              assertThat(m.firstClosedLoopAt()).isNull();
              assertThat(plant.getStatus().inferenceServer().available()).isTrue();
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events(ns, "lyon"))
                    .extracting(Event::getMessage)
                    .anySatisfy(msg -> assertThat(msg).startsWith("firstValidInference at")));
    assertThat(
            operator.sample(
                "plantops.operator.onboarding.duration",
                Map.of("milestone", "firstValidInference")))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void aDriftAlertMarksTheSiteDegradedAndTheTemplateAsksForRetraining() {
    String ns = "drift";
    serveHealthy(ns, -1.0);
    Fixtures.lyon(client, ns);
    await().atMost(Duration.ofSeconds(15)).until(() -> deploymentsExist(ns));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> sd(ns, "kiln1-energy").getStatus().phase() == Phase.Advisory);

    var alert = Workloads.loaded("kiln1-energy", "1.2.0", -1.0);
    alert =
        new io.plantops.contract.InferenceStatus.UseCaseStatus(
            alert.name(),
            alert.active(),
            null,
            null,
            Workloads.drift(DriftStatus.Alert, 0.31),
            alert.kpis(),
            alert.evaluations(),
            alert.skipped(),
            alert.skipStreak(),
            alert.firstValidInferenceAtMs(),
            alert.lastRecommendation());
    FAKES.get(ns)[0].serve(
        Workloads.inference("lyon", alert, Workloads.loaded("kiln1-free-lime", "1.0.0", 0)));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              SiteDeployment sd = sd(ns, "kiln1-energy");
              var degraded = assertCondition(sd, ConditionTypes.DEGRADED, ConditionStatus.True);
              assertThat(degraded.reason()).isEqualTo("DriftAlert");
              assertThat(degraded.message()).contains("kiln.feed.rate");
              assertThat(sd.getStatus().drift().score()).isEqualTo(0.31);
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              UseCaseTemplate t =
                  client
                      .resources(UseCaseTemplate.class)
                      .withName("kiln-energy-optimization")
                      .get();
              assertThat(t.getStatus().retrainingDue()).as(yaml(t)).startsWith("DriftAlert at ");
            });
  }

  @Test
  void driftFiguresTheServerDoesNotHaveYetStayAbsentInTheStatusNeverZero() {
    String ns = "unmeasured";
    var early = Workloads.loaded("kiln1-energy", "1.2.0", -1.0);
    early =
        new io.plantops.contract.InferenceStatus.UseCaseStatus(
            early.name(),
            early.active(),
            null,
            null,
            // as the server writes it before the drift rule's minimum samples: no psi, no
            // meanShift, no score
            new io.plantops.contract.InferenceStatus.DriftReport(
                DriftStatus.Unknown,
                null,
                null,
                List.of(
                    new io.plantops.contract.InferenceStatus.SignalDrift(
                        "kiln.feed.rate", null, null, DriftStatus.Unknown, 3))),
            early.kpis(),
            early.evaluations(),
            early.skipped(),
            early.skipStreak(),
            early.firstValidInferenceAtMs(),
            early.lastRecommendation());
    FAKES.get(ns)[0].serve(
        Workloads.inference("lyon", early, Workloads.loaded("kiln1-free-lime", "1.0.0", 0)));
    FAKES.get(ns)[1].serve(Workloads.connector("lyon", SessionState.Connected));
    Fixtures.lyon(client, ns);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              SiteDeployment sd = sd(ns, "kiln1-energy");
              assertThat(sd.getStatus()).isNotNull();
              var drift = sd.getStatus().drift();
              assertThat(drift).as(yaml(sd)).isNotNull();
              assertThat(drift.status()).isEqualTo(DriftStatus.Unknown);
              assertThat(drift.score()).as(yaml(sd)).isNull();
              assertThat(drift.worstSignal()).isNull();
              assertThat(drift.signals())
                  .singleElement()
                  .satisfies(
                      s -> {
                        assertThat(s.samples()).isEqualTo(3L);
                        assertThat(s.psi()).as(yaml(sd)).isNull();
                        assertThat(s.meanShift()).isNull();
                      });
            });
    // what the API server stores, not only what the typed client reads back
    var raw =
        client
            .genericKubernetesResources("plantops.io/v1alpha1", "SiteDeployment")
            .inNamespace(ns)
            .withName("kiln1-energy")
            .get();
    @SuppressWarnings("unchecked")
    Map<String, Object> drift =
        (Map<String, Object>)
            ((Map<String, Object>) raw.getAdditionalProperties().get("status")).get("drift");
    assertThat(drift).doesNotContainKeys("score", "worstSignal");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> signals = (List<Map<String, Object>>) drift.get("signals");
    assertThat(signals)
        .singleElement()
        .satisfies(m -> assertThat(m).doesNotContainKeys("psi", "meanShift"));

    // once the server has the figures, they show
    FAKES.get(ns)[0].serve(
        Workloads.inference(
            "lyon",
            Workloads.loaded("kiln1-energy", "1.2.0", -1.0),
            Workloads.loaded("kiln1-free-lime", "1.0.0", 0)));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var drift2 = sd(ns, "kiln1-energy").getStatus().drift();
              assertThat(drift2.status()).isEqualTo(DriftStatus.Ok);
              assertThat(drift2.score()).isEqualTo(0.04);
              assertThat(drift2.signals())
                  .singleElement()
                  .satisfies(s -> assertThat(s.psi()).isEqualTo(0.04));
            });
  }

  @Test
  void closedLoopWritesOnlyWhileTheModelIsVerifiedAndFallsBackToShadowWhenItIsRefused() {
    String ns = "closed-loop";
    serveHealthy(ns, -2.0);
    Fixtures.lyon(client, ns);
    client
        .resources(SiteDeployment.class)
        .inNamespace(ns)
        .withName("kiln1-energy")
        .edit(
            sd -> {
              // not a read-modify-write race with the operator's status patches
              sd.getMetadata().setResourceVersion(null);
              var s = sd.getSpec();
              sd.setSpec(
                  new io.plantops.api.v1alpha1.SiteDeploymentSpec(
                      s.plantRef(),
                      s.templateRef(),
                      s.versionPolicy(),
                      s.tagMappingRef(),
                      Stage.ClosedLoop,
                      s.calibration(),
                      s.approvals()));
              return sd;
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(sd(ns, "kiln1-energy").getStatus().phase()).isEqualTo(Phase.ClosedLoop);
              var energy = config(ns).useCase("kiln1-energy").orElseThrow();
              assertThat(energy.phase()).isEqualTo(Autonomy.ClosedLoop);
              assertThat(energy.outputs().get(0).write()).isTrue();
              assertThat(plant(ns).getStatus().onboarding().firstClosedLoopAt()).isNotNull();
            });

    FAKES.get(ns)[0].serve(
        Workloads.inference(
            "lyon",
            Workloads.refused(
                "kiln1-energy",
                "1.2.0",
                ModelRefusal.of(ModelRefusalReason.DigestMismatch, "file has 1f3a...")),
            Workloads.loaded("kiln1-free-lime", "1.0.0", 0)));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              SiteDeployment sd = sd(ns, "kiln1-energy");
              var verified =
                  assertCondition(sd, ConditionTypes.MODEL_VERIFIED, ConditionStatus.False);
              assertThat(verified.reason()).isEqualTo("DigestMismatch");
              assertThat(
                      assertCondition(sd, ConditionTypes.DEGRADED, ConditionStatus.True).reason())
                  .isEqualTo("ModelLoadFailed");
              assertThat(sd.getStatus().phase()).isEqualTo(Phase.Pending);
              var energy = config(ns).useCase("kiln1-energy").orElseThrow();
              assertThat(energy.phase()).isEqualTo(Autonomy.Shadow);
              assertThat(energy.outputs().get(0).write()).isFalse();
            });
  }

  @Test
  void statusIsPatchedOnlyWhenWhatTheServersReportChanges() {
    String ns = "figures";
    serveHealthy(ns, -1.0);
    Fixtures.lyon(client, ns);
    await().atMost(Duration.ofSeconds(15)).until(() -> deploymentsExist(ns));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                sd(ns, "kiln1-energy").getStatus().kpis() != null
                    && sd(ns, "kiln1-energy").getStatus().phase() == Phase.Advisory
                    && sd(ns, "kiln1-free-lime").getStatus().phase() == Phase.Advisory);
    String version = sd(ns, "kiln1-energy").getMetadata().getResourceVersion();
    int polls = FAKES.get(ns)[0].polls();
    // the same figures, polled again and again: nothing to write
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .untilAsserted(
            () ->
                assertThat(sd(ns, "kiln1-energy").getMetadata().getResourceVersion())
                    .isEqualTo(version));
    assertThat(FAKES.get(ns)[0].polls()).isGreaterThan(polls + 3);

    serveHealthy(ns, -2.5);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(sd(ns, "kiln1-energy").getStatus().kpis().get(0).changePercent())
                    .isEqualTo(-2.5));

    // the server goes away: figures and verification are kept, the phase does not drop
    FAKES.get(ns)[0].serve(null);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              SiteDeployment sd = sd(ns, "kiln1-energy");
              var c = assertCondition(sd, ConditionTypes.MODEL_VERIFIED, ConditionStatus.Unknown);
              assertThat(c.reason()).isEqualTo("InferenceServerUnreachable");
              assertThat(sd.getStatus().phase()).isEqualTo(Phase.Advisory);
              assertThat(sd.getStatus().kpis().get(0).changePercent()).isEqualTo(-2.5);
            });
  }

  @Test
  void aLiveSiteWhoseCyclesAreAllSkippedForTheTemplatesMaxIsNotReadyNamingTheReasonAndTheSignal() {
    String ns = "skipping";
    serveHealthy(ns, -1.0);
    Fixtures.lyon(client, ns);
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> sd(ns, "kiln1-energy").getStatus().phase() == Phase.Advisory);

    var energy = Workloads.loaded("kiln1-energy", "1.2.0", -1.0);
    var lime = Workloads.loaded("kiln1-free-lime", "1.0.0", 0);
    long since = Workloads.FIRST_DATA_MS + 180_000;
    // four in a row: one short of the template's maxSkippedCycles (the default, 5)
    FAKES.get(ns)[0].serve(
        Workloads.inference(
            "lyon",
            Workloads.skipping(energy, 4, since, SkipReason.MissingInput, "kiln.inlet.o2"),
            lime));
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertCondition(
                    sd(ns, "kiln1-energy"), ConditionTypes.READY, ConditionStatus.True));

    FAKES.get(ns)[0].serve(
        Workloads.inference(
            "lyon",
            Workloads.skipping(energy, 5, since, SkipReason.MissingInput, "kiln.inlet.o2"),
            lime));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              SiteDeployment sd = sd(ns, "kiln1-energy");
              var ready = assertCondition(sd, ConditionTypes.READY, ConditionStatus.False);
              assertThat(ready.reason()).isEqualTo("EvaluationsSkipped");
              assertThat(ready.message())
                  .startsWith("every evaluation cycle skipped since 2026-11-18T11:09:40Z")
                  .contains("at least 5 in a row")
                  .contains("the latest for MissingInput on signal kiln.inlet.o2");
              assertThat(sd.getStatus().phase()).isEqualTo(Phase.Advisory);
              assertCondition(
                  sd(ns, "kiln1-free-lime"), ConditionTypes.READY, ConditionStatus.True);
            });

    serveHealthy(ns, -1.0);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertCondition(
                    sd(ns, "kiln1-energy"), ConditionTypes.READY, ConditionStatus.True));
  }

  static void serveHealthy(String ns, double kpiChange) {
    FAKES.get(ns)[0].serve(
        Workloads.inference(
            "lyon",
            Workloads.loaded("kiln1-energy", "1.2.0", kpiChange),
            Workloads.loaded("kiln1-free-lime", "1.0.0", 0)));
    FAKES.get(ns)[1].serve(Workloads.connector("lyon", SessionState.Connected));
  }

  static boolean deploymentsExist(String ns) {
    return client.apps().deployments().inNamespace(ns).list().getItems().size() == 2;
  }

  static List<Event> events(String ns, String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static SiteDeployment sd(String ns, String name) {
    return client.resources(SiteDeployment.class).inNamespace(ns).withName(name).get();
  }

  static Plant plant(String ns) {
    return client.resources(Plant.class).inNamespace(ns).withName("lyon").get();
  }

  static ResolvedPlantConfig config(String ns) throws Exception {
    return PlantConfigCodec.parse(
        client
            .configMaps()
            .inNamespace(ns)
            .withName(Names.plantConfig("lyon"))
            .get()
            .getData()
            .get(MountPaths.CONFIG_KEY));
  }
}
