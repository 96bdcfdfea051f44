package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.assertCondition;
import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.SessionState;
import io.plantops.contract.SkipReason;
import io.plantops.operator.promotion.StagedPromotionEngine;
import io.plantops.operator.testing.ApiCall;
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
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plant whose connection is lost and comes back, as the operator reads it from the connector's
 * status while it polls the workloads again and again: every SiteDeployment of the plant turns not
 * Ready with reason PlantDisconnected, then Ready again, and its status is written for these two
 * transitions only, however many polls and reconciliations happen in between.
 */
class InterruptionResyncTest {

  static final String NS = "interruption";
  static final List<String> SITES = List.of("kiln1-energy", "kiln1-free-lime");

  /** The canned reports' last recommendation is at 11:08:40; the plant is lost at 11:12:00. */
  static final Instant LOST = Instant.parse("2026-11-18T11:12:00Z");

  MockCluster cluster;
  KubernetesClient client;
  FakeWorkload inference;
  FakeWorkload connector;
  MutableClock clock;
  OperatorHarness operator;

  @BeforeEach
  void aPlantRunningTwoUseCasesLive() {
    cluster = new MockCluster();
    client = cluster.client();
    Fixtures.ungatedTemplates(client);
    inference = new FakeWorkload();
    connector = new FakeWorkload();
    serveHealthy();
    connector.serve(Workloads.connector("lyon", SessionState.Connected));
    clock = new MutableClock(LOST.minus(Duration.ofMinutes(2)));
    operator =
        OperatorHarness.start(
            cluster,
            Map.of(
                "plantops.operator.host-aliases",
                Workloads.aliases("lyon", NS, inference, connector)),
            new StagedPromotionEngine(),
            clock);
    Fixtures.lyon(client, NS);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> client.apps().deployments().inNamespace(NS).list().getItems().size() == 2);
    Fixtures.workloadsReady(client, NS, "lyon");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              for (String site : SITES) {
                SiteDeployment sd = sd(site);
                assertThat(sd.getStatus().phase()).as(yaml(sd)).isEqualTo(Phase.Advisory);
                assertCondition(sd, ConditionTypes.READY, ConditionStatus.True);
              }
            });
    awaitQuiet();
  }

  @AfterEach
  void stop() {
    operator.close();
    cluster.close();
    inference.close();
    connector.close();
  }

  @Test
  void aLostPlantConnectionShowsOnEverySiteAndItsRecoveryWritesOnlyTheTwoTransitions() {
    cluster.clearCalls();

    clock.advance(Duration.ofMinutes(2));
    connector.serve(
        Workloads.connector("lyon", SessionState.Disconnected, "session lost; reconnecting"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              for (String site : SITES) {
                SiteDeployment sd = sd(site);
                Condition ready = assertCondition(sd, ConditionTypes.READY, ConditionStatus.False);
                assertThat(ready.reason()).isEqualTo("PlantDisconnected");
                assertThat(ready.message())
                    .startsWith(
                        "plant connection lost since 2026-11-18T11:12:00Z: the connector's OPC UA"
                            + " session is Disconnected (session lost; reconnecting)")
                    .contains(
                        "last valid inference at 2026-11-18T11:08:40Z, 3m20s before the loss");
                assertThat(
                        assertCondition(sd, ConditionTypes.DEGRADED, ConditionStatus.True).reason())
                    .isEqualTo("PlantDisconnected");
                assertThat(sd.getStatus().phase()).isEqualTo(Phase.Advisory);
              }
            });
    Map<String, SiteDeploymentStatus> duringTheLoss = statuses();

    // the outage goes on: the inference server skips cycle after cycle, so each poll brings a
    // different report and reconciles the sites, and time passes; nothing the sites show changes
    for (int cycles = 2; cycles <= 10; cycles += 4) {
      int polls = inference.polls();
      clock.advance(Duration.ofMinutes(4));
      serveSkipping(cycles);
      await().atMost(Duration.ofSeconds(10)).until(() -> inference.polls() > polls + 2);
    }
    awaitQuiet();
    assertThat(statuses()).as("nothing changed for the sites").isEqualTo(duringTheLoss);

    clock.advance(Duration.ofMinutes(1));
    serveHealthy();
    connector.serve(Workloads.connector("lyon", SessionState.Connected));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              for (String site : SITES) {
                SiteDeployment sd = sd(site);
                assertCondition(sd, ConditionTypes.READY, ConditionStatus.True);
                assertThat(
                        assertCondition(sd, ConditionTypes.DEGRADED, ConditionStatus.False)
                            .reason())
                    .isEqualTo("NotDegraded");
              }
            });
    awaitQuiet();

    for (String site : SITES) {
      assertThat(statusWrites(site))
          .as("status writes of %s: the loss and the recovery", site)
          .hasSize(2);
      assertThat(events(site))
          .filteredOn(e -> "Warning".equals(e.getType()))
          .extracting(Event::getReason)
          .as("warnings about %s", site)
          .isNotEmpty()
          .allMatch("PlantDisconnected"::equals);
    }
  }

  void serveHealthy() {
    inference.serve(
        Workloads.inference(
            "lyon",
            Workloads.loaded("kiln1-energy", "1.2.0", -1.0),
            Workloads.loaded("kiln1-free-lime", "1.0.0", 0)));
  }

  /** What the inference server reports after {@code cycles} cycles skipped on stale inputs. */
  void serveSkipping(int cycles) {
    long since = LOST.toEpochMilli();
    InferenceStatus.UseCaseStatus energy = Workloads.loaded("kiln1-energy", "1.2.0", -1.0);
    InferenceStatus.UseCaseStatus lime = Workloads.loaded("kiln1-free-lime", "1.0.0", 0);
    inference.serve(
        Workloads.inference(
            "lyon",
            Workloads.skipping(energy, cycles, since, SkipReason.StaleInput, "kiln.feed.rate"),
            Workloads.skipping(lime, cycles, since, SkipReason.StaleInput, "kiln.feed.rate")));
  }

  SiteDeployment sd(String name) {
    return client.resources(SiteDeployment.class).inNamespace(NS).withName(name).get();
  }

  Map<String, SiteDeploymentStatus> statuses() {
    return Map.of(
        SITES.get(0), sd(SITES.get(0)).getStatus(), SITES.get(1), sd(SITES.get(1)).getStatus());
  }

  List<ApiCall> statusWrites(String site) {
    return cluster.callsBy(MockCluster.OPERATOR_AGENT).stream()
        .filter(ApiCall::isWrite)
        .filter(c -> c.resource().equals("sitedeployments/status"))
        .filter(c -> c.path().contains("/sitedeployments/" + site + "/status"))
        .toList();
  }

  List<Event> events(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> "SiteDeployment".equals(e.getInvolvedObject().getKind()))
        .toList();
  }

  /** Waits until the operator has sent no write for two seconds. */
  void awaitQuiet() {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            new Callable<Boolean>() {
              long last = -1;

              @Override
              public Boolean call() {
                long writes =
                    cluster.callsBy(MockCluster.OPERATOR_AGENT).stream()
                        .filter(ApiCall::isWrite)
                        .count();
                boolean quiet = writes == last;
                last = writes;
                return quiet;
              }
            });
  }
}
