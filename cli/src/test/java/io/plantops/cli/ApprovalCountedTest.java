package io.plantops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.ApprovalReason;
import io.plantops.api.v1alpha1.ApprovalStatus;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.SessionState;
import io.plantops.operator.promotion.StagedPromotionEngine;
import io.plantops.operator.testing.FakeWorkload;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.MutableClock;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.Workloads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl plantops approve} writes is what the operator counts: the real reconcilers
 * and promotion engine run against the mock API server (as in the operator's PromotionTest) on the
 * Lyon kiln energy example without its example approval; the plugin's approval lets the site climb.
 */
class ApprovalCountedTest {

  static final String NS = "plant-lyon";
  static final String SD = "kiln1-energy";
  static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

  MockCluster cluster;
  KubernetesClient client;
  FakeWorkload inference;
  FakeWorkload connector;
  MutableClock clock;
  OperatorHarness operator;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    client = cluster.client();
    Fixtures.templates(client);
    inference = new FakeWorkload();
    connector = new FakeWorkload();
    connector.serve(Workloads.connector("lyon", SessionState.Connected));
    clock = new MutableClock(T0);
    operator =
        OperatorHarness.start(
            cluster,
            Map.of(
                "plantops.operator.host-aliases",
                Workloads.aliases("lyon", NS, inference, connector)),
            new StagedPromotionEngine(),
            clock);
  }

  @AfterEach
  void stop() {
    operator.close();
    cluster.close();
    inference.close();
    connector.close();
  }

  void serve(long evaluations) {
    UseCaseStatus u = Workloads.loaded(SD, "1.2.0", -1.5);
    inference.serve(
        Workloads.inference(
            "lyon",
            new UseCaseStatus(
                u.name(),
                u.active(),
                null,
                null,
                Workloads.drift(DriftStatus.Ok, 0.04),
                u.kpis(),
                evaluations,
                u.skipped(),
                u.skipStreak(),
                u.firstValidInferenceAtMs(),
                u.lastRecommendation()),
            Workloads.loaded("kiln1-free-lime", "1.0.0", 0)));
  }

  void awaitStatus(Consumer<SiteDeployment> check) {
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                check.accept(
                    client.resources(SiteDeployment.class).inNamespace(NS).withName(SD).get()));
  }

  @Test
  void thePluginsApprovalCountsAndTheSiteClimbsOnIt() {
    serve(100);
    Fixtures.lyon(client, NS);
    client
        .resources(SiteDeployment.class)
        .inNamespace(NS)
        .withName(SD)
        .edit(
            sd -> {
              SiteDeploymentSpec s = sd.getSpec();
              sd.setSpec(
                  new SiteDeploymentSpec(
                      s.plantRef(),
                      s.templateRef(),
                      s.versionPolicy(),
                      s.tagMappingRef(),
                      s.stage(),
                      s.calibration(),
                      List.of()));
              return sd;
            });
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().phase()).isEqualTo(Phase.Shadow);
          assertThat(sd.getStatus().pendingPromotion()).isEqualTo("Stage:Advisory");
          assertThat(sd.getStatus().pendingApprovals()).containsExactly("plant-process-engineer");
        });

    // as `kubectl plantops approve kiln1-energy -n plant-lyon --stage Advisory` does, at the
    // operator's present
    Approval written =
        new Approver(client, NS, "j.dupont", clock)
            .approve(
                new Approver.Request(
                    SD,
                    Optional.of(Stage.Advisory),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()));
    assertThat(written.version()).isEqualTo("1.2.0");
    assertThat(written.role()).isEqualTo("plant-process-engineer");

    awaitStatus(
        sd -> {
          ApprovalStatus counted = sd.getStatus().approvals().get(0);
          assertThat(counted.approvedBy()).isEqualTo("j.dupont");
          assertThat(counted.reason()).isEqualTo(ApprovalReason.Valid);
          assertThat(counted.counted()).isTrue();
          assertThat(sd.getStatus().pendingApprovals()).isNullOrEmpty();
        });

    // a day and 2000 evaluations later the gates pass too: Advisory, on the plugin's approval
    clock.advance(Duration.ofHours(25));
    serve(2000);
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().phase()).isEqualTo(Phase.Advisory);
          HistoryEntry h = sd.getStatus().history().get(sd.getStatus().history().size() - 1);
          assertThat(h.approvals()).containsExactly("j.dupont (plant-process-engineer)");
        });
  }
}
