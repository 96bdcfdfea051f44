package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.assertCondition;
import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.contract.Autonomy;
import io.plantops.contract.MountPaths;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SessionState;
import io.plantops.operator.model.Names;
import io.plantops.operator.testing.FakeWorkload;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.Workloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Last known good: an invalid generation of a shared input stored anyway (the admission webhook
 * down, or written before it existed) never takes a running site out of its stage, nor replaces the
 * resolved plant config; the input's status says which generation is invalid and which one runs,
 * with an event and a metric; fixing it resumes normal reconciliation. Lyon's kiln energy site runs
 * in ClosedLoop and its free lime soft sensor in Advisory (templates without gates, so that they
 * climb at once).
 */
class LastKnownGoodTest {

  static final String NS = "plant-lyon";
  static final String ENERGY = "kiln1-energy";
  static final String FREE_LIME = "kiln1-free-lime";
  static final String KILN_TEMPLATE = "kiln-energy-optimization";

  MockCluster cluster;
  KubernetesClient client;
  FakeWorkload inference;
  FakeWorkload connector;
  Map<String, String> properties;
  List<OperatorHarness> operators = new ArrayList<>();

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    client = cluster.client();
    Fixtures.ungatedTemplates(client);
    inference = new FakeWorkload();
    connector = new FakeWorkload();
    inference.serve(
        Workloads.inference(
            "lyon",
            Workloads.loaded(ENERGY, "1.2.0", -1.5),
            Workloads.loaded(FREE_LIME, "1.0.0", 0)));
    connector.serve(Workloads.connector("lyon", SessionState.Connected));
    properties =
        Map.of(
            "plantops.operator.host-aliases", Workloads.aliases("lyon", NS, inference, connector));
  }

  @AfterEach
  void stop() {
    operators.forEach(OperatorHarness::close);
    cluster.close();
    inference.close();
    connector.close();
  }

  @Test
  void aTemplateTypoKeepsEverySiteInItsStageOnTheLastValidGenerationUntilItIsFixed() {
    OperatorHarness operator = startOperator();
    liveFleet();
    String running = configJson();

    patch(
        template(),
        "[{\"op\":\"replace\",\"path\":\"/spec/kpis/0/expression\","
            + "\"value\":\"kiln.fuel.rate * 30000.0 / kiln.clinker.rat\"}]");
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              UseCaseTemplate t = template();
              assertThat(t.getStatus().observedGeneration()).as(yaml(t)).isEqualTo(2L);
              Condition valid = assertCondition(t, ConditionTypes.VALID, ConditionStatus.False);
              assertThat(valid.reason()).isEqualTo("InvalidGeneration");
              assertThat(valid.message())
                  .startsWith("generation 2 is invalid: spec.kpis[0].expression")
                  .contains("kiln.clinker.rat")
                  .endsWith("; running generation 1");
              assertThat(t.getStatus().lastValidGeneration()).isEqualTo(1L);
            });
    awaitEvent("default", KILN_TEMPLATE, "InvalidGeneration", "Warning");
    awaitInvalidGauge(operator, "UseCaseTemplate", "", KILN_TEMPLATE, true);

    sitesHold(running);

    // fixed, with a real change: the new generation runs
    patch(
        template(),
        "[{\"op\":\"replace\",\"path\":\"/spec/kpis/0/expression\","
            + "\"value\":\"kiln.fuel.rate * 30000.0 / kiln.clinker.rate\"},"
            + "{\"op\":\"replace\",\"path\":\"/spec/kpis/0/windowMinutes\",\"value\":30}]");
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              UseCaseTemplate t = template();
              assertCondition(t, ConditionTypes.VALID, ConditionStatus.True);
              assertThat(t.getStatus().lastValidGeneration()).as(yaml(t)).isEqualTo(3L);
              assertThat(config().useCase(ENERGY).orElseThrow().kpis().get(0).windowMinutes())
                  .isEqualTo(30);
            });
    awaitInvalidGauge(operator, "UseCaseTemplate", "", KILN_TEMPLATE, false);
    assertThat(sd(ENERGY).getStatus().phase()).isEqualTo(Phase.ClosedLoop);
  }

  @Test
  void anIncompatibleUnitOnALiveMappingKeepsTheClosedLoopSiteRunningItsLastValidMapping() {
    OperatorHarness operator = startOperator();
    liveFleet();
    String running = configJson();

    // kiln.feed.rate in kW: not a mass flow
    patch(
        tagMapping(), "[{\"op\":\"replace\",\"path\":\"/spec/mappings/0/unit\",\"value\":\"kW\"}]");
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              TagMapping tm = tagMapping();
              assertThat(tm.getStatus().observedGeneration()).as(yaml(tm)).isEqualTo(2L);
              Condition valid = assertCondition(tm, ConditionTypes.VALID, ConditionStatus.False);
              assertThat(valid.reason()).isEqualTo("InvalidGeneration");
              assertThat(valid.message())
                  .startsWith("generation 2 is invalid: 1 problem(s)")
                  .contains("spec.mappings[0].unit")
                  .endsWith("; running generation 1");
              assertThat(tm.getStatus().lastValidGeneration()).isEqualTo(1L);
              assertThat(tm.getStatus().lastValidSpec().mappings().get(0).unit()).isEqualTo("t/h");
            });
    awaitEvent(NS, "lyon-kiln1", "InvalidGeneration", "Warning");
    awaitInvalidGauge(operator, "TagMapping", NS, "lyon-kiln1", true);

    sitesHold(running);
    SiteDeployment energy = sd(ENERGY);
    assertCondition(energy, ConditionTypes.INPUTS_COVERED, ConditionStatus.True);
    assertThat(energy.getStatus().history())
        .as("no excursion recorded")
        .noneSatisfy(h -> assertThat(h.reason().name()).isEqualTo("NotLive"));

    // fixed with a convertible unit: the new mapping runs, the site stays in ClosedLoop
    patch(
        tagMapping(),
        "[{\"op\":\"replace\",\"path\":\"/spec/mappings/0/unit\",\"value\":\"kg/h\"}]");
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              TagMapping tm = tagMapping();
              assertCondition(tm, ConditionTypes.VALID, ConditionStatus.True);
              assertThat(tm.getStatus().lastValidGeneration()).as(yaml(tm)).isEqualTo(3L);
              assertThat(config().signal("kiln.feed.rate").orElseThrow().siteUnit())
                  .isEqualTo("kg/h");
            });
    awaitInvalidGauge(operator, "TagMapping", NS, "lyon-kiln1", false);
    assertThat(sd(ENERGY).getStatus().phase()).isEqualTo(Phase.ClosedLoop);
  }

  @Test
  void aBadPlantEditKeepsTheWorkloadsOnTheLastValidSpecUntilItIsFixed() {
    OperatorHarness operator = startOperator();
    liveFleet();
    String running = configJson();
    assertThat(plant().getStatus().lastValidGeneration()).isEqualTo(1L);

    // a typo in the time zone, and a session without security under ReadWrite mappings
    patch(
        plant(),
        "[{\"op\":\"replace\",\"path\":\"/spec/timezone\",\"value\":\"Europe/Pariss\"},"
            + "{\"op\":\"replace\",\"path\":\"/spec/opcua/securityPolicy\",\"value\":\"None\"},"
            + "{\"op\":\"replace\",\"path\":\"/spec/opcua/securityMode\",\"value\":\"None\"}]");
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Plant p = plant();
              assertThat(p.getStatus().observedGeneration()).as(yaml(p)).isEqualTo(2L);
              Condition valid = assertCondition(p, ConditionTypes.VALID, ConditionStatus.False);
              assertThat(valid.reason()).isEqualTo("InvalidGeneration");
              assertThat(valid.message())
                  .startsWith("generation 2 is invalid: spec.timezone Europe/Pariss")
                  .contains("spec.opcua: ")
                  .endsWith("; running generation 1");
              assertThat(p.getStatus().lastValidGeneration()).isEqualTo(1L);
              assertThat(p.getStatus().lastValidSpec().timezone()).isEqualTo("Europe/Paris");
            });
    awaitEvent(NS, "lyon", "InvalidGeneration", "Warning");
    awaitInvalidGauge(operator, "Plant", NS, "lyon", true);
    // the config (its time zone and session security included) is what ran before
    sitesHold(running);
    assertThat(sd(ENERGY).getStatus().history())
        .as("no excursion recorded")
        .noneSatisfy(h -> assertThat(h.reason().name()).isEqualTo("NotLive"));

    // fixed: the new generation runs
    patch(
        plant(),
        "[{\"op\":\"replace\",\"path\":\"/spec/timezone\",\"value\":\"Europe/Berlin\"},"
            + "{\"op\":\"replace\",\"path\":\"/spec/opcua/securityPolicy\","
            + "\"value\":\"Basic256Sha256\"},"
            + "{\"op\":\"replace\",\"path\":\"/spec/opcua/securityMode\","
            + "\"value\":\"SignAndEncrypt\"}]");
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Plant p = plant();
              assertCondition(p, ConditionTypes.VALID, ConditionStatus.True);
              assertThat(p.getStatus().lastValidGeneration()).as(yaml(p)).isEqualTo(3L);
              assertThat(config().plant().timezone()).isEqualTo("Europe/Berlin");
            });
    awaitInvalidGauge(operator, "Plant", NS, "lyon", false);
    assertThat(sd(ENERGY).getStatus().phase()).isEqualTo(Phase.ClosedLoop);
  }

  @Test
  void anOperatorRestartedWhileAnInvalidGenerationIsStoredRunsTheLastValidOne() {
    OperatorHarness first = startOperator();
    liveFleet();
    String running = configJson();
    first.close();
    operators.remove(first);

    // written while no operator runs
    patch(
        template(),
        "[{\"op\":\"replace\",\"path\":\"/spec/kpis/0/expression\","
            + "\"value\":\"kiln.fuel.rate * 30000.0 / kiln.clinker.rat\"}]");
    OperatorHarness second = startOperator();
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              UseCaseTemplate t = template();
              assertThat(t.getStatus().observedGeneration()).as(yaml(t)).isEqualTo(2L);
              assertThat(assertCondition(t, ConditionTypes.VALID, ConditionStatus.False).message())
                  .endsWith("; running generation 1");
            });
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> reconciles(second, "SiteDeployment") >= 2 && reconciles(second, "Plant") >= 1);
    sitesHold(running);
  }

  // --- helpers

  OperatorHarness startOperator() {
    OperatorHarness h = OperatorHarness.start(cluster, properties);
    operators.add(h);
    return h;
  }

  /** Lyon with kiln energy asked and live in ClosedLoop, free lime in Advisory. */
  void liveFleet() {
    Fixtures.lyon(client, NS);
    client
        .resources(SiteDeployment.class)
        .inNamespace(NS)
        .withName(ENERGY)
        .edit(
            sd -> {
              sd.getMetadata().setResourceVersion(null);
              SiteDeploymentSpec s = sd.getSpec();
              sd.setSpec(
                  new SiteDeploymentSpec(
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
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(sd(ENERGY).getStatus().phase()).isEqualTo(Phase.ClosedLoop);
              assertThat(sd(FREE_LIME).getStatus().phase()).isEqualTo(Phase.Advisory);
              assertThat(template().getStatus().lastValidGeneration()).isEqualTo(1L);
              assertThat(tagMapping().getStatus().lastValidGeneration()).isEqualTo(1L);
              assertThat(config().useCase(ENERGY).orElseThrow().phase())
                  .isEqualTo(Autonomy.ClosedLoop);
              assertThat(config().useCase(FREE_LIME).orElseThrow().phase())
                  .isEqualTo(Autonomy.Advisory);
            });
  }

  /**
   * For a few seconds after an invalid generation is stored: both sites in their stage and Ready,
   * and the plant config exactly what ran before.
   */
  void sitesHold(String running) {
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              SiteDeployment energy = sd(ENERGY);
              assertThat(energy.getStatus().phase()).as(yaml(energy)).isEqualTo(Phase.ClosedLoop);
              assertCondition(energy, ConditionTypes.READY, ConditionStatus.True);
              assertThat(sd(FREE_LIME).getStatus().phase()).isEqualTo(Phase.Advisory);
              assertThat(configJson()).isEqualTo(running);
            });
  }

  void patch(HasMetadata resource, String jsonPatch) {
    client.resource(resource).patch(PatchContext.of(PatchType.JSON), jsonPatch);
  }

  UseCaseTemplate template() {
    return client.resources(UseCaseTemplate.class).withName(KILN_TEMPLATE).get();
  }

  Plant plant() {
    return client.resources(Plant.class).inNamespace(NS).withName("lyon").get();
  }

  TagMapping tagMapping() {
    return client.resources(TagMapping.class).inNamespace(NS).withName("lyon-kiln1").get();
  }

  SiteDeployment sd(String name) {
    return client.resources(SiteDeployment.class).inNamespace(NS).withName(name).get();
  }

  String configJson() {
    return client
        .configMaps()
        .inNamespace(NS)
        .withName(Names.plantConfig("lyon"))
        .get()
        .getData()
        .get(MountPaths.CONFIG_KEY);
  }

  ResolvedPlantConfig config() throws Exception {
    return PlantConfigCodec.parse(configJson());
  }

  void awaitEvent(String ns, String name, String reason, String type) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events(ns, name))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo(reason);
                          assertThat(e.getType()).isEqualTo(type);
                        }));
  }

  List<Event> events(String ns, String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static void awaitInvalidGauge(
      OperatorHarness operator, String kind, String ns, String name, boolean invalid) {
    Consumer<Map<String, String>> check =
        labels -> {
          var value = operator.gauge("plantops_operator_invalid_generation", labels);
          if (invalid) {
            assertThat(value).hasValue(1.0);
          } else {
            assertThat(value).isEmpty();
          }
        };
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> check.accept(Map.of("kind", kind, "namespace", ns, "name", name)));
  }

  static long reconciles(OperatorHarness h, String kind) {
    return (long) h.sample("plantops.operator.reconcile.duration", Map.of("kind", kind));
  }
}
