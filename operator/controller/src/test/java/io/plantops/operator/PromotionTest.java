package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.assertCondition;
import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.ApprovalReason;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.RollbackReason;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.contract.Autonomy;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus.ModelState;
import io.plantops.contract.InferenceStatus.ShadowStats;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.MountPaths;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.SessionState;
import io.plantops.contract.UseCaseConfig;
import io.plantops.operator.model.Names;
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
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Staged promotion end to end through the real reconcilers against the mock API server, on the Lyon
 * kiln energy example (gates and approvals as the example template declares them): the inference
 * server is a fake whose report the test changes, the operator's clock is moved by the test so that
 * days of shadow scoring pass at once. Status, the rendered plant config, events and metrics follow
 * every transition.
 */
class PromotionTest {

  static final String NS = "plant-lyon";
  static final String SD = "kiln1-energy";
  static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

  MockCluster cluster;
  KubernetesClient client;
  FakeWorkload inference;
  FakeWorkload connector;
  MutableClock clock;
  Map<String, String> properties;
  List<OperatorHarness> operators = new ArrayList<>();

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    client = cluster.client();
    Fixtures.templates(client);
    inference = new FakeWorkload();
    connector = new FakeWorkload();
    connector.serve(Workloads.connector("lyon", SessionState.Connected));
    clock = new MutableClock(T0);
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

  OperatorHarness startOperator() {
    OperatorHarness h =
        OperatorHarness.start(cluster, properties, new StagedPromotionEngine(), clock);
    operators.add(h);
    return h;
  }

