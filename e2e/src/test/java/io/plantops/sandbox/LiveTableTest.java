package io.plantops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.plantops.sandbox.runtime.ContainerState;
import io.plantops.sandbox.runtime.LocalRuntime;
import io.plantops.sandbox.runtime.ProcessReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the sandbox's table shows of processes that died and of rows that stopped moving. */
class LiveTableTest {

  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  static final ProcessReport RUNNING =
      new ProcessReport(
          ContainerState.Running, OptionalLong.of(4242), 0, Optional.empty(), Optional.empty());

  static GenericKubernetesResource yaml(String text) {
    return Serialization.unmarshal(text, GenericKubernetesResource.class);
  }

  static final GenericKubernetesResource LYON =
      yaml(
          """
          apiVersion: plantops.io/v1alpha1
          kind: Plant
          metadata: {name: lyon, namespace: plant-lyon}
          status:
            phase: Ready
            mappedSignals: 11
            conditions: [{type: Connected, status: "True"}]
          """);

  static final GenericKubernetesResource FAST_TEMPLATE =
      yaml(
          """
          apiVersion: plantops.io/v1alpha1
          kind: UseCaseTemplate
          metadata: {name: kiln-energy-optimization}
          spec: {cadenceSeconds: 1}
          """);

  static GenericKubernetesResource site(String name, Instant recommendedAt) {
    return yaml(
        """
        apiVersion: plantops.io/v1alpha1
        kind: SiteDeployment
        metadata: {name: %s, namespace: plant-lyon}
        spec: {stage: Advisory, templateRef: {name: kiln-energy-optimization, version: 1.2.0}}
        status:
          phase: Advisory
          lastRecommendation:
            outputs: {fuel_setpoint: 11.3125}
            topContributors: [kiln.fuel.rate]
            at: "%s"
        """
            .formatted(name, recommendedAt));
  }

  static LocalRuntime.PodView pod(
      String deployment, long pid, ContainerState state, int restarts, ProcessReport.Exit exit) {
    return new LocalRuntime.PodView(
        "plant-lyon",
        deployment,
        deployment + "-abcde",
        pid,
        41000,
        state == ContainerState.Running,
        restarts,
        state,
        Optional.ofNullable(exit),
        Path.of("/sandbox/pods/plant-lyon/" + deployment),
        Path.of("/sandbox/logs/plant-lyon/" + deployment + ".log"));
  }

  static LiveTable.View view(
      ProcessReport operator,
      ProcessReport simulator,
      List<GenericKubernetesResource> sites,
      List<LocalRuntime.PodView> pods) {
    return view(operator, true, simulator, sites, pods);
  }

  static LiveTable.View view(
      ProcessReport operator,
      boolean operatorReady,
      ProcessReport simulator,
      List<GenericKubernetesResource> sites,
      List<LocalRuntime.PodView> pods) {
    return new LiveTable.View(
        NOW,
        true,
        Duration.ofSeconds(1),
        operator,
        operatorReady,
        "http://127.0.0.1:44215",
        Path.of("/sandbox/logs/operator.log"),
        List.of(LYON),
        sites,
        List.of(FAST_TEMPLATE),
        pods,
        Map.of("lyon", new LiveTable.Simulator(simulator, "http://127.0.0.1:33931", false)),
        Path.of("/sandbox/kubeconfig"));
  }

  static String line(String table, String startingWith) {
    return table
        .lines()
        .filter(l -> l.startsWith(startingWith))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no line starts with " + startingWith + ":\n" + table));
  }

  @Test
  void aDownOperatorIsShownDownWithItsExitAndNextRestartAndNoMetricsUrl() {
    ProcessReport down =
        new ProcessReport(
            ContainerState.CrashLoopBackOff,
            OptionalLong.empty(),
            2,
            Optional.of(new ProcessReport.Exit(137, NOW.minusSeconds(3))),
            Optional.of(NOW.plusSeconds(2)));
    String table = LiveTable.render(view(down, RUNNING, List.of(), List.of()));
    assertThat(line(table, "operator  "))
        .startsWith("operator  DOWN: exit 137, 3s ago, restart #2 in 2s.")
        .contains("The status below is what it wrote last");
    assertThat(table)
        .contains("  operator  down (http://127.0.0.1:44215 answers nothing)")
        .doesNotContain("/actuator/prometheus");
  }

  @Test
  void aRestartedOperatorSaysHowOftenAndHowItLastEnded() {
    ProcessReport restarted =
        new ProcessReport(
            ContainerState.Running,
            OptionalLong.of(5151),
            2,
            Optional.of(new ProcessReport.Exit(137, NOW.minusSeconds(12))),
            Optional.empty());
    String table = LiveTable.render(view(restarted, RUNNING, List.of(), List.of()));
    assertThat(line(table, "operator  "))
        .startsWith("operator  running, pid 5151, restarted 2× (last: exit 137, 12s ago)");
    assertThat(table).contains("  operator  http://127.0.0.1:44215/actuator/prometheus");
  }

