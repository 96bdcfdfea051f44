package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.assertCondition;
import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Calibration;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.KpiStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.InferenceStatus.KpiReport;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.KpiAssessment;
import io.plantops.contract.MountPaths;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SessionState;
import io.plantops.contract.UseCaseConfig.KeptBaseline;
import io.plantops.contract.UseCaseConfig.KpiDefinition;
import io.plantops.operator.model.Names;
import io.plantops.operator.testing.FakeWorkload;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A KPI baseline the inference server set from history (or measured live) is persisted in the
 * SiteDeployment's status and handed back through the resolved config, so that a restarted
 * inference server takes it again instead of measuring; a server that reports no baseline (just
 * restarted) never makes the status or the config forget it.
 */
class BaselinePersistenceTest {

  static final String NS = "baselines";
  static final String KPI = "specific_heat_consumption";
  // 2026-11-18T10:00:00Z .. 2026-11-18T11:00:00Z, computed 11:05:00Z
  static final long FROM_MS = 1_794_996_000_000L;
  static final long TO_MS = FROM_MS + 3_600_000L;
  static final long AT_MS = TO_MS + 300_000L;

  static MockCluster cluster;
  static OperatorHarness operator;
  static KubernetesClient client;
  static FakeWorkload inference = new FakeWorkload();
  static FakeWorkload connector = new FakeWorkload();

  @BeforeAll
  static void start() {
    cluster = new MockCluster();
    client = cluster.client();
    Fixtures.ungatedTemplates(client);
    operator =
        OperatorHarness.start(
            cluster,
            Map.of(
                "plantops.operator.host-aliases",
                Workloads.aliases("lyon", NS, inference, connector)));
  }

  @AfterAll
  static void stop() {
    operator.close();
    cluster.close();
    inference.close();
    connector.close();
  }

  @Test
  void aHistoryBaselineIsKeptInStatusAndHandedBackThroughTheConfigAcrossAServerRestart()
      throws Exception {
    serve(
        new KpiReport(
            KPI,
            "kJ/kg",
            3412.5,
            BaselineSource.History,
            3400.0,
            -0.37,
            KpiAssessment.Improved,
            60,
            FROM_MS,
            TO_MS,
            1200L,
            AT_MS,
            null,
            37L));
    connector.serve(Workloads.connector("lyon", SessionState.Connected));
    Fixtures.lyon(client, NS);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> client.apps().deployments().inNamespace(NS).list().getItems().size() == 2);
    Fixtures.workloadsReady(client, NS, "lyon");

    KeptBaseline expected =
        new KeptBaseline(3412.5, BaselineSource.History, FROM_MS, TO_MS, 1200L, AT_MS, 37L);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              SiteDeployment sd = sd();
              KpiStatus k = kpi(sd);
              assertThat(k.baseline()).as(yaml(sd)).isEqualTo(3412.5);
              assertThat(k.baselineSource()).isEqualTo(BaselineSource.History);
              assertThat(k.baselineWindowStart()).isEqualTo("2026-11-18T10:00:00Z");
              assertThat(k.baselineWindowEnd()).isEqualTo("2026-11-18T11:00:00Z");
              assertThat(k.baselineSamples()).isEqualTo(1200L);
              assertThat(k.baselineComputedAt()).isEqualTo("2026-11-18T11:05:00Z");
              assertThat(k.baselineExcluded()).isEqualTo(37L);
              var source =
                  assertCondition(sd, ConditionTypes.BASELINE_SOURCE, ConditionStatus.True);
              assertThat(source.reason()).isEqualTo("History");
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(kept()).isEqualTo(expected));

    // the inference server restarts: until it reads the config it reports the KPI unmeasured
    serve(
        new KpiReport(
            KPI, "kJ/kg", null, BaselineSource.Measured, 3390.0, null, KpiAssessment.Unknown, 3));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(kpi(sd()).current()).isEqualTo(3390.0));
    SiteDeployment sd = sd();
    assertThat(kpi(sd).baseline()).as(yaml(sd)).isEqualTo(3412.5);
    assertThat(kpi(sd).baselineSource()).isEqualTo(BaselineSource.History);
    assertThat(kpi(sd).baselineSamples()).isEqualTo(1200L);
    assertThat(kept()).isEqualTo(expected);

    // the plant asks for a new baseline after a process change: the old one is no longer handed
    // back, the KPI carries the request, and the next baseline computed after it is kept
    String requested = "2026-11-20T00:00:00Z";
    long requestedMs = java.time.Instant.parse(requested).toEpochMilli();
    client
        .resources(SiteDeployment.class)
        .inNamespace(NS)
        .withName("kiln1-energy")
        .edit(
            res -> {
              var spec = res.getSpec();
              var c = spec.calibration();
              res.setSpec(
                  new SiteDeploymentSpec(
                      spec.plantRef(),
                      spec.templateRef(),
                      spec.versionPolicy(),
                      spec.tagMappingRef(),
                      spec.stage(),
                      new Calibration(c.limits(), c.bias(), c.kpiBaselines(), requested),
                      spec.approvals()));
              return res;
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              KpiDefinition k = kpiDefinition();
              assertThat(k.kept()).isNull();
              assertThat(k.renewAfterMs()).isEqualTo(requestedMs);
            });
    long newAt = requestedMs + 600_000L;
    serve(
        new KpiReport(
            KPI,
            "kJ/kg",
            3380.0,
            BaselineSource.History,
            3390.0,
            0.3,
            KpiAssessment.Worse,
            60,
            requestedMs - 86_400_000L,
            requestedMs,
            1400L,
            newAt));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(kept())
                    .isEqualTo(
                        new KeptBaseline(
                            3380.0,
                            BaselineSource.History,
                            requestedMs - 86_400_000L,
                            requestedMs,
                            1400L,
                            newAt)));
  }

  static void serve(KpiReport kpi) {
    UseCaseStatus base = Workloads.loaded("kiln1-energy", "1.2.0", 0);
    UseCaseStatus energy =
        new UseCaseStatus(
            base.name(),
            base.active(),
            null,
            null,
            base.drift(),
            List.of(kpi),
            base.evaluations(),
            base.skipped(),
            base.skipStreak(),
            base.firstValidInferenceAtMs(),
            base.lastRecommendation());
    inference.serve(
        Workloads.inference("lyon", energy, Workloads.loaded("kiln1-free-lime", "1.0.0", 0)));
  }

  static SiteDeployment sd() {
    return client.resources(SiteDeployment.class).inNamespace(NS).withName("kiln1-energy").get();
  }

  static KpiStatus kpi(SiteDeployment sd) {
    assertThat(sd.getStatus().kpis()).as(yaml(sd)).isNotNull();
    return sd.getStatus().kpis().stream()
        .filter(k -> KPI.equals(k.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no KPI " + KPI + " in\n" + yaml(sd)));
  }

  static KeptBaseline kept() throws Exception {
    return kpiDefinition().kept();
  }

  static KpiDefinition kpiDefinition() throws Exception {
    ResolvedPlantConfig config =
        PlantConfigCodec.parse(
            client
                .configMaps()
                .inNamespace(NS)
                .withName(Names.plantConfig("lyon"))
                .get()
                .getData()
                .get(MountPaths.CONFIG_KEY));
    return config.useCase("kiln1-energy").orElseThrow().kpis().stream()
        .filter(k -> KPI.equals(k.name()))
        .findFirst()
        .orElseThrow();
  }
}