  @Test
  void climbsFromShadowToClosedLoopWithGatesAndApprovalsThenFallsBackOnDrift() {
    OperatorHarness operator = startOperator();
    serve(active("1.2.0", 100, DriftStatus.Ok, -1.5));
    Fixtures.lyon(client, NS);

    // live in Shadow: Advisory waits for 1440 samples and 24 h, the engineer has approved
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().phase()).isEqualTo(Phase.Shadow);
          assertThat(sd.getStatus().pendingPromotion()).isEqualTo("Stage:Advisory");
          assertThat(gate(sd, "minSamples").passed()).isFalse();
          assertThat(gate(sd, "minMinutes").message()).startsWith("passes at 2026-11-22T08:00");
          assertThat(sd.getStatus().pendingApprovals()).isNull();
          var promoting = assertCondition(sd, ConditionTypes.PROMOTING, ConditionStatus.True);
          assertThat(promoting.reason()).isEqualTo("AwaitingGates");
        });
    // the Plant reconciler renders the config from the status just written: it follows shortly
    awaitConfig(c -> assertThat(c.phase()).isEqualTo(Autonomy.Shadow));

    // a day and 2000 evaluations later: Advisory, with the engineer's approval on record
    clock.advance(Duration.ofHours(25));
    serve(active("1.2.0", 2000, DriftStatus.Ok, -1.5));
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().phase()).isEqualTo(Phase.Advisory);
          HistoryEntry h = last(sd);
          assertThat(h.reason()).isEqualTo(HistoryReason.StagePromoted);
          assertThat(h.approvals()).containsExactly("j.dupont (plant-process-engineer)");
          assertThat(sd.getStatus().pendingPromotion()).isNull();
        });
    awaitConfig(c -> assertThat(c.phase()).isEqualTo(Autonomy.Advisory));
    assertThat(useCase().outputs().get(0).write()).isFalse();
    awaitEvent("StagePromoted", "Normal");
    assertThat(
            operator.sample(
                "plantops.promotion.transitions",
                Map.of("kind", "promotion", "reason", "StagePromoted")))
        .isEqualTo(1.0);

    // ClosedLoop asked; a week of good figures, but no plant manager or AI lead approval yet
    editSpec(s -> spec(s, Stage.ClosedLoop, s.approvals()));
    awaitStatus(sd -> assertThat(sd.getStatus().pendingPromotion()).isEqualTo("Stage:ClosedLoop"));
    clock.advance(Duration.ofDays(8));
    serve(active("1.2.0", 14000, DriftStatus.Ok, -1.5));
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().phase()).isEqualTo(Phase.Advisory);
          assertThat(sd.getStatus().pendingPromotion()).isEqualTo("Stage:ClosedLoop");
          assertThat(sd.getStatus().gates())
              .allSatisfy(g -> assertThat(g.passed()).as(g.toString()).isTrue());
          assertThat(sd.getStatus().pendingApprovals())
              .containsExactly("plant-manager", "corporate-ai-lead");
          assertThat(sd.getStatus().approvals())
              .singleElement()
              .satisfies(a -> assertThat(a.reason()).isEqualTo(ApprovalReason.OtherStage));
          var promoting = assertCondition(sd, ConditionTypes.PROMOTING, ConditionStatus.True);
          assertThat(promoting.reason()).isEqualTo("AwaitingApprovals");
        });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Map<String, String> tags =
                  Map.of("namespace", NS, "site_deployment", SD, "promotion", "Stage:ClosedLoop");
              assertThat(operator.gauge("plantops_promotion_approvals_pending", tags))
                  .hasValue(2.0);
              assertThat(operator.gauge("plantops_promotion_pending_seconds", tags))
                  .hasValue(Duration.ofDays(8).toSeconds());
              assertThat(operator.scrape())
                  .contains("plantops_promotion_pending_seconds{")
                  .contains("plantops_promotion_gate_passed{")
                  .contains("plantops_promotion_stage_seconds{")
                  .contains("plantops_promotion_gate_evaluations_total{");
            });
    assertThat(useCase().phase()).isEqualTo(Autonomy.Advisory);

    editSpec(
        s ->
            spec(
                s,
                Stage.ClosedLoop,
                List.of(
                    s.approvals().get(0),
                    new Approval(
                        Stage.ClosedLoop,
                        null,
                        "a.martin",
                        "plant-manager",
                        "2026-11-30T08:00:00Z",
                        "MOC-2026-131"),
                    new Approval(
                        Stage.ClosedLoop,
                        null,
                        "k.schmidt",
                        "corporate-ai-lead",
                        "2026-11-30T08:30:00Z",
                        null))));
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().phase()).isEqualTo(Phase.ClosedLoop);
          assertThat(last(sd).approvals())
              .containsExactly("a.martin (plant-manager)", "k.schmidt (corporate-ai-lead)");
        });
    awaitConfig(
        c -> {
          assertThat(c.phase()).isEqualTo(Autonomy.ClosedLoop);
          assertThat(c.outputs().get(0).write()).isTrue();
        });

    // drift Alert in ClosedLoop: back to Advisory, writes stop, and it stays there
    clock.advance(Duration.ofHours(1));
    serve(active("1.2.0", 14500, DriftStatus.Alert, -1.5));
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().phase()).isEqualTo(Phase.Advisory);
          assertThat(sd.getStatus().rollback().reason()).isEqualTo(RollbackReason.DriftAlert);
          var rolledBack = assertCondition(sd, ConditionTypes.ROLLED_BACK, ConditionStatus.True);
          assertThat(rolledBack.reason()).isEqualTo("DriftAlert");
          assertThat(last(sd).reason()).isEqualTo(HistoryReason.RolledBackDrift);
        });
    awaitConfig(c -> assertThat(c.outputs().get(0).write()).isFalse());
    awaitEvent("RolledBackDrift", "Warning");

    clock.advance(Duration.ofDays(8));
    serve(active("1.2.0", 30000, DriftStatus.Ok, -1.5));
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().phase()).isEqualTo(Phase.Advisory);
          assertThat(sd.getStatus().approvals())
              .filteredOn(a -> a.stage() == Stage.ClosedLoop)
              .allSatisfy(a -> assertThat(a.reason()).isEqualTo(ApprovalReason.BeforeRollback));
        });
    assertThat(
            operator.sample(
                "plantops.promotion.transitions",
                Map.of("kind", "rollback", "reason", "RolledBackDrift")))
        .isEqualTo(1.0);
  }

  @Test
  void anOperatorRestartedInTheMiddleOfAPromotionTransitionsOnceAndKeepsTheHistory() {
    OperatorHarness first = startOperator();
    serve(active("1.2.0", 100, DriftStatus.Ok, -1.5));
    Fixtures.lyon(client, NS);
    awaitStatus(sd -> assertThat(sd.getStatus().pendingPromotion()).isEqualTo("Stage:Advisory"));
    first.close();
    operators.remove(first);

    // the facts change while no operator runs
    clock.advance(Duration.ofHours(30));
    serve(active("1.2.0", 3000, DriftStatus.Ok, -1.5));
    OperatorHarness second = startOperator();
    awaitStatus(sd -> assertThat(sd.getStatus().phase()).isEqualTo(Phase.Advisory));
    // a third operator over the same status: nothing to repeat
    second.close();
    operators.remove(second);
    OperatorHarness third = startOperator();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> inference.polls() > 10 && reconciles(third) >= 2);
    SiteDeployment sd = sd();
    assertThat(sd.getStatus().history())
        .as(yaml(sd))
        .extracting(HistoryEntry::reason)
        .containsExactly(HistoryReason.Activated, HistoryReason.StagePromoted);
    assertThat(sd.getStatus().history().get(0).to()).isEqualTo(sd.getStatus().phaseSince());
    assertThat(events().stream().filter(e -> "StagePromoted".equals(e.getReason())).count())
        .isEqualTo(1);
    assertThat(third.sample("plantops.promotion.transitions", Map.of("reason", "StagePromoted")))
        .isZero();
  }

  @Test
  void aNewVersionRunsInShadowBesideTheActiveOneThenReplacesItWhenApproved() {
    startOperator();
    serve(active("1.2.0", 100, DriftStatus.Ok, -1.5));
    Fixtures.lyon(client, NS);
    awaitStatus(sd -> assertThat(sd.getStatus().phase()).isEqualTo(Phase.Shadow));
    clock.advance(Duration.ofHours(25));
    serve(active("1.2.0", 2000, DriftStatus.Ok, -1.5));
    awaitStatus(sd -> assertThat(sd.getStatus().phase()).isEqualTo(Phase.Advisory));

    // pin 1.3.0: it becomes the candidate, scored in shadow only
    editSpec(
        s ->
            new SiteDeploymentSpec(
                s.plantRef(),
                new io.plantops.api.v1alpha1.TemplateRef(s.templateRef().name(), "1.3.0"),
                VersionPolicy.Pinned,
                s.tagMappingRef(),
                s.stage(),
                s.calibration(),
                s.approvals()));
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().activeModel().version()).isEqualTo("1.2.0");
          assertThat(sd.getStatus().candidateModel().version()).isEqualTo("1.3.0");
          assertThat(sd.getStatus().pendingPromotion()).isEqualTo("Version:1.3.0");
          assertThat(gate(sd, "candidateLoaded").passed()).isFalse();
        });
    awaitConfig(
        c -> {
          assertThat(c.activeModel().version()).isEqualTo("1.2.0");
          assertThat(c.candidate())
              .get()
              .satisfies(m -> assertThat(m.version()).isEqualTo("1.3.0"));
          assertThat(c.phase()).isEqualTo(Autonomy.Advisory);
        });

    Instant shadowStart = clock.instant();
    clock.advance(Duration.ofDays(2).plusHours(1));
    serve(shadowed(active("1.2.0", 6000, DriftStatus.Ok, -1.5), "1.3.0", shadowStart, 3000, 0.2));
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().gates())
              .allSatisfy(g -> assertThat(g.passed()).as(g.toString()).isTrue());
          assertThat(sd.getStatus().pendingApprovals()).containsExactly("corporate-ai-lead");
          assertThat(sd.getStatus().activeModel().version()).isEqualTo("1.2.0");
        });

    editSpec(
        s ->
            spec(
                s,
                s.stage(),
                List.of(
                    s.approvals().get(0),
                    new Approval(
                        null,
                        "1.3.0",
                        "k.schmidt",
                        "corporate-ai-lead",
                        "2026-11-24T09:00:00Z",
                        null))));
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().activeModel().version()).isEqualTo("1.3.0");
          assertThat(sd.getStatus().candidateModel()).isNull();
          assertThat(last(sd).reason()).isEqualTo(HistoryReason.VersionPromoted);
          assertThat(last(sd).approvals()).containsExactly("k.schmidt (corporate-ai-lead)");
        });
    awaitConfig(
        c -> {
          assertThat(c.activeModel().version()).isEqualTo("1.3.0");
          assertThat(c.candidate()).isEmpty();
        });
  }

  @Test
  void approvalsInTheWrongRoleOrStaleAreRefusedAndADegradedKpiStepsTheSiteDown() {
    startOperator();
    serve(active("1.2.0", 100, DriftStatus.Ok, -1.5));
    Fixtures.lyon(client, NS);
    Approval engineer = sd().getSpec().approvals().get(0);
    editSpec(
        s ->
            spec(
                s,
                Stage.Advisory,
                List.of(
                    new Approval(
                        Stage.Advisory, null, "a.martin", "plant-manager", engineer.at(), null),
                    new Approval(
                        Stage.Advisory,
                        "1.1.0",
                        "j.dupont",
                        "plant-process-engineer",
                        engineer.at(),
                        null),
                    new Approval(
                        Stage.Advisory,
                        null,
                        "p.durand",
                        "plant-process-engineer",
                        "2026-08-01T10:00:00Z",
                        null))));
    awaitStatus(sd -> assertThat(sd.getStatus().phase()).isEqualTo(Phase.Shadow));
    clock.advance(Duration.ofHours(25));
    serve(active("1.2.0", 2000, DriftStatus.Ok, -1.5));
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().gates()).allSatisfy(g -> assertThat(g.passed()).isTrue());
          assertThat(sd.getStatus().approvals())
              .extracting(a -> a.reason())
              .containsExactly(
                  ApprovalReason.RoleNotRequired,
                  ApprovalReason.StaleVersion,
                  ApprovalReason.Expired);
          assertThat(sd.getStatus().pendingApprovals()).containsExactly("plant-process-engineer");
          assertThat(sd.getStatus().phase()).isEqualTo(Phase.Shadow);
        });
    awaitConfig(c -> assertThat(c.phase()).isEqualTo(Autonomy.Shadow));

    editSpec(s -> spec(s, Stage.Advisory, List.of(engineer)));
    awaitStatus(sd -> assertThat(sd.getStatus().phase()).isEqualTo(Phase.Advisory));

    // the KPI turns 5 % worse (the template tolerates 3 % for 120 minutes)
    serve(active("1.2.0", 2100, DriftStatus.Ok, 5.0));
    awaitStatus(sd -> assertThat(sd.getStatus().kpiDegradedSince()).isNotNull());
    clock.advance(Duration.ofMinutes(121));
    serve(active("1.2.0", 2200, DriftStatus.Ok, 5.0));
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().phase()).isEqualTo(Phase.Shadow);
          assertThat(sd.getStatus().rollback().reason()).isEqualTo(RollbackReason.KpiDegraded);
          assertThat(last(sd).reason()).isEqualTo(HistoryReason.RolledBackKpi);
          assertThat(last(sd).fromStage()).isEqualTo(Stage.Advisory);
          assertThat(assertCondition(sd, ConditionTypes.ROLLED_BACK, ConditionStatus.True).reason())
              .isEqualTo("KpiDegraded");
          assertThat(assertCondition(sd, ConditionTypes.DEGRADED, ConditionStatus.True).reason())
              .isEqualTo("KpiDegraded");
          assertThat(sd.getStatus().approvals())
              .singleElement()
              .satisfies(a -> assertThat(a.reason()).isEqualTo(ApprovalReason.BeforeRollback));
        });
    awaitConfig(c -> assertThat(c.phase()).isEqualTo(Autonomy.Shadow));
    awaitEvent("RolledBackKpi", "Warning");

    // following the latest version: 1.3.0 becomes a candidate beside 1.2.0
    editSpec(
        s ->
            new SiteDeploymentSpec(
                s.plantRef(),
                new io.plantops.api.v1alpha1.TemplateRef(s.templateRef().name(), null),
                VersionPolicy.FollowLatest,
                s.tagMappingRef(),
                s.stage(),
                s.calibration(),
                s.approvals()));
    awaitStatus(
        sd -> {
          assertThat(sd.getStatus().resolvedVersion()).isEqualTo("1.3.0");
          assertThat(sd.getStatus().activeModel().version()).isEqualTo("1.2.0");
          assertThat(sd.getStatus().candidateModel().version()).isEqualTo("1.3.0");
          assertThat(last(sd).reason()).isEqualTo(HistoryReason.CandidateStarted);
        });
    awaitConfig(
        c ->
            assertThat(c.candidate())
                .get()
                .satisfies(m -> assertThat(m.version()).isEqualTo("1.3.0")));
  }

  // --- helpers

  void serve(UseCaseStatus energy) {
    inference.serve(
        Workloads.inference("lyon", energy, Workloads.loaded("kiln1-free-lime", "1.0.0", 0)));
  }

  static UseCaseStatus active(String version, long evaluations, DriftStatus drift, double kpi) {
    UseCaseStatus u = Workloads.loaded(SD, version, kpi);
    return new UseCaseStatus(
        u.name(),
        u.active(),
        null,
        null,
        Workloads.drift(drift, drift == DriftStatus.Alert ? 0.31 : 0.04),
        u.kpis(),
        evaluations,
        u.skipped(),
        u.skipStreak(),
        u.firstValidInferenceAtMs(),
        u.lastRecommendation());
  }

  static UseCaseStatus shadowed(
      UseCaseStatus u, String version, Instant since, long samples, double delta) {
    return new UseCaseStatus(
        u.name(),
        u.active(),
        new ModelState(
            version, Workloads.exampleSha256(version), ModelLoadState.Loaded, null, 1L, version),
        new ShadowStats(version, since.toEpochMilli(), samples, delta, 0.8, 0, null, null),
        u.drift(),
        u.kpis(),
        u.evaluations(),
        u.skipped(),
        u.skipStreak(),
        u.firstValidInferenceAtMs(),
        u.lastRecommendation());
  }

  static SiteDeploymentSpec spec(SiteDeploymentSpec s, Stage stage, List<Approval> approvals) {
    return new SiteDeploymentSpec(
        s.plantRef(),
        s.templateRef(),
        s.versionPolicy(),
        s.tagMappingRef(),
        stage,
        s.calibration(),
        approvals);
  }

  void editSpec(UnaryOperator<SiteDeploymentSpec> change) {
    client
        .resources(SiteDeployment.class)
        .inNamespace(NS)
        .withName(SD)
        .edit(
            sd -> {
              // not a read-modify-write race with the operator's status patches
              sd.getMetadata().setResourceVersion(null);
              sd.setSpec(change.apply(sd.getSpec()));
              return sd;
            });
  }

  SiteDeployment sd() {
    return client.resources(SiteDeployment.class).inNamespace(NS).withName(SD).get();
  }

  void awaitStatus(java.util.function.Consumer<SiteDeployment> check) {
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              SiteDeployment sd = sd();
              assertThat(sd.getStatus()).as("status of %s", SD).isNotNull();
              try {
                check.accept(sd);
              } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + yaml(sd), e);
              }
            });
  }

  UseCaseConfig useCase() {
    try {
      return config();
    } catch (Exception e) {
      throw new AssertionError("cannot read the plant config: " + e.getMessage(), e);
    }
  }

  UseCaseConfig config() throws Exception {
    return PlantConfigCodec.parse(
            client
                .configMaps()
                .inNamespace(NS)
                .withName(Names.plantConfig("lyon"))
                .get()
                .getData()
                .get(MountPaths.CONFIG_KEY))
        .useCase(SD)
        .orElseThrow();
  }

  void awaitConfig(java.util.function.Consumer<UseCaseConfig> check) {
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .untilAsserted(() -> check.accept(useCase()));
  }

  List<Event> events() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> SD.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  void awaitEvent(String reason, String type) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo(reason);
                          assertThat(e.getType()).isEqualTo(type);
                        }));
  }

  static long reconciles(OperatorHarness h) {
    return (long)
        h.sample("plantops.operator.reconcile.duration", Map.of("kind", "SiteDeployment"));
  }

  static io.plantops.api.v1alpha1.GateResult gate(SiteDeployment sd, String name) {
    return sd.getStatus().gates().stream()
        .filter(g -> g.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no gate " + name));
  }

  static HistoryEntry last(SiteDeployment sd) {
    List<HistoryEntry> h = sd.getStatus().history();
    return h.get(h.size() - 1);
  }
}
