package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.assertCondition;
import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PromotionPolicy;
import io.plantops.api.v1alpha1.RingFailureAction;
import io.plantops.api.v1alpha1.RingPolicy;
import io.plantops.api.v1alpha1.RolloutPolicy;
import io.plantops.api.v1alpha1.RolloutState;
import io.plantops.api.v1alpha1.RolloutStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus.ModelState;
import io.plantops.contract.InferenceStatus.ShadowStats;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.SessionState;
import io.plantops.operator.promotion.StagedPromotionEngine;
import io.plantops.operator.testing.ApiCall;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.testing.FakeWorkload;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.MutableClock;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet rollout of a template's model version through the real reconcilers against the mock API
 * server: four copies of the Lyon plant in rings 0, 1 and 2 (one of them Pinned), each with its own
 * fake inference server that reports the models the operator asks it to run (the active one, and
 * the candidate loaded in shadow). The template's versionUpdate has no gate and no approval, so a
 * site promotes a candidate as soon as the server loaded it: what is under test is when each ring
 * receives the candidate. The operator's clock is moved by the test for the soak time; a 1 s resync
 * stands in for the reconcile the operator schedules when a soak ends.
 */
class RolloutTest {

  static final String TEMPLATE = "kiln-energy-optimization";
  static final String SD = "kiln1-energy";
  static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
  static final Path LYON = Examples.DIR.resolve("plants/lyon");

  /** namespace -> ring; plant-pinned follows Pinned 1.2.0. */
  static final Map<String, Integer> PLANTS =
      new LinkedHashMap<>(Map.of("plant-r0", 0, "plant-r1", 1, "plant-r2", 2, "plant-pinned", 0));

  MockCluster cluster;
  KubernetesClient client;
  MutableClock clock;
  Map<String, FakeWorkload> inference = new HashMap<>();
  List<FakeWorkload> workloads = new ArrayList<>();
  Map<String, String> properties;
  List<OperatorHarness> operators = new ArrayList<>();