  @Test
  void aRestartedOperatorNotReadyYetIsStartingAndSaysTheStatusIsOld() {
    ProcessReport booting =
        new ProcessReport(
            ContainerState.Running,
            OptionalLong.of(5151),
            1,
            Optional.of(new ProcessReport.Exit(137, NOW.minusSeconds(4))),
            Optional.empty());
    String table = LiveTable.render(view(booting, false, RUNNING, List.of(), List.of()));
    assertThat(line(table, "operator  "))
        .startsWith(
            "operator  starting, pid 5151, restarted 1× (last: exit 137, 4s ago). Not ready yet:"
                + " the status below is what it wrote last");
  }

  @Test
  void aDeadSimulatorIsShownDownAndNotRestarted() {
    ProcessReport gone =
        new ProcessReport(
            ContainerState.CrashLoopBackOff,
            OptionalLong.empty(),
            1,
            Optional.of(new ProcessReport.Exit(137, NOW.minusSeconds(40))),
            Optional.empty());
    String table = LiveTable.render(view(RUNNING, gone, List.of(), List.of()));
    assertThat(line(table, "lyon  "))
        .contains("plant-lyon", "down 40s (exit 137), not restarted", "Ready");
    assertThat(table).contains("  lyon  http://127.0.0.1:33931  (down)");
  }

  @Test
  void aRecommendationOlderThanFiveCyclesIsMarkedStaleWithItsAge() {
    String table =
        LiveTable.render(
            view(
                RUNNING,
                RUNNING,
                List.of(
                    site("kiln1-energy", NOW.minusSeconds(2)),
                    site("kiln1-free-lime", NOW.minusSeconds(180))),
                List.of()));
    assertThat(line(table, "plant-lyon/kiln1-energy "))
        .endsWith("fuel_setpoint=11.31 (top: kiln.fuel.rate) 2s ago")
        .doesNotContain("stale");
    assertThat(line(table, "plant-lyon/kiln1-free-lime "))
        .endsWith("fuel_setpoint=11.31 (top: kiln.fuel.rate) stale 3m");
  }

  @Test
  void staleMeansFiveEvaluationCyclesButNeverSoonerThanFifteenSeconds() {
    assertThat(LiveTable.staleAfter(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(15));
    assertThat(LiveTable.staleAfter(Duration.ofSeconds(60))).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aWorkloadInCrashLoopBackOffHasNoPidNoMetricsUrlAndItsLastExit() {
    String table =
        LiveTable.render(
            view(
                RUNNING,
                RUNNING,
                List.of(),
                List.of(
                    pod(
                        "lyon-connector",
                        -1,
                        ContainerState.CrashLoopBackOff,
                        1,
                        new ProcessReport.Exit(137, NOW.minusSeconds(5))),
                    pod("lyon-inference", 3131, ContainerState.Running, 0, null))));
    assertThat(line(table, "plant-lyon/lyon-connector "))
        .matches(
            "plant-lyon/lyon-connector +- +CrashLoopBackOff +false +1 \\(last: exit 137, 5s ago\\)"
                + " +/sandbox/logs/plant-lyon/lyon-connector.log");
    assertThat(line(table, "plant-lyon/lyon-inference "))
        .matches("plant-lyon/lyon-inference +3131 +Running +true +0 +/sandbox/.*");
    assertThat(table)
        .contains("  plant-lyon/lyon-connector  down")
        .contains("  plant-lyon/lyon-inference  http://127.0.0.1:41000/metrics")
        .contains(
            "operator consoles (docs/connector.md#the-operator-console):\n  plant-lyon  down\n");
  }

  @Test
  void saysWhereEachPlantsOperatorConsoleIs() {
    String table =
        LiveTable.render(
            view(
                RUNNING,
                RUNNING,
                List.of(),
                List.of(
                    pod("lyon-connector", 4242, ContainerState.Running, 0, null),
                    pod("lyon-inference", 4343, ContainerState.Running, 0, null))));
    assertThat(table)
        .contains(
            "operator consoles (docs/connector.md#the-operator-console):\n"
                + "  plant-lyon  http://127.0.0.1:41000/console\n");
  }

  @Test
  void theHeaderSaysWhenTemplatesGetFastClocks() {
    String table = LiveTable.render(view(RUNNING, RUNNING, List.of(), List.of()));
    assertThat(table.lines().findFirst().orElseThrow())
        .contains("--fast: every template written gets clocks of seconds");
  }
}
