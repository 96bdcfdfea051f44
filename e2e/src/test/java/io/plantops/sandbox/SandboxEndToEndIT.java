package io.plantops.sandbox;

import static io.plantops.operator.testing.ResourceAssertions.assertCondition;
import static io.plantops.sandbox.Resources.withApprovals;
import static io.plantops.sandbox.Resources.withStage;
import static io.plantops.sandbox.Resources.withVersion;
import static io.plantops.sandbox.SandboxAssertions.assertActiveModel;
import static io.plantops.sandbox.SandboxAssertions.assertApprovals;
import static io.plantops.sandbox.SandboxAssertions.assertHistory;
import static io.plantops.sandbox.SandboxAssertions.assertLive;
import static io.plantops.sandbox.SandboxAssertions.assertOnboardedToFirstValidInference;
import static io.plantops.sandbox.SandboxAssertions.assertPlantReady;
import static io.plantops.sandbox.api.SandboxUser.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.ApprovalReason;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.HistoryEntry;
import io.plantops.api.v1alpha1.HistoryReason;
import io.plantops.api.v1alpha1.InputSignal;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.RolloutStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.connector.opcua.GapRecorder;
import io.plantops.contract.Autonomy;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.Recommendation;
import io.plantops.sandbox.runtime.ProcessReport;
import io.plantops.simulator.Point;
import io.plantops.simulator.WriteRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