  /** namespace -> drift the fake reports. */
  Map<String, DriftStatus> drift = new HashMap<>();

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    client = cluster.client();
    clock = new MutableClock(T0);
    List<String> aliases = new ArrayList<>();
    for (String ns : PLANTS.keySet()) {
      FakeWorkload inf = new FakeWorkload();
      FakeWorkload con = new FakeWorkload();
      con.serve(Workloads.connector("lyon", SessionState.Connected));
      inference.put(ns, inf);
      workloads.add(inf);
      workloads.add(con);
      aliases.add(Workloads.aliases("lyon", ns, inf, con));
    }
    properties =
        Map.of(
            "plantops.operator.host-aliases",
            String.join(",", aliases),
            "plantops.operator.resync-interval",
            "1s");
  }

  @AfterEach
  void stop() {
    operators.forEach(OperatorHarness::close);
    cluster.close();
    workloads.forEach(FakeWorkload::close);
  }

  OperatorHarness startOperator() {
    OperatorHarness h =
        OperatorHarness.start(cluster, properties, new StagedPromotionEngine(), clock);
    operators.add(h);
    return h;
  }

  @Test
  void rollsANewVersionRingByRingToCompletionAndLeavesThePinnedSiteAlone() {
    fleet(new RolloutPolicy(null, null, soak60(), null));
    startOperator();
    awaitEverySite("1.2.0");
    awaitRollout(r -> assertThat(r.state()).isEqualTo(RolloutState.Complete));

    publish130();
    awaitRollout(
        r -> {
          assertThat(r.version()).isEqualTo("1.3.0");
          assertThat(r.fromVersion()).isEqualTo("1.2.0");
          assertThat(r.openRing()).isZero();
        });
    // ring 0 promotes it; rings 1 and 2 have not even received it as a candidate
    awaitSite("plant-r0", s -> assertThat(s.activeModel().version()).isEqualTo("1.3.0"));
    awaitRollout(
        r -> {
          assertThat(r.state()).isEqualTo(RolloutState.Progressing);
          assertThat(r.openRing()).isZero();
          assertThat(r.message()).startsWith("ring 1 waits for ring 0: soak 1h0m, passes at");
          assertThat(r.summary()).isEqualTo("0:1/1 1:closed 2:closed");
          assertThat(r.rings().get(0).pinned()).isEqualTo(1);
        });
    for (String ns : List.of("plant-r1", "plant-r2", "plant-pinned")) {
      SiteDeploymentStatus s = sd(ns).getStatus();
      assertThat(s.activeModel().version()).as(ns).isEqualTo("1.2.0");
      assertThat(s.candidateModel()).as(ns).isNull();
    }

    clock.advance(Duration.ofMinutes(61));
    awaitSite("plant-r1", s -> assertThat(s.activeModel().version()).isEqualTo("1.3.0"));
    awaitRollout(r -> assertThat(r.openRing()).isEqualTo(1));
    assertThat(sd("plant-r2").getStatus().candidateModel()).isNull();

    clock.advance(Duration.ofMinutes(61));
    awaitSite("plant-r2", s -> assertThat(s.activeModel().version()).isEqualTo("1.3.0"));
    awaitRollout(
        r -> {
          assertThat(r.state()).isEqualTo(RolloutState.Complete);
          assertThat(r.summary()).isEqualTo("0:1/1 1:1/1 2:1/1");
        });
    UseCaseTemplate t = template();
    assertThat(assertCondition(t, ConditionTypes.ROLLOUT, ConditionStatus.True).reason())
        .isEqualTo("RolloutComplete");
    OperatorHarness operator = operators.get(0);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(
                      operator.gauge(
                          "plantops_rollout_ring_sites",
                          Map.of("template", TEMPLATE, "ring", "2", "status", "new")))
                  .hasValue(1.0);
              assertThat(
                      operator.gauge(
                          "plantops_rollout_open_ring",
                          Map.of("template", TEMPLATE, "state", "Complete")))
                  .hasValue(2.0);
            });
    assertThat(templateEvents())
        .extracting(Event::getReason)
        .contains("RolloutStarted", "RingOpened", "RolloutComplete");
    // the Pinned site never moved, never saw a candidate
    SiteDeployment pinned = sd("plant-pinned");
    assertThat(pinned.getStatus().activeModel().version()).as(yaml(pinned)).isEqualTo("1.2.0");
    assertThat(pinned.getStatus().history())
        .extracting(h -> h.reason())
        .doesNotContain(HistoryReason.CandidateStarted, HistoryReason.VersionPromoted);

    // a resync with nothing new writes no template status
    cluster.clearCalls();
    long before = reconciles(operators.get(0));
    await().atMost(Duration.ofSeconds(20)).until(() -> reconciles(operators.get(0)) >= before + 3);
    assertThat(templateStatusWrites()).isEmpty();
  }

  @Test
  void driftAlertInRingOneHaltsTheRolloutAndRevertRingReturnsThatRing() {
    fleet(new RolloutPolicy(null, RingFailureAction.RevertRing, soak60(), null));
    startOperator();
    awaitEverySite("1.2.0");
    publish130();
    awaitSite("plant-r0", s -> assertThat(s.activeModel().version()).isEqualTo("1.3.0"));
    clock.advance(Duration.ofMinutes(61));
    awaitSite("plant-r1", s -> assertThat(s.activeModel().version()).isEqualTo("1.3.0"));

    drift.put("plant-r1", DriftStatus.Alert);
    awaitRollout(
        r -> {
          assertThat(r.state()).isEqualTo(RolloutState.Halted);
          assertThat(r.haltedRing()).isEqualTo(1);
          assertThat(r.message())
              .isEqualTo(
                  "ring 1 failed: plant-r1/kiln1-energy drift Alert on 1.3.0; no further ring"
                      + " receives 1.3.0; ring 1 returns to 1.2.0");
        });
    UseCaseTemplate t = template();
    assertThat(assertCondition(t, ConditionTypes.ROLLOUT, ConditionStatus.False).reason())
        .isEqualTo("RolloutHalted");
    awaitTemplateEvent("RolloutHalted", "Warning");
    // ring 1 returns to 1.2.0 at once; ring 0 keeps 1.3.0; ring 2 never receives it
    awaitSite(
        "plant-r1",
        s -> {
          assertThat(s.activeModel().version()).isEqualTo("1.2.0");
          assertThat(s.history().get(s.history().size() - 1).reason())
              .isEqualTo(HistoryReason.RolledBackRing);
        });
    drift.put("plant-r1", DriftStatus.Ok);
    clock.advance(Duration.ofHours(5));
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              mirror();
              assertThat(sd("plant-r2").getStatus().candidateModel()).isNull();
              assertThat(template().getStatus().rollout().state()).isEqualTo(RolloutState.Halted);
            });
    assertThat(sd("plant-r0").getStatus().activeModel().version()).isEqualTo("1.3.0");
    assertThat(sd("plant-r1").getStatus().activeModel().version()).isEqualTo("1.2.0");
  }

  @Test
  void aPausedRolloutOpensNoRingUntilResumed() {
    fleet(new RolloutPolicy(true, null, soak60(), null));
    startOperator();
    awaitEverySite("1.2.0");
    publish130();
    awaitSite("plant-r0", s -> assertThat(s.activeModel().version()).isEqualTo("1.3.0"));
    awaitRollout(
        r -> {
          assertThat(r.state()).isEqualTo(RolloutState.Paused);
          assertThat(r.message()).isEqualTo("paused at ring 0 (spec.promotion.rollout.paused)");
        });
    clock.advance(Duration.ofHours(3));
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              mirror();
              assertThat(template().getStatus().rollout().openRing()).isZero();
              assertThat(sd("plant-r1").getStatus().candidateModel()).isNull();
            });

    editRollout(new RolloutPolicy(false, null, soak60(), null));
    awaitSite("plant-r1", s -> assertThat(s.activeModel().version()).isEqualTo("1.3.0"));
    awaitTemplateEvent("RolloutResumed", "Normal");
  }

  @Test
  void anOperatorRestartMidRolloutNeitherRepeatsNorSkipsARing() {
    fleet(new RolloutPolicy(null, null, soak60(), null));
    OperatorHarness first = startOperator();
    awaitEverySite("1.2.0");
    publish130();
    awaitSite("plant-r0", s -> assertThat(s.activeModel().version()).isEqualTo("1.3.0"));
    awaitRollout(r -> assertThat(r.rings().get(0).promotedAt()).isNotNull());
    RolloutStatus before = template().getStatus().rollout();
    first.close();
    operators.remove(first);

    // a new operator finds the rollout where it was: ring 0 soaking, ring 1 closed
    cluster.clearCalls();
    OperatorHarness second = startOperator();
    long reconciled = reconciles(second);
    await().atMost(Duration.ofSeconds(20)).until(() -> reconciles(second) >= reconciled + 3);
    mirror();
    assertThat(template().getStatus().rollout()).isEqualTo(before);
    assertThat(templateStatusWrites()).isEmpty();
    assertThat(sd("plant-r1").getStatus().candidateModel()).isNull();

    clock.advance(Duration.ofMinutes(61));
    awaitSite("plant-r1", s -> assertThat(s.activeModel().version()).isEqualTo("1.3.0"));
    awaitRollout(r -> assertThat(r.openRing()).isEqualTo(1));
    RolloutStatus r = template().getStatus().rollout();
    assertThat(r.startedAt()).isEqualTo(before.startedAt());
    assertThat(r.rings().get(0).openedAt()).isEqualTo(before.rings().get(0).openedAt());
    assertThat(
            templateEvents().stream().filter(e -> "RolloutStarted".equals(e.getReason())).count())
        .isEqualTo(1);
  }

  // --- fleet

  static List<RingPolicy> soak60() {
    return List.of(new RingPolicy(0, 60, 100, null, null), new RingPolicy(1, 60, 100, null, null));
  }

  /** The template with 1.2.0 only and {@code rollout}, and the four plants. */
  void fleet(RolloutPolicy rollout) {
    UseCaseTemplate t =
        (UseCaseTemplate) Examples.read(Examples.DIR.resolve("templates/" + TEMPLATE + ".yaml"));
    UseCaseTemplateSpec s = t.getSpec();
    t.setSpec(
        withPolicy(
            s, s.models().stream().filter(m -> m.version().equals("1.2.0")).toList(), rollout));
    client.resource(t).create();
    PLANTS.forEach((ns, ring) -> plant(ns, ring, !ns.equals("plant-pinned")));
  }

  static UseCaseTemplateSpec withPolicy(
      UseCaseTemplateSpec s, List<ModelVersion> models, RolloutPolicy rollout) {
    PromotionPolicy p = s.promotion();
    return new UseCaseTemplateSpec(
        s.displayName(),
        s.description(),
        s.owner(),
        s.cadenceSeconds(),
        s.inputs(),
        s.observedSignals(),
        s.outputs(),
        models,
        s.kpis(),
        s.drift(),
        new PromotionPolicy(
            p.maxAutonomy(),
            List.of(),
            null,
            p.rollback(),
            p.approvalMaxAgeDays(),
            p.maxSkippedCycles(),
            p.maxSubstitutedInputsAtClosedLoop(),
            rollout),
        s.retraining());
  }

  void publish130() {
    UseCaseTemplate example =
        (UseCaseTemplate) Examples.read(Examples.DIR.resolve("templates/" + TEMPLATE + ".yaml"));
    client
        .resources(UseCaseTemplate.class)
        .withName(TEMPLATE)
        .edit(
            t -> {
              t.getMetadata().setResourceVersion(null);
              UseCaseTemplateSpec s = t.getSpec();
              t.setSpec(withPolicy(s, example.getSpec().models(), s.promotion().rollout()));
              return t;
            });
  }

  void editRollout(RolloutPolicy rollout) {
    client
        .resources(UseCaseTemplate.class)
        .withName(TEMPLATE)
        .edit(
            t -> {
              t.getMetadata().setResourceVersion(null);
              t.setSpec(withPolicy(t.getSpec(), t.getSpec().models(), rollout));
              return t;
            });
  }

  /**
   * A copy of the Lyon plant in {@code ns}, in {@code ring}, its energy site FollowLatest or not.
   */
  void plant(String ns, int ring, boolean followLatest) {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    for (String f : List.of("plant.yaml", "tagmapping.yaml", "kiln1-energy.yaml")) {
      String text;
      try {
        text = Files.readString(LYON.resolve(f));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      text =
          text.replace("namespace: plant-lyon", "namespace: " + ns)
              .replace("rolloutRing: 0", "rolloutRing: " + ring);
      if (followLatest) {
        text = text.replace("versionPolicy: Pinned", "versionPolicy: FollowLatest");
      }
      Class<? extends HasMetadata> type =
          switch (f) {
            case "plant.yaml" -> Plant.class;
            case "tagmapping.yaml" -> TagMapping.class;
            default -> SiteDeployment.class;
          };
      client.resource(Serialization.unmarshal(text, type)).create();
    }
    inference.get(ns).serve(Workloads.inference("lyon", report(ns, null)));
  }

  // --- the fake inference servers run what the operator decided

  /** Each plant's server reports the active and candidate models its site's status names. */
  void mirror() {
    for (String ns : PLANTS.keySet()) {
      SiteDeployment sd = sd(ns);
      inference.get(ns).serve(Workloads.inference("lyon", report(ns, sd.getStatus())));
    }
  }

  UseCaseStatus report(String ns, SiteDeploymentStatus s) {
    String active =
        s == null
            ? "1.2.0"
            : s.activeModel() != null
                ? s.activeModel().version()
                : Optional.ofNullable(s.resolvedVersion()).orElse("1.2.0");
    UseCaseStatus u = Workloads.loaded(SD, active, -1.5);
    DriftStatus d = drift.getOrDefault(ns, DriftStatus.Ok);
    String candidate =
        s == null || s.candidateModel() == null ? null : s.candidateModel().version();
    return new UseCaseStatus(
        u.name(),
        u.active(),
        candidate == null
            ? null
            : new ModelState(
                candidate,
                Workloads.exampleSha256(candidate),
                ModelLoadState.Loaded,
                null,
                1L,
                candidate),
        candidate == null
            ? null
            : new ShadowStats(candidate, T0.toEpochMilli(), 500, 0.1, 0.8, 0, null, null),
        Workloads.drift(d, d == DriftStatus.Alert ? 0.31 : 0.04),
        u.kpis(),
        1000,
        u.skipped(),
        u.skipStreak(),
        u.firstValidInferenceAtMs(),
        u.lastRecommendation());
  }

  // --- reading and waiting

  SiteDeployment sd(String ns) {
    return client.resources(SiteDeployment.class).inNamespace(ns).withName(SD).get();
  }

  UseCaseTemplate template() {
    return client.resources(UseCaseTemplate.class).withName(TEMPLATE).get();
  }

  void awaitEverySite(String version) {
    for (String ns : PLANTS.keySet()) {
      awaitSite(ns, s -> assertThat(s.activeModel().version()).isEqualTo(version));
    }
  }

  void awaitSite(String ns, Consumer<SiteDeploymentStatus> check) {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              mirror();
              SiteDeployment sd = sd(ns);
              assertThat(sd.getStatus()).as("status of %s", ns).isNotNull();
              try {
                check.accept(sd.getStatus());
              } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + yaml(sd), e);
              }
            });
  }

  void awaitRollout(Consumer<RolloutStatus> check) {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              mirror();
              UseCaseTemplate t = template();
              assertThat(t.getStatus().rollout()).as("rollout of %s", TEMPLATE).isNotNull();
              try {
                check.accept(t.getStatus().rollout());
              } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + yaml(t), e);
              }
            });
  }

  List<Event> templateEvents() {
    return client.v1().events().inAnyNamespace().list().getItems().stream()
        .filter(e -> TEMPLATE.equals(e.getInvolvedObject().getName()))
        .collect(Collectors.toList());
  }

  void awaitTemplateEvent(String reason, String type) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(templateEvents())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo(reason);
                          assertThat(e.getType()).isEqualTo(type);
                        }));
  }

  List<ApiCall> templateStatusWrites() {
    return cluster.callsBy(MockCluster.OPERATOR_AGENT).stream()
        .filter(ApiCall::isWrite)
        .filter(c -> c.resource().equals("usecasetemplates/status"))
        .toList();
  }

  static long reconciles(OperatorHarness h) {
    return (long)
        h.sample("plantops.operator.reconcile.duration", Map.of("kind", "UseCaseTemplate"));
  }
}
