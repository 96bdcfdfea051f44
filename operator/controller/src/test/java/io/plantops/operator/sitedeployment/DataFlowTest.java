package io.plantops.operator.sitedeployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.TemplateRef;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.SessionState;
import io.plantops.contract.SkipReason;
import io.plantops.operator.observe.PlantConnection;
import io.plantops.operator.observe.PlantObservation;
import io.plantops.operator.observe.Probe;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.promotion.PromotionInput;
import io.plantops.operator.promotion.StagedPromotionEngine;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.StatusUpdate;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.testing.Workloads;
import io.plantops.operator.validation.ContractCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A live site that gets no valid inference is not Ready and is Degraded: when its plant connection
 * is lost, and when its evaluation cycles have all been skipped for the template's
 * maxSkippedCycles. Driven through the promotion engine and the status aggregator, as the
 * reconciler does; the plant connection and the inference server's report are what the poller would
 * have read.
 */
class DataFlowTest {

  static final UseCaseTemplateSpec KILN =
      ((UseCaseTemplate)
              Examples.read(Examples.DIR.resolve("templates/kiln-energy-optimization.yaml")))
          .getSpec();
  static final ContractCheck.Report COVERED =
      new ContractCheck.Report(List.of(), List.of(), Map.of());

  /** The example's last recommendation is at 11:08:40; the site goes live a little later. */
  static final Instant LIVE = Instant.parse("2026-11-18T11:10:00Z");

  static final Instant LOST = Instant.parse("2026-11-18T11:11:50Z");

  final StagedPromotionEngine engine = new StagedPromotionEngine();
  final SiteDeployment sd = new SiteDeployment();
  final UseCaseStatus healthy = Workloads.loaded("kiln1-energy", "1.2.0", -1.0);
  Optional<PlantConnection> connection = Optional.empty();

  @BeforeEach
  void aLiveSite() {
    sd.getMetadata().setName("kiln1-energy");
    sd.getMetadata().setNamespace("plant-lyon");
    sd.getMetadata().setGeneration(1L);
    sd.setSpec(
        new SiteDeploymentSpec(
            "lyon",
            new TemplateRef("kiln-energy-optimization", "1.2.0"),
            VersionPolicy.Pinned,
            "lyon-kiln1",
            Stage.Shadow,
            null,
            List.of()));
    connection = next(SessionState.Connected, LIVE);
    reconcile(reachable(healthy), LIVE);
    assertThat(sd.getStatus().phase()).isEqualTo(Phase.Shadow);
    assertThat(ready().status()).isEqualTo(ConditionStatus.True);
  }

  @Test
  void aLostPlantConnectionMakesTheLiveSiteNotReadyAndDegradedWithTheAgeOfTheLastInference() {
    connection = next(SessionState.Disconnected, LOST);

    StatusUpdate<SiteDeploymentStatus> update = reconcile(reachable(healthy), LOST);

    Condition ready = ready();
    assertThat(ready.status()).isEqualTo(ConditionStatus.False);
    assertThat(ready.reason()).isEqualTo(Reason.PlantDisconnected.name());
    assertThat(ready.message())
        .isEqualTo(
            "plant connection lost since 2026-11-18T11:11:50Z: the connector's OPC UA session is"
                + " Disconnected (session lost; reconnecting); last valid inference at"
                + " 2026-11-18T11:08:40Z, 3m10s before the loss; status.lastRecommendation stays"
                + " as it was until the plant reconnects");
    Condition degraded = condition(ConditionTypes.DEGRADED);
    assertThat(degraded.status()).isEqualTo(ConditionStatus.True);
    assertThat(degraded.reason()).isEqualTo(Reason.PlantDisconnected.name());
    assertThat(degraded.message()).isEqualTo(ready.message());
    assertThat(sd.getStatus().phase()).as("what is live does not change").isEqualTo(Phase.Shadow);
    assertThat(update.changes())
        .extracting(Conditions.Change::type)
        .containsExactlyInAnyOrder(ConditionTypes.READY, ConditionTypes.DEGRADED);
  }

  @Test
  void aLossThatGoesOnComputesTheSameStatusSoNothingIsRewritten() {
    connection = next(SessionState.Disconnected, LOST);
    reconcile(reachable(healthy), LOST);
    SiteDeploymentStatus during = sd.getStatus();

    // later polls: the session is still down, the server skips cycle after cycle, time passes
    connection = next(SessionState.Disconnected, LOST.plusSeconds(45));
    StatusUpdate<SiteDeploymentStatus> later =
        reconcile(
            reachable(
                Workloads.skipping(
                    healthy, 3, LOST.toEpochMilli(), SkipReason.StaleInput, "kiln.feed.rate")),
            LOST.plus(Duration.ofMinutes(3)));

    assertThat(later.status()).isEqualTo(during);
    assertThat(later.changes()).isEmpty();
  }

  @Test
  void aReconnectedPlantMakesTheSiteReadyAgain() {
    connection = next(SessionState.Disconnected, LOST);
    reconcile(reachable(healthy), LOST);

    connection = next(SessionState.Connected, LOST.plusSeconds(30));
    StatusUpdate<SiteDeploymentStatus> back = reconcile(reachable(healthy), LOST.plusSeconds(30));

    assertThat(ready().status()).isEqualTo(ConditionStatus.True);
    assertThat(condition(ConditionTypes.DEGRADED).reason()).isEqualTo(Reason.NotDegraded.name());
    assertThat(back.changes())
        .extracting(Conditions.Change::type)
        .containsExactlyInAnyOrder(ConditionTypes.READY, ConditionTypes.DEGRADED);
  }

