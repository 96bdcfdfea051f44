package io.plantops.operator.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.OnboardingMilestones;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantPhase;
import io.plantops.api.v1alpha1.PlantSpec;
import io.plantops.api.v1alpha1.PlantStatus;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.SessionState;
import io.plantops.contract.SignalRefusal;
import io.plantops.operator.observe.PlantObservation;
import io.plantops.operator.observe.Probe;
import io.plantops.operator.render.PlantConfigRenderer;
import io.plantops.operator.render.PlantConfigRenderer.Problem;
import io.plantops.operator.render.PlantConfigRenderer.ProblemKind;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.StatusUpdate;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.Workloads;
import io.plantops.operator.validation.PlantValidator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlantStatusAggregatorTest {

  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-11-20T11:00:00Z");
  static final Optional<Deployment> READY = Optional.of(deployment(1));

  static Plant lyon() {
    Plant plant = (Plant) Examples.read(Examples.DIR.resolve("plants/lyon/plant.yaml"));
    plant.getMetadata().setGeneration(2L);
    return plant;
  }

  static Deployment deployment(int ready) {
    return new DeploymentBuilder()
        .withNewSpec()
        .withReplicas(1)
        .endSpec()
        .withNewStatus()
        .withReadyReplicas(ready)
        .endStatus()
        .build();
  }

  static PlantView view(Plant plant, List<Problem> problems, Optional<String> namesProblem) {
    PlantConfigRenderer.Rendered r =
        PlantConfigRenderer.render(
            plant,
            List.of(),
            new PlantConfigRenderer.Lookups(
                n -> Optional.empty(), n -> Optional.empty(), t -> true, List.of()),
            60);
    return new PlantView(
        plant,
        new PlantConfigRenderer.Rendered(r.config(), r.json(), Map.of(), problems, List.of()),
        OperatorHarness.bind(Map.of()).workloads(),
        namesProblem);
  }

  static PlantStatusAggregator.Result compute(
      Plant plant, List<Problem> problems, PlantObservation observation, Instant now) {
    return PlantStatusAggregator.compute(
        new PlantStatusAggregator.Facts(
            plant,
            view(plant, problems, Optional.empty()),
            READY,
            READY,
            List.of(),
            List.of(),
            PlantValidator.validate(plant.getSpec(), List.of()),
            observation,
            now));
  }

  static PlantObservation reporting(SessionState session) {
    return PlantObservation.polled(
        Probe.reachable(
            Workloads.inference("lyon", Workloads.loaded("kiln1-energy", "1.2.0", -1.0))),
        Probe.reachable(Workloads.connector("lyon", session)),
        PlantObservation.notPolled(),
        T0);
  }

  static Condition condition(PlantStatus s, String type) {
    return Conditions.find(s.conditions(), type).orElseThrow();
  }

  @Test
  void theValidReasonFollowsTheKindOfProblemNotItsText() {
    PlantStatus insecure =
        compute(
                lyon(),
                List.of(new Problem(ProblemKind.INSECURE_WRITES, "writes withheld")),
                PlantObservation.notPolled(),
                T0)
            .update()
            .status();
    assertThat(condition(insecure, ConditionTypes.VALID).reason())
        .isEqualTo(Reason.InsecureWithWritableMappings.name());
    assertThat(condition(insecure, ConditionTypes.VALID).message()).isEqualTo("writes withheld");

    PlantStatus password =
        compute(
                lyon(),
                List.of(new Problem(ProblemKind.PASSWORD_WITHOUT_SECURITY, "password in clear")),
                PlantObservation.notPolled(),
                T0)
            .update()
            .status();
    assertThat(condition(password, ConditionTypes.VALID).reason())
        .isEqualTo(Reason.PasswordWithoutSecurity.name());

    PlantStatus conflict =
        compute(
                lyon(),
                List.of(
                    new Problem(ProblemKind.SIGNAL_CONFLICT, "spec.opcua-like text, a conflict"),
                    new Problem(ProblemKind.SIGNAL_CONFLICT, "another")),
                PlantObservation.notPolled(),
                T0)
            .update()
            .status();
    Condition valid = condition(conflict, ConditionTypes.VALID);
    assertThat(valid.reason()).isEqualTo(Reason.SignalConflict.name());
    assertThat(valid.message()).isEqualTo("spec.opcua-like text, a conflict; another");
  }

  @Test
  void anUnknownTimeZoneIsInvalidNamingTheFieldLikeAdmission() {
    Plant plant = lyon();
    PlantSpec spec = plant.getSpec();
    plant.setSpec(
        new PlantSpec(
            spec.displayName(),
            spec.region(),
            "Europe/Pariss",
            spec.rolloutRing(),
            spec.opcua(),
            spec.inferenceServer(),
            spec.connector()));
    PlantStatus s =
        PlantStatusAggregator.compute(
                new PlantStatusAggregator.Facts(
                    plant,
                    view(plant, List.of(), Optional.empty()),
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    List.of(),
                    PlantValidator.validate(plant.getSpec(), List.of()),
                    PlantObservation.notPolled(),
                    T0))
            .update()
            .status();
    assertThat(condition(s, ConditionTypes.VALID).reason())
        .isEqualTo(Reason.TimezoneUnknown.name());
    assertThat(condition(s, ConditionTypes.VALID).message())
        .contains("spec.timezone Europe/Pariss is not an IANA time zone");
  }

  @Test
  void aNameThatCannotNameServicesComesBeforeEveryRenderProblem() {
    Plant plant = lyon();
    PlantStatus s =
        PlantStatusAggregator.compute(
                new PlantStatusAggregator.Facts(
                    plant,
                    view(
                        plant,
                        List.of(new Problem(ProblemKind.INSECURE_WRITES, "writes withheld")),
                        Optional.of("name too long")),
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    List.of(),
                    List.of(),
                    PlantObservation.notPolled(),
                    T0))
            .update()
            .status();
    assertThat(condition(s, ConditionTypes.VALID).reason()).isEqualTo(Reason.NamesInvalid.name());
    assertThat(condition(s, ConditionTypes.VALID).message())
        .isEqualTo("name too long; writes withheld");
    assertThat(s.phase()).isEqualTo(PlantPhase.Pending);
    assertThat(condition(s, ConditionTypes.READY).message()).isEqualTo("name too long");
  }

  @Test
  void aConnectedPlantWithAValidInferenceIsReadyAndDegradesWhenTheSessionDrops() {
    Plant plant = lyon();
    PlantStatusAggregator.Result ready =
        compute(plant, List.of(), reporting(SessionState.Connected), T0);
    PlantStatus s = ready.update().status();
    assertThat(s.phase()).isEqualTo(PlantPhase.Ready);
    assertThat(s.observedGeneration()).isEqualTo(2L);
    assertThat(s.conditions()).allSatisfy(c -> assertThat(c.observedGeneration()).isEqualTo(2L));
    assertThat(condition(s, ConditionTypes.READY).reason()).isEqualTo(Reason.Running.name());
    assertThat(condition(s, ConditionTypes.CONNECTED).status()).isEqualTo(ConditionStatus.True);
    assertThat(ready.previousPhase()).isEmpty();
    assertThat(ready.reached())
        .extracting(Onboarding.Reached::milestone)
        .containsExactly(
            Onboarding.Milestone.registered,
            Onboarding.Milestone.workloadsReady,
            Onboarding.Milestone.firstData,
            Onboarding.Milestone.firstValidInference);

    plant.setStatus(s);
    PlantStatusAggregator.Result dropped =
        compute(plant, List.of(), reporting(SessionState.Disconnected), T1);
    PlantStatus d = dropped.update().status();
    assertThat(d.phase()).isEqualTo(PlantPhase.Degraded);
    assertThat(dropped.previousPhase()).contains(PlantPhase.Ready);
    assertThat(dropped.reached()).as("milestones are reached once").isEmpty();
    assertThat(d.onboarding()).isEqualTo(s.onboarding());
    Condition degraded = condition(d, ConditionTypes.DEGRADED);
    assertThat(degraded.status()).isEqualTo(ConditionStatus.True);
    assertThat(degraded.reason()).isEqualTo(Reason.Disconnected.name());
    assertThat(degraded.lastTransitionTime()).isEqualTo("2026-11-20T11:00:00Z");
    assertThat(condition(d, ConditionTypes.VALID).lastTransitionTime())
        .isEqualTo("2026-11-20T10:00:00Z");
    assertThat(dropped.update().changes())
        .extracting(Conditions.Change::type)
        .containsExactly(ConditionTypes.READY, ConditionTypes.CONNECTED, ConditionTypes.DEGRADED);
  }

  @Test
  void aConnectedPlantNamesTheSignalsItsConnectorRefuses() {
    Plant plant = lyon();
    ConnectorStatus refusing =
        new ConnectorStatus(
            "lyon",
            "cfg",
            null,
            SessionState.Connected,
            null,
            10,
            List.of(),
            0,
            0,
            0,
            0,
            Map.of(),
            Map.of(),
            List.of(
                new ConnectorStatus.RefusedSignal(
                    "kiln.speed",
                    "lyon-kiln1",
                    "ns=2;s=LYN.K1.DRIVE.SPEED.PV",
                    SignalRefusal.NamespaceMoved,
                    "TagMapping lyon-kiln1, entry kiln.speed: nodeId 'ns=2;s=LYN.K1.DRIVE.SPEED.PV'"
                        + " refused: ...; write the nodeId as 'nsu=urn:x;s=LYN.K1.DRIVE.SPEED.PV'")));
    PlantObservation observation =
        PlantObservation.polled(
            Probe.reachable(
                Workloads.inference("lyon", Workloads.loaded("kiln1-energy", "1.2.0", -1.0))),
            Probe.reachable(refusing),
            PlantObservation.notPolled(),
            T0);
    PlantStatus s = compute(plant, List.of(), observation, T0).update().status();
    Condition connected = condition(s, ConditionTypes.CONNECTED);
    assertThat(connected.status()).isEqualTo(ConditionStatus.True);
    assertThat(connected.reason()).isEqualTo(Reason.SignalsRefused.name());
    assertThat(connected.message())
        .startsWith("OPC UA session up, 10 monitored items; 1 signal(s) refused by the connector:")
        .contains("TagMapping lyon-kiln1, entry kiln.speed")
        .contains("nsu=urn:x;s=LYN.K1.DRIVE.SPEED.PV");
  }

  @Test
  void theErrorPathOfANewPlantIsPendingAndNotReady() {
    StatusUpdate<PlantStatus> error =
        PlantStatusAggregator.error(lyon(), new IllegalStateException("boom"), T0);
    assertThat(error.status().phase()).isEqualTo(PlantPhase.Pending);
    assertThat(error.status().onboarding()).isEqualTo(OnboardingMilestones.none());
    assertThat(error.status().conditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.reason()).isEqualTo(Reason.ReconcileError.name());
              assertThat(c.message()).isEqualTo("reconciliation failed: boom");
            });
  }

  @Test
  void theErrorPathKeepsEverythingButReady() {
    Plant plant = lyon();
    plant.setStatus(
        compute(plant, List.of(), reporting(SessionState.Connected), T0).update().status());
    StatusUpdate<PlantStatus> error =
        PlantStatusAggregator.error(plant, new IllegalStateException("boom"), T1);
    PlantStatus before = plant.getStatus();
    PlantStatus after = error.status();
    assertThat(after.phase()).isEqualTo(before.phase());
    assertThat(after.onboarding()).isEqualTo(before.onboarding());
    assertThat(after.configVersion()).isEqualTo(before.configVersion());
    assertThat(condition(after, ConditionTypes.CONNECTED))
        .isEqualTo(condition(before, ConditionTypes.CONNECTED));
    assertThat(condition(after, ConditionTypes.READY).reason())
        .isEqualTo(Reason.ReconcileError.name());
    assertThat(error.changes())
        .singleElement()
        .satisfies(c -> assertThat(c.type()).isEqualTo(ConditionTypes.READY));
  }
}
