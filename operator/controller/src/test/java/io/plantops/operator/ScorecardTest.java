package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.AdviceAdoption;
import io.plantops.api.v1alpha1.CalibrationEffort;
import io.plantops.api.v1alpha1.MappingEffort;
import io.plantops.api.v1alpha1.OnboardingDurations;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.StageCount;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.SessionState;
import io.plantops.contract.rules.SuggestMarks;
import io.plantops.operator.promotion.StagedPromotionEngine;
import io.plantops.operator.testing.FakeWorkload;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.MutableClock;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The repeatability scorecard on the mock API server, against a known sequence of events: a plant
 * registered at T0, its TagMapping from suggest with one entry edited and one added by hand, a
 * first valid inference reported at T0+11 min, the site live in Advisory at T0+20 min with its KPI
 * Improved, the connector counting 20 advices of which 15 followed, and the gain holding for the
 * rollback policy's 120 minutes. Each measure is read where it shows: SiteDeployment, Plant and
 * template status, and the operator's metrics; a resync then writes nothing.
 */
class ScorecardTest {

  static final String NS = "scorecard";

  /** Ten minutes before the fakes' first valid inference (FIRST_DATA_MS + 60 s). */
  static final Instant T0 = Instant.ofEpochMilli(Workloads.FIRST_DATA_MS - 600_000);