  @Test
  void aSiteWhoseCyclesAreAllSkippedForMaxSkippedCyclesIsNotReadyNamingTheReasonAndTheSignal() {
    long since = LIVE.plusSeconds(60).toEpochMilli();
    int max = KILN.promotion().maxSkippedCycles();

    reconcile(
        reachable(
            Workloads.skipping(healthy, max - 1, since, SkipReason.MissingInput, "kiln.inlet.o2")),
        LIVE.plusSeconds(60L * max));
    assertThat(ready().status()).as("a cycle short of the policy").isEqualTo(ConditionStatus.True);

    reconcile(
        reachable(
            Workloads.skipping(healthy, max, since, SkipReason.MissingInput, "kiln.inlet.o2")),
        LIVE.plusSeconds(60L * (max + 1)));

    Condition ready = ready();
    assertThat(ready.status()).isEqualTo(ConditionStatus.False);
    assertThat(ready.reason()).isEqualTo(Reason.EvaluationsSkipped.name());
    assertThat(ready.message())
        .isEqualTo(
            "every evaluation cycle skipped since 2026-11-18T11:11:00Z (at least "
                + max
                + " in a row: spec.promotion.maxSkippedCycles of UseCaseTemplate"
                + " kiln-energy-optimization); the latest for MissingInput on signal"
                + " kiln.inlet.o2; last valid inference at 2026-11-18T11:08:40Z, 2m20s before"
                + " the first skip");
    assertThat(condition(ConditionTypes.DEGRADED).reason())
        .isEqualTo(Reason.EvaluationsSkipped.name());
  }

  @Test
  void aSiteThatNeverHadAValidInferenceSaysSo() {
    UseCaseStatus never =
        new UseCaseStatus(
            healthy.name(),
            healthy.active(),
            null,
            null,
            null,
            List.of(),
            0,
            Map.of(),
            null,
            null,
            null);
    sd.setStatus(null);
    reconcile(reachable(never), LIVE);

    reconcile(
        reachable(
            Workloads.skipping(never, 10, LIVE.toEpochMilli(), SkipReason.ModelNotLoaded, null)),
        LIVE.plusSeconds(600));

    assertThat(ready().reason()).isEqualTo(Reason.EvaluationsSkipped.name());
    assertThat(ready().message())
        .contains("the latest for ModelNotLoaded;")
        .endsWith("no valid inference yet");
  }

  @Test
  void theSkipVerdictStandsWhileTheInferenceServerCannotBeRead() {
    long since = LIVE.toEpochMilli();
    reconcile(
        reachable(Workloads.skipping(healthy, 50, since, SkipReason.BadQuality, "kiln.speed")),
        LIVE.plusSeconds(3000));
    Condition before = ready();

    StatusUpdate<SiteDeploymentStatus> update =
        reconcile(
            UseCaseObservation.of(
                new PlantObservation(
                    Probe.unreachable("connection refused"), Probe.notPolled(), connection),
                "kiln1-energy"),
            LIVE.plusSeconds(3600));

    assertThat(ready()).isEqualTo(before);
    assertThat(update.changes())
        .extracting(Conditions.Change::type)
        .doesNotContain(ConditionTypes.READY, ConditionTypes.DEGRADED);
  }

  @Test
  void aLostConnectionComesBeforeTheCyclesItMakesSkip() {
    connection = next(SessionState.Disconnected, LOST);

    reconcile(
        reachable(
            Workloads.skipping(
                healthy, 20, LOST.toEpochMilli(), SkipReason.StaleInput, "kiln.feed.rate")),
        LOST.plusSeconds(1200));

    assertThat(ready().reason()).isEqualTo(Reason.PlantDisconnected.name());
  }

  @Test
  void aSiteThatIsNotLiveKeepsItsOwnReason() {
    sd.setSpec(
        new SiteDeploymentSpec(
            "lyon",
            new TemplateRef("kiln-energy-optimization", "9.9.9"),
            VersionPolicy.Pinned,
            "lyon-kiln1",
            Stage.Shadow,
            null,
            List.of()));
    connection = next(SessionState.Disconnected, LOST);

    reconcile(reachable(healthy), LOST);

    assertThat(sd.getStatus().phase()).isEqualTo(Phase.Failed);
    assertThat(ready().reason()).isEqualTo(Reason.VersionNotFound.name());
  }

  // -- the poller's view and one reconciliation

  /** The plant connection after a poll at {@code at} reported {@code state}. */
  Optional<PlantConnection> next(SessionState state, Instant at) {
    return PlantConnection.next(
        connection,
        Probe.reachable(
            Workloads.connector(
                "lyon",
                state,
                state == SessionState.Connected ? null : "session lost; reconnecting")),
        at);
  }

  UseCaseObservation reachable(UseCaseStatus u) {
    return UseCaseObservation.of(
        new PlantObservation(
            Probe.reachable(Workloads.inference("lyon", u)), Probe.notPolled(), connection),
        "kiln1-energy");
  }

  StatusUpdate<SiteDeploymentStatus> reconcile(UseCaseObservation observation, Instant now) {
    var decision =
        engine.decide(
            new PromotionInput(
                sd,
                Optional.of(KILN),
                List.of(),
                true,
                Optional.of(COVERED),
                List.of(),
                observation,
                now));
    StatusUpdate<SiteDeploymentStatus> update =
        SiteDeploymentStatusAggregator.compute(
            new SiteDeploymentStatusAggregator.Facts(
                sd,
                decision,
                Optional.of(KILN),
                Optional.of(COVERED),
                List.of(),
                observation,
                connection,
                now));
    sd.setStatus(update.status());
    return update;
  }

  Condition ready() {
    return condition(ConditionTypes.READY);
  }

  Condition condition(String type) {
    return Conditions.find(sd.getStatus().conditions(), type).orElseThrow();
  }
}
