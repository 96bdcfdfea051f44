package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.MountPaths;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.SessionState;
import io.plantops.operator.model.Names;
import io.plantops.operator.promotion.PromotionDecision;
import io.plantops.operator.promotion.PromotionEngine;
import io.plantops.operator.promotion.PromotionInput;
import io.plantops.operator.promotion.StagedPromotionEngine;
import io.plantops.operator.testing.FakeWorkload;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.Workloads;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seam issue 6 builds on: whatever a {@link PromotionEngine} decides is what the config and the
 * status carry. Here a test engine scores every newer template version as a candidate in shadow;
 * the config renders it as candidateModel and the shadow figures the inference server reports land
 * in status.candidateModel.
 */
class PromotionSeamTest {

  static final String NS = "seam";
  static final String CANDIDATE_SHA = Workloads.exampleSha256("1.3.0");
  static MockCluster cluster;
  static OperatorHarness operator;
  static KubernetesClient client;
  static FakeWorkload inference;
  static FakeWorkload connector;

  /** Ungated, plus the highest other template version as a candidate in shadow. */
  static final class CandidateEngine implements PromotionEngine {
    private final StagedPromotionEngine base = new StagedPromotionEngine();

    @Override
    public PromotionDecision decide(PromotionInput in) {
      PromotionDecision d = base.decide(in);
      Optional<ModelVersion> newer =
          in.template().stream()
              .flatMap(t -> t.models().stream())
              .filter(m -> d.activeModel().map(a -> !a.version().equals(m.version())).orElse(false))
              .findFirst();
      if (newer.isEmpty()) {
        return d;
      }
      String since =
          in.previous()
              .map(s -> s.candidateModel())
              .filter(c -> c != null && newer.get().version().equals(c.version()))
              .map(CandidateModel::since)
              .orElse("2026-11-20T00:00:00Z");
      return d.withCandidate(
          Optional.of(
              new CandidateModel(
                  newer.get().version(),
                  newer.get().sha256(),
                  Stage.Shadow,
                  since,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null)));
    }
  }

  @BeforeAll
  static void start() {
    cluster = new MockCluster();
    client = cluster.client();
    Fixtures.templates(client);
    // the example template already carries the candidate version 1.3.0
    UseCaseTemplate t =
        client.resources(UseCaseTemplate.class).withName("kiln-energy-optimization").get();
    assertThat(t.getSpec().models()).extracting(ModelVersion::version).contains("1.2.0", "1.3.0");
    inference = new FakeWorkload();
    connector = new FakeWorkload();
    operator =
        OperatorHarness.start(
            cluster,
            Map.of(
                "plantops.operator.host-aliases",
                Workloads.aliases("lyon", NS, inference, connector)),
            new CandidateEngine(),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    operator.close();
    cluster.close();
    inference.close();
    connector.close();
  }

  @Test
  void theConfigAndTheStatusFollowWhatTheEngineDecides() {
    var loaded = Workloads.loaded("kiln1-energy", "1.2.0", -1.0);
    var withShadow =
        new InferenceStatus.UseCaseStatus(
            loaded.name(),
            loaded.active(),
            new InferenceStatus.ModelState(
                "1.3.0", CANDIDATE_SHA, ModelLoadState.Loaded, null, 1L, "1.3.0"),
            new InferenceStatus.ShadowStats(
                "1.3.0", Workloads.FIRST_DATA_MS, 5400, 0.07, 0.4, 12, 0.3, 0.25),
            loaded.drift(),
            loaded.kpis(),
            loaded.evaluations(),
            loaded.skipped(),
            loaded.skipStreak(),
            loaded.firstValidInferenceAtMs(),
            loaded.lastRecommendation());
    inference.serve(
        Workloads.inference("lyon", withShadow, Workloads.loaded("kiln1-free-lime", "1.0.0", 0)));
    connector.serve(Workloads.connector("lyon", SessionState.Connected));
    Fixtures.lyon(client, NS);

    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              var config =
                  PlantConfigCodec.parse(
                      client
                          .configMaps()
                          .inNamespace(NS)
                          .withName(Names.plantConfig("lyon"))
                          .get()
                          .getData()
                          .get(MountPaths.CONFIG_KEY));
              var energy = config.useCase("kiln1-energy").orElseThrow();
              assertThat(energy.activeModel().version()).isEqualTo("1.2.0");
              assertThat(energy.candidate()).isPresent();
              assertThat(energy.candidate().get().version()).isEqualTo("1.3.0");
              assertThat(energy.candidate().get().sha256()).isEqualTo(CANDIDATE_SHA);
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              SiteDeployment sd =
                  client
                      .resources(SiteDeployment.class)
                      .inNamespace(NS)
                      .withName("kiln1-energy")
                      .get();
              CandidateModel c = sd.getStatus().candidateModel();
              assertThat(c).as(yaml(sd)).isNotNull();
              assertThat(c.version()).isEqualTo("1.3.0");
              assertThat(c.samples()).isEqualTo(5400L);
              assertThat(c.meanAbsDelta()).isEqualTo(0.07);
              assertThat(c.meanAbsErrorCandidate()).isEqualTo(0.25);
              assertThat(c.loadState()).isEqualTo("Loaded");
              assertThat(c.since()).isEqualTo("2026-11-18T11:06:40Z");
            });
  }
}