/**
 * The whole chain through real processes: manifests applied to the embedded API server, the
 * operator (its own JVM) creating workloads, the local runtime running the inference servers and
 * connectors as processes, the connectors reading simulated plants over OPC UA with security on,
 * recommendations, closed-loop writes into the simulator, status and metrics.
 *
 * <p>The plants, mappings and site deployments are the example files as they are; the templates are
 * the examples with the clocks of {@link FastClocks} ({@code ./sandbox --fast}): seconds instead of
 * days, the safety envelope untouched. What each gate and approval decides is covered transition by
 * transition in the operator's tests.
 *
 * <p>The sandbox is started once for the class; the scenarios run in any order. Each waits for what
 * it needs and changes only what it owns: Lyon's kiln1-energy climbs to Advisory by its example
 * approval and to ClosedLoop in the closed-loop scenario; the version scenario runs its own
 * SiteDeployment beside it; the drift scenario drives Joliet's kiln-energy, since a drift alert
 * holds a plant's gates for as long as the mean shift takes to fade; the recovery scenario kills
 * Lyon's processes, then the operator, and waits until they are back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxEndToEndIT {

  static final Path ROOT =
      Path.of(System.getProperty("plantops.root", "..")).toAbsolutePath().normalize();
  static final String LYON = "plant-lyon";
  static final String JOLIET = "plant-joliet";
  static final String ALPENA = "plant-alpena";
  static final String KILN1_ENERGY = "kiln1-energy";
  static final String BURNING_ZONE = "kiln.burning_zone.temperature";

  Sandbox sandbox;
  Resources resources;

  @BeforeAll
  void start() throws IOException {
    sandbox =
        Sandbox.start(
            new Sandbox.Options(
                ROOT,
                ROOT.resolve("e2e/target/e2e-sandbox"),
                0,
                1.0,
                List.of("lyon", "joliet", "alpena"),
                true,
                true,
                Duration.ofSeconds(1),
                false));
    resources = new Resources(sandbox.client());
  }

  @AfterAll
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void everyExamplePlantOnboardsFromYamlAloneAndReachesFirstValidInference() {
    await("every plant Ready with every onboarding milestone")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              for (String plant : List.of("lyon", "joliet", "alpena")) {
                var p = resources.plant("plant-" + plant, plant);
                assertPlantReady(p);
                assertOnboardedToFirstValidInference(p);
              }
            });
  }

  /**
   * Alpena's server reports by exception (held setpoints keep their source timestamp and send
   * nothing), applies deadbands, revises 500 ms sampling to 1 s, and speaks GUID NodeIds and US
   * customary units that only the catalogue converts: its kiln-energy still evaluates in Shadow,
   * with recommendations, and the inference server records which inputs it held.
   */
  @Test
  void theReportByExceptionPlantInUsUnitsEvaluatesInShadow() {
    awaitLive(ALPENA, "kiln-energy", Phase.Shadow);
    await("alpena kiln-energy evaluates in Shadow")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              UseCaseStatus u =
                  Workloads.useCase(workloadUrl(ALPENA, "alpena-inference"), "kiln-energy");
              assertThat(u.firstValidInferenceAtMs()).as(u.toString()).isNotNull();
              assertThat(u.evaluations()).as(u.toString()).isGreaterThanOrEqualTo(2);
              assertThat(u.lastRecommendation()).as(u.toString()).isNotNull();
              // values inside a deadband send nothing: some input was held part of its window
              assertThat(u.heldFraction().values())
                  .as(u.toString())
                  .anySatisfy(f -> assertThat(f).isPositive());
            });
  }

  @Test
  void recommendationsCarryTheActiveModelVersionAndAnExplanationOverTheTemplatesInputs() {
    // the example approves Advisory; the closed-loop scenario may have taken it further
    SiteDeployment sd = awaitLive(LYON, KILN1_ENERGY, Phase.Advisory, Phase.ClosedLoop);
    String version = sd.getSpec().templateRef().version();
    Set<String> inputs =
        resources.templateOf(sd).getSpec().inputs().stream()
            .map(InputSignal::signal)
            .collect(Collectors.toSet());
    await("kiln1-energy's status reports a recommendation of its active model " + version)
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              SiteDeployment now = resources.siteDeployment(LYON, KILN1_ENERGY);
              assertActiveModel(now, version);
              assertThat(now.getStatus().lastRecommendation())
                  .as("status.lastRecommendation")
                  .isNotNull();
              assertThat(now.getStatus().lastRecommendation().modelVersion()).isEqualTo(version);
            });
    await("the inference server's last recommendation for kiln1-energy is advice")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Recommendation r =
                  Workloads.useCase(workloadUrl(LYON, "lyon-inference"), KILN1_ENERGY)
                      .lastRecommendation();
              assertThat(r).isNotNull();
              assertThat(r.phase()).isIn(Autonomy.Advisory, Autonomy.ClosedLoop);
              assertThat(r.modelVersion()).isEqualTo(version);
              assertThat(r.snapshotId()).isNotBlank();
              assertThat(r.explanation())
                  .isNotEmpty()
                  .allSatisfy(c -> assertThat(inputs).contains(c.signal()));
            });
    // Joliet's free-lime soft sensor too: another template, another vendor's tags and units
    await("free-lime at Joliet names its top contributors")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              SiteDeployment freeLime = resources.siteDeployment(JOLIET, "free-lime");
              assertLive(freeLime, Phase.Shadow, Phase.Advisory);
              assertThat(freeLime.getStatus().lastRecommendation()).isNotNull();
              assertThat(freeLime.getStatus().lastRecommendation().topContributors()).isNotEmpty();
            });
  }

  /**
   * The operator console of Lyon in a real browser: kiln1-energy's live advice beside the current
   * setpoint, with units, and the reasons in words; the screenshot is kept under target/.
   */
  @Test
  void theOperatorConsoleShowsTheLiveAdviceAndItsReasonsInABrowser() throws Exception {
    awaitLive(LYON, KILN1_ENERGY, Phase.Advisory, Phase.ClosedLoop);
    String console = workloadUrl(LYON, "lyon-connector") + "/console";
    try (Browser browser = Browser.open()) {
      var driver = browser.driver();
      await("Lyon's console shows kiln1-energy's advice and its reasons")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(3))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                driver.get(console);
                var card = driver.findElement(By.id("use-case-" + KILN1_ENERGY));
                var fuel = card.findElement(By.cssSelector("tr[data-output=fuel_setpoint]"));
                assertThat(fuel.findElement(By.cssSelector(".advised")).getText())
                    .matches("[0-9.]+ t/h");
                assertThat(fuel.findElement(By.cssSelector(".current")).getText())
                    .matches("[0-9.]+ t/h");
                assertThat(fuel.findElement(By.cssSelector(".difference")).getText())
                    .matches("[+-]?[0-9.]+ t/h");
                assertThat(card.findElements(By.cssSelector(".reason"))).isNotEmpty();
                assertThat(card.getText()).containsPattern("Advice of .* (CET|CEST), .* ago");
                assertThat(card.getAttribute("class")).doesNotContain("stale");
              });
      assertThat(driver.getTitle()).startsWith("lyon");
      browser.screenshot(ROOT.resolve("e2e/target/console/lyon-console.png"));
    }
  }

  @Test
  void approvedClosedLoopWritesSetpointsInsideCalibratedLimitsAndMovesTheKpi() throws Exception {
    SiteDeployment sd = awaitLive(LYON, KILN1_ENERGY, Phase.Advisory, Phase.ClosedLoop);
    SimulatorProcess lyon = sandbox.plants().get("lyon").simulator();
    SimulatorProcess.State before = lyon.state();
    double fuelBefore = before.values().get("kiln.fuel.setpoint");
    double heatBefore = before.specificHeatConsumption();

    approveAndAsk(LYON, KILN1_ENERGY, resources.templateOf(sd), Stage.ClosedLoop);
    awaitLive(LYON, KILN1_ENERGY, Phase.ClosedLoop);
    await("setpoint writes in the simulator")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> lyon.state().writes() > before.writes());

    // the KPI follows the written fuel: less fuel for the same clinker, lower heat consumption
    List<WriteRecord> writes = fuelWrites(lyon);
    double lastWritten = writes.get(writes.size() - 1).canonical();
    double direction = Math.signum(lastWritten - fuelBefore);
    assertThat(direction).as("the model moves the fuel setpoint").isNotZero();
    await("specific heat consumption moves with the written fuel")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              double heat = lyon.state().specificHeatConsumption();
              assertThat((heat - heatBefore) * direction)
                  .as("heat %s before %s, fuel %s -> %s", heat, heatBefore, fuelBefore, lastWritten)
                  .isGreaterThan(heatBefore * 0.002);
            });

    // no write ever left the calibrated limits (6..18 t/h in examples/plants/lyon)
    assertThat(fuelWrites(lyon))
        .allSatisfy(
            w -> {
              assertThat(w.canonical()).isBetween(6.0, 18.0);
              assertThat(w.user()).isEqualTo("plantops-connector");
            });

    // the plant's operator console, served by the connector process, shows the use case in
    // ClosedLoop and the writes it made
    String console = Workloads.console(workloadUrl(LYON, "lyon-connector"));
    assertThat(console)
        .contains("id=\"use-case-kiln1-energy\"")
        .contains(">ClosedLoop<")
        .contains("<td>Written</td>");
  }

  @Test
  void aNewModelVersionRunsInShadowBesideTheActiveOneAndIsPromotedOnlyAfterApproval()
      throws Exception {
    // a SiteDeployment of its own beside kiln1-energy, so that its version is this scenario's
    String name = "kiln1-energy-trial";
    SiteDeployment trial =
        resources.create(
            Resources.copyInShadow(ROOT.resolve("examples/plants/lyon/kiln1-energy.yaml"), name));
    try {
      SiteDeployment live = awaitLive(LYON, name, Phase.Shadow);
      String active = live.getSpec().templateRef().version();
      UseCaseTemplate template = resources.templateOf(live);
      String next = "1.3.0";
      List<String> roles = template.getSpec().promotion().versionUpdate().requiredApprovals();
      assertThat(roles).as("the template names who approves a new version").isNotEmpty();

      resources.editSpec(LYON, name, s -> withVersion(s, next));
      await(next + " scored in shadow beside " + active + ", waiting for its approval")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                SiteDeployment sd = resources.siteDeployment(LYON, name);
                assertActiveModel(sd, active);
                assertThat(sd.getStatus().candidateModel().version()).isEqualTo(next);
                assertThat(sd.getStatus().pendingApprovals()).containsAll(roles);
                UseCaseStatus scored = Workloads.useCase(workloadUrl(LYON, "lyon-inference"), name);
                assertThat(scored.shadow().candidateVersion()).isEqualTo(next);
                assertThat(scored.shadow().samples()).isPositive();
              });
      // without the approval nothing is promoted, however long the gates have passed
      assertActiveModel(resources.siteDeployment(LYON, name), active);

      Instant at = Instant.now().minusSeconds(5);
      resources.editSpec(
          LYON,
          name,
          s ->
              withApprovals(
                  s,
                  roles.stream()
                      .map(
                          role ->
                              new Approval(
                                  null, next, ADMIN, role, at.toString(), "shadow reviewed"))
                      .toList()));
      await(next + " active, with the approvals on record")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                SiteDeployment sd = resources.siteDeployment(LYON, name);
                assertActiveModel(sd, next);
                HistoryEntry promoted = assertHistory(sd, HistoryReason.VersionPromoted);
                assertThat(promoted.version()).isEqualTo(next);
                assertThat(promoted.approvals())
                    .containsAll(roles.stream().map(r -> ADMIN + " (" + r + ")").toList());
              });
      await("the inference server recommends with " + next)
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () ->
                  assertThat(
                          resources
                              .siteDeployment(LYON, name)
                              .getStatus()
                              .lastRecommendation()
                              .modelVersion())
                      .isEqualTo(next));
    } finally {
      resources.delete(trial);
    }
  }

  @Test
  void aNewReleaseReachesThePilotRingFirstAndTheNextRingOnlyOnceThePilotPromotedIt()
      throws Exception {
    RingRollout fleet = new RingRollout(sandbox.client(), ROOT);
    fleet.create();
    String first = fleet.releases().get(0).path("version").asText();
    SiteDeployment pilot = null;
    SiteDeployment second = null;
    try {
      // Lyon is ring 0 (the pilot plant), Joliet ring 1
      pilot = fleet.site("lyon/kiln1-energy.yaml", "kiln1-energy-ring");
      second = fleet.site("joliet/kiln-energy.yaml", "kiln-energy-ring");
      assertActiveModel(awaitLive(LYON, RingRollout.name(pilot), Phase.Shadow), first);
      assertActiveModel(awaitLive(JOLIET, RingRollout.name(second), Phase.Shadow), first);
      fleet.awaitRollout(
          first,
          "a first release has nothing to roll out from",
          r -> assertThat(RingRollout.complete(r)).as("%s", r).isTrue());

      String next = fleet.publishNext();
      fleet.awaitRollout(
          next,
          "the pilot ring open, ring 1 waiting",
          r -> {
            assertThat(r.fromVersion()).isEqualTo(first);
            assertThat(r.openRing()).as("%s", r).isZero();
            assertThat(RingRollout.ring(r, 1).waiting()).as("%s", r).isEqualTo(1);
          });
      String lyonSite = RingRollout.name(pilot);
      String jolietSite = RingRollout.name(second);
      await("the pilot site scores " + next + " in shadow as its candidate")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(resources.siteDeployment(LYON, lyonSite).getStatus().candidateModel())
                      .extracting(c -> c.version())
                      .isEqualTo(next));
      RingRollout.assertOnlyRuns(resources.siteDeployment(JOLIET, jolietSite), first);

      // the pilot's AI lead approves the new version; once it is active there, ring 1 opens
      UseCaseTemplate template = resources.template(RingRollout.TEMPLATE);
      Instant at = Instant.now().minusSeconds(5);
      resources.editSpec(
          LYON,
          lyonSite,
          s ->
              withApprovals(
                  s,
                  template.getSpec().promotion().versionUpdate().requiredApprovals().stream()
                      .map(role -> new Approval(null, next, ADMIN, role, at.toString(), ""))
                      .toList()));
      await(next + " active at the pilot")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(() -> assertActiveModel(resources.siteDeployment(LYON, lyonSite), next));
      RolloutStatus opened =
          fleet.awaitRollout(
              next,
              "ring 1 opened after the pilot promoted it",
              r -> {
                assertThat(r.openRing()).as("%s", r).isGreaterThanOrEqualTo(1);
                assertThat(RingRollout.ring(r, 0).onNewVersion()).as("%s", r).isEqualTo(1);
              });
      assertThat(Instant.parse(RingRollout.ring(opened, 1).openedAt()))
          .as("ring 1 opens once ring 0 promoted\n%s", opened)
          .isAfterOrEqualTo(Instant.parse(RingRollout.ring(opened, 0).promotedAt()));
      await("events RolloutStarted and RingOpened about " + RingRollout.TEMPLATE)
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> assertThat(fleet.eventReasons()).contains("RolloutStarted", "RingOpened"));
      await("the ring 1 site scores " + next + " in shadow as its candidate")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                SiteDeployment sd = resources.siteDeployment(JOLIET, jolietSite);
                assertActiveModel(sd, first);
                assertThat(sd.getStatus().candidateModel().version()).isEqualTo(next);
              });
    } finally {
      for (SiteDeployment sd : new SiteDeployment[] {pilot, second}) {
        if (sd != null) {
          resources.delete(sd);
        }
      }
      fleet.delete();
    }
  }

  @Test
  void aDriftedInputRollsClosedLoopBackToAdvisoryWithAnEventAndWritesStop() throws Exception {
    // Joliet runs kiln-energy in Shadow in the examples: this scenario approves its climb
    SiteDeployment sd = awaitLive(JOLIET, "kiln-energy", Phase.Shadow, Phase.Advisory);
    SimulatorProcess joliet = sandbox.plants().get("joliet").simulator();
    int writesBefore = joliet.state().writes();
    approveAndAsk(
        JOLIET, "kiln-energy", resources.templateOf(sd), Stage.Advisory, Stage.ClosedLoop);
    awaitLive(JOLIET, "kiln-energy", Phase.ClosedLoop);
    await("setpoint writes at Joliet")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> joliet.state().writes() > writesBefore);

    // a pyrometer reading 150 °C high: fifteen reference standard deviations, still inside the
    // input's valid range (900..1700 °C), so the inputs are used and their drift measured
    joliet.biasSensor(BURNING_ZONE, 150);
    try {
      await("rolled back to Advisory")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                SiteDeployment now = resources.siteDeployment(JOLIET, "kiln-energy");
                assertLive(now, Phase.Advisory);
                assertCondition(now, ConditionTypes.ROLLED_BACK, ConditionStatus.True);
                assertHistory(now, HistoryReason.RolledBackDrift);
              });
      await("a Warning event on the SiteDeployment")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(sandbox.client().v1().events().inNamespace(JOLIET).list().getItems())
                      .filteredOn(e -> "kiln-energy".equals(e.getInvolvedObject().getName()))
                      .anySatisfy(
                          e -> {
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getReason())
                                .isEqualTo(HistoryReason.RolledBackDrift.name());
                          }));
      // the connector stops writing: the live phase is no longer ClosedLoop
      int writes = joliet.state().writes();
      await("no setpoint written for 6 s, i.e. six evaluations")
          .during(Duration.ofSeconds(6))
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> joliet.state().writes() == writes);
    } finally {
      joliet.clearFaults();
    }
    // spec.stage still asks for ClosedLoop, but its approvals predate the rollback
    SiteDeployment after = resources.siteDeployment(JOLIET, "kiln-energy");
    assertLive(after, Phase.Advisory);
    assertApprovals(after, Stage.ClosedLoop, ApprovalReason.BeforeRollback);
  }

  @Test
  void killedConnectorInferenceServerSimulatorAndOperatorRecoverAndEveryGapIsRecorded()
      throws Exception {
    awaitPlantReady(LYON, "lyon");
    String connector = workloadUrl(LYON, "lyon-connector");
    // 1. the inference server dies: batches wait in the connector's disk buffer and are replayed
    sandbox.runtime().kill(LYON, "lyon-inference");
    await("batches buffered while the inference server is down")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> Workloads.metric(connector, "plantops_connector_buffered_batches_total") > 0);
    await("buffered batches replayed once it is back")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () ->
                Workloads.metric(connector, "plantops_connector_replayed_batches_total") > 0
                    && Workloads.metric(connector, "plantops_connector_buffer_batches") == 0);
    assertThat(Workloads.metric(connector, "plantops_connector_dropped_batches_total")).isZero();

    // 2. the connector dies: its successor records the downtime as a lost gap
    sandbox.runtime().kill(LYON, "lyon-connector");
    await("the restarted connector records its predecessor's downtime")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(Workloads.gaps(workloadUrl(LYON, "lyon-connector")))
                    .anySatisfy(
                        g -> assertThat(g.cause()).isEqualTo(GapRecorder.Cause.CONNECTOR_RESTART)));
    assertThat(sandbox.runtime().pod(LYON, "lyon-connector").orElseThrow().restarts())
        .isGreaterThanOrEqualTo(1);

    // 3. the plant's OPC UA server dies and comes back: the connector reconnects by itself
    SimulatorProcess lyon = sandbox.plants().get("lyon").simulator();
    lyon.kill();
    await("the connector sees the server gone")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                Workloads.metric(workloadUrl(LYON, "lyon-connector"), "plantops_connector_gap_open")
                    == 1);
    lyon.restart();
    await("the session is back and the outage is a recorded gap")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              String url = workloadUrl(LYON, "lyon-connector");
              assertThat(Workloads.gaps(url))
                  .anySatisfy(g -> assertThat(g.cause()).isEqualTo(GapRecorder.Cause.SESSION_LOST));
              assertThat(Workloads.metric(url, "plantops_connector_gap_open")).isZero();
            });
    long evaluations = evaluations(KILN1_ENERGY);
    await("inference goes on by itself")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> evaluations(KILN1_ENERGY) > evaluations + 2);
    await("the Plant says Connected again")
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertCondition(
                    resources.plant(LYON, "lyon"), ConditionTypes.CONNECTED, ConditionStatus.True));
    // whatever reached the connector reached the inference server or is counted as dropped: zero
    assertThat(
            Workloads.metric(
                workloadUrl(LYON, "lyon-connector"), "plantops_connector_samples_dropped_total"))
        .isZero();

    // 4. the operator dies: the sandbox says so, restarts it as a Deployment would be, and the
    // restarted operator reconciles the sites again
    int restartsBefore = sandbox.operatorReport().restarts();
    Instant killedAt = Instant.now();
    sandbox.killOperator();
    await("the table says the operator is down")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                !sandbox.operatorReport().running() && sandbox.table().contains("operator  DOWN"));
    await("the operator restarted")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              ProcessReport op = sandbox.operatorReport();
              assertThat(op.running()).isTrue();
              assertThat(op.restarts()).isEqualTo(restartsBefore + 1);
              assertThat(op.lastExit()).map(ProcessReport.Exit::code).contains(137);
              assertThat(sandbox.table())
                  .contains("restarted " + op.restarts() + "× (last: exit 137");
            });
    await("the restarted operator writes kiln1-energy's status again")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              SiteDeployment sd = resources.siteDeployment(LYON, KILN1_ENERGY);
              assertThat(sd.getStatus().lastRecommendation()).isNotNull();
              assertThat(Instant.parse(sd.getStatus().lastRecommendation().at())).isAfter(killedAt);
              assertPlantReady(resources.plant(LYON, "lyon"));
            });
    // one scrape can time out on a loaded machine; what matters is that the same URL answers
    await("the operator's metrics endpoint answers again, at the same URL")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        Workloads.metricAt(
                            sandbox.metricsEndpoints().get("operator"), "jvm_threads_live_threads"))
                    .isPositive());
  }

  @Test
  void prometheusScrapesEveryMetricsEndpointAndAnswersDriftAndKpiPerPlant() throws Exception {
    awaitPlantReady(LYON, "lyon");
    awaitPlantReady(JOLIET, "joliet");
    try (PrometheusProcess prometheus =
        PrometheusProcess.start(
            sandbox.workDir().resolve("prometheus"), sandbox.metricsEndpoints())) {
      await("every target up")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () ->
                  assertThat(prometheus.targets())
                      .hasSize(sandbox.metricsEndpoints().size())
                      .allSatisfy(
                          t ->
                              assertThat(t.health())
                                  .as("%s %s", t.scrapeUrl(), t.lastError())
                                  .isEqualTo("up")));
      for (String query :
          List.of(
              "max by (plant, use_case) (plantops_inference_drift_psi)",
              "max by (plant, use_case, kpi) (plantops_inference_kpi_current)")) {
        await(query)
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(2))
            .untilAsserted(
                () ->
                    assertThat(prometheus.query(query))
                        .extracting(s -> s.metric().get("plant"))
                        .as(query)
                        .contains("lyon", "joliet"));
      }
    }
  }

  // --- what the scenarios wait for and do ------------------------------------------------------

  void awaitPlantReady(String namespace, String plant) {
    await(plant + " Ready")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertPlantReady(resources.plant(namespace, plant)));
  }

  /** Waits until the SiteDeployment is live in one of {@code phases}, from the start if need be. */
  SiteDeployment awaitLive(String namespace, String name, Phase... phases) {
    await(namespace + "/" + name + " live in one of " + List.of(phases))
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertLive(resources.siteDeployment(namespace, name), phases));
    return resources.siteDeployment(namespace, name);
  }

  /**
   * Gives fresh approvals from every role the template requires for {@code stages}, and asks for
   * the last of them, as a plant team does in Git.
   */
  void approveAndAsk(String namespace, String name, UseCaseTemplate template, Stage... stages) {
    Instant at = Instant.now().minusSeconds(5);
    List<Approval> approvals =
        List.of(stages).stream()
            .flatMap(
                stage ->
                    template.getSpec().promotion().forStage(stage).requiredApprovals().stream()
                        .map(
                            role ->
                                new Approval(
                                    stage, null, ADMIN, role, at.toString(), "end-to-end")))
            .toList();
    assertThat(approvals).as("the template names who approves %s", List.of(stages)).isNotEmpty();
    resources.editSpec(
        namespace,
        name,
        spec -> withStage(withApprovals(spec, approvals), stages[stages.length - 1]));
  }

  String workloadUrl(String namespace, String deployment) {
    String metrics = sandbox.metricsEndpoints().get(namespace + "/" + deployment);
    assertThat(metrics).as("metrics endpoint of " + namespace + "/" + deployment).isNotNull();
    return metrics.substring(0, metrics.length() - "/metrics".length());
  }

  static List<WriteRecord> fuelWrites(SimulatorProcess sim) throws Exception {
    return sim.writes().stream().filter(w -> w.point() == Point.FUEL_SETPOINT).toList();
  }

  long evaluations(String useCase) throws IOException, InterruptedException {
    return Workloads.useCase(workloadUrl(LYON, "lyon-inference"), useCase).evaluations();
  }
}