  MockCluster cluster = new MockCluster();
  KubernetesClient client = cluster.client();
  MutableClock clock = new MutableClock(T0);
  FakeWorkload inference = new FakeWorkload();
  FakeWorkload connector = new FakeWorkload();
  OperatorHarness operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    cluster.close();
    inference.close();
    connector.close();
  }

  @Test
  void eachMeasureFollowsAKnownSequenceOfEvents() {
    connector.serve(connectorWithAdoption(0, 0));
    inference.serve(Workloads.inference("lyon"));
    Fixtures.ungatedTemplates(client);
    operator =
        OperatorHarness.start(
            cluster,
            Map.of(
                "plantops.operator.host-aliases",
                Workloads.aliases("lyon", NS, inference, connector),
                "plantops.operator.resync-interval",
                "1s"),
            new StagedPromotionEngine(),
            clock);
    Fixtures.lyon(client, NS);
    markAsSuggestedExceptTheLastTwo();
    await().atMost(Duration.ofSeconds(15)).until(() -> plant().getStatus() != null);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> client.apps().deployments().inNamespace(NS).list().getItems().size() == 2);
    Fixtures.workloadsReady(client, NS, "lyon");

    // mapping effort: 11 entries, 9 as suggested, 1 edited, 1 by hand
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Plant p = plant();
              assertThat(p.getStatus().scorecard())
                  .as(yaml(p))
                  .isNotNull()
                  .satisfies(
                      s -> {
                        assertThat(s.mapping()).isEqualTo(new MappingEffort(9, 1, 1));
                        // kiln1-energy overrides one limit, one bias, one baseline
                        assertThat(s.calibration()).isEqualTo(new CalibrationEffort(1, 1, 1));
                      });
              assertThat(sd("kiln1-energy").getStatus().scorecard().mapping())
                  .isEqualTo(new MappingEffort(9, 1, 1));
            });

    // T0+20 min: the models load, the KPI is Improved, advice is published and followed
    clock.advance(Duration.ofMinutes(20));
    connector.serve(connectorWithAdoption(20, 15));
    serveInference(-1.71);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              SiteDeployment sd = sd("kiln1-energy");
              assertThat(sd.getStatus().phase()).as(yaml(sd)).isEqualTo(Phase.Advisory);
              assertThat(sd.getStatus().scorecard().adoption())
                  .isEqualTo(new AdviceAdoption(20L, 15L, 75.0));
              assertThat(sd.getStatus().scorecard().kpiGainingSince())
                  .isEqualTo(T0.plus(Duration.ofMinutes(20)).toString());
              assertThat(sd.getStatus().scorecard().kpiGainAt()).isNull();
              Plant p = plant();
              assertThat(p.getStatus().scorecard().onboarding())
                  .as(yaml(p))
                  .isEqualTo(new OnboardingDurations(660L, 1200L, null, null));
              assertThat(p.getStatus().scorecard().adoption())
                  .isEqualTo(new AdviceAdoption(20L, 15L, 75.0));
            });

    // the gain has held for 119 minutes: not yet measurable
    clock.advance(Duration.ofMinutes(119));
    serveInference(-1.8);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(sd("kiln1-energy").getStatus().kpis().get(0).changePercent())
                    .isEqualTo(-1.8));
    assertThat(sd("kiln1-energy").getStatus().scorecard().kpiGainAt()).isNull();

    // 121 minutes: the gain is dated when its window was complete, T0+140 min
    clock.advance(Duration.ofMinutes(2));
    serveInference(-1.9);
    String gainAt = T0.plus(Duration.ofMinutes(140)).toString();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(sd("kiln1-energy").getStatus().scorecard().kpiGainAt()).isEqualTo(gainAt);
              Plant p = plant();
              assertThat(p.getStatus().onboarding().firstKpiGainAt()).as(yaml(p)).isEqualTo(gainAt);
              assertThat(p.getStatus().scorecard().onboarding().firstKpiGainSeconds())
                  .isEqualTo(8400L);
              UseCaseTemplate t = template();
              assertThat(t.getStatus().scorecard())
                  .as(yaml(t))
                  .satisfies(
                      s -> {
                        assertThat(s.stages())
                            .containsExactly(new StageCount(0, Phase.Advisory, 1));
                        assertThat(s.medianOnboarding())
                            .isEqualTo(new OnboardingDurations(660L, 1200L, null, 8400L));
                        assertThat(s.sitesInferring()).isEqualTo(1);
                        assertThat(s.sitesWithKpiGain()).isEqualTo(1);
                        assertThat(s.mapping()).isEqualTo(new MappingEffort(9, 1, 1));
                        assertThat(s.calibration()).isEqualTo(new CalibrationEffort(1, 1, 1));
                        assertThat(s.adoption()).isEqualTo(new AdviceAdoption(20L, 15L, 75.0));
                      });
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(operator.scrape())
                    .contains(
                        "plantops_scorecard_mapping_entries{namespace=\"scorecard\",origin=\"edited\",plant=\"lyon\"} 1.0")
                    .contains(
                        "plantops_scorecard_adoption_ratio{namespace=\"scorecard\",site_deployment=\"kiln1-energy\",template=\"kiln-energy-optimization\"} 0.75")
                    .contains(
                        "plantops_scorecard_template_onboarding_seconds{milestone=\"firstKpiGain\",template=\"kiln-energy-optimization\"} 8400.0")
                    .contains(
                        "plantops_scorecard_template_sites{ring=\"0\",stage=\"Advisory\",template=\"kiln-energy-optimization\"} 1.0"));

    // nothing new: resyncs every second write nothing
    String sdVersion = sd("kiln1-energy").getMetadata().getResourceVersion();
    String plantVersion = plant().getMetadata().getResourceVersion();
    String templateVersion = template().getMetadata().getResourceVersion();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(6))
        .untilAsserted(
            () -> {
              assertThat(sd("kiln1-energy").getMetadata().getResourceVersion())
                  .isEqualTo(sdVersion);
              assertThat(plant().getMetadata().getResourceVersion()).isEqualTo(plantVersion);
              assertThat(template().getMetadata().getResourceVersion()).isEqualTo(templateVersion);
            });
  }

  /**
   * Marks the entries as suggest would have written them, the ninth changed since, none for the
   * last.
   */
  void markAsSuggestedExceptTheLastTwo() {
    client
        .resources(TagMapping.class)
        .inNamespace(NS)
        .withName("lyon-kiln1")
        .edit(
            tm -> {
              List<TagMappingEntry> entries = tm.getSpec().mappings();
              assertThat(entries).hasSize(11);
              List<SuggestMarks.Entry> marks = new ArrayList<>();
              for (int i = 0; i < 10; i++) {
                TagMappingEntry e = entries.get(i);
                marks.add(
                    new SuggestMarks.Entry(
                        e.signal(),
                        i == 9 ? "ns=2;s=SOMETHING_ELSE" : e.nodeId(),
                        e.unit(),
                        e.scale(),
                        e.offset(),
                        e.samplingIntervalMs(),
                        e.access().name(),
                        e.maxAge(),
                        e.substitute() == null ? null : e.substitute().toString()));
              }
              Map<String, String> annotations = new HashMap<>();
              annotations.put(SuggestMarks.ANNOTATION, SuggestMarks.write(marks));
              tm.getMetadata().setAnnotations(annotations);
              return tm;
            });
  }

  void serveInference(double kpiChange) {
    inference.serve(
        Workloads.inference(
            "lyon",
            Workloads.loaded("kiln1-energy", "1.2.0", kpiChange),
            Workloads.loaded("kiln1-free-lime", "1.0.0", 0)));
  }

  static ConnectorStatus connectorWithAdoption(long published, long followed) {
    return new ConnectorStatus(
        "lyon",
        "cfg",
        null,
        SessionState.Connected,
        null,
        11,
        List.of(),
        0,
        0,
        0,
        Map.of(),
        published == 0
            ? Map.of()
            : Map.of("kiln1-energy", new ConnectorStatus.Adoption(published, followed)));
  }

  Plant plant() {
    return client.resources(Plant.class).inNamespace(NS).withName("lyon").get();
  }

  SiteDeployment sd(String name) {
    return client.resources(SiteDeployment.class).inNamespace(NS).withName(name).get();
  }

  UseCaseTemplate template() {
    return client.resources(UseCaseTemplate.class).withName("kiln-energy-optimization").get();
  }
}
