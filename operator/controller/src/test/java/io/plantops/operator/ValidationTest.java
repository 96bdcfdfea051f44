package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.assertCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.MessageSecurityMode;
import io.plantops.api.v1alpha1.OpcUaEndpoint;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantSpec;
import io.plantops.api.v1alpha1.SecurityPolicy;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.Substitute;
import io.plantops.api.v1alpha1.SubstitutedInput;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.contract.MountPaths;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.operator.model.Names;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the schema cannot check shows in conditions, with events, and nothing is created for what
 * cannot run; namespaces outside plantops.operator.watched-namespaces are left alone.
 */
class ValidationTest {

  static MockCluster cluster;
  static OperatorHarness operator;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = new MockCluster();
    client = cluster.client();
    Fixtures.templates(client);
    operator =
        OperatorHarness.start(
            cluster,
            Map.of(
                "plantops.operator.status-polling.enabled",
                "false",
                "plantops.operator.watched-namespaces",
                "bad-unit,bad-name,bad-calibration,insecure-rw,substituted"));
  }

  @AfterAll
  static void stop() {
    operator.close();
    cluster.close();
  }

  @Test
  void aTagMappingWithAnUnknownUnitAndABadNodeIdIsInvalidAndSaysWhichEntries() {
    String ns = "bad-unit";
    Fixtures.lyon(client, ns);
    TagMapping tm = client.resources(TagMapping.class).inNamespace(ns).withName("lyon-kiln1").get();
    List<TagMappingEntry> entries = new ArrayList<>(tm.getSpec().mappings());
    TagMappingEntry e0 = entries.get(0);
    entries.set(
        0,
        new TagMappingEntry(
            e0.signal(), e0.nodeId(), "furlongs/fortnight", null, null, null, null, null));
    TagMappingEntry e1 = entries.get(1);
    entries.set(
        1, new TagMappingEntry(e1.signal(), "ns=2;q=K1", e1.unit(), null, null, null, null, null));
    // stored as a new object, so that no valid generation of it is known: an invalid edit of a
    // mapping that was valid runs its last valid generation instead (LastKnownGoodTest)
    client.resource(tm).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.resources(TagMapping.class).inNamespace(ns).withName("lyon-kiln1").get()
                    == null);
    TagMapping invalid = new TagMapping();
    invalid.getMetadata().setName("lyon-kiln1");
    invalid.getMetadata().setNamespace(ns);
    invalid.setSpec(new TagMappingSpec("lyon", null, entries));
    client.resource(invalid).create();

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              TagMapping now =
                  client.resources(TagMapping.class).inNamespace(ns).withName("lyon-kiln1").get();
              var valid = assertCondition(now, ConditionTypes.VALID, ConditionStatus.False);
              assertThat(valid.message())
                  .contains("spec.mappings[0].unit: unknown unit 'furlongs/fortnight'")
                  .contains("spec.mappings[1].nodeId");
              assertThat(now.getStatus().problems()).hasSize(2);
              assertThat(now.getStatus().mappedSignals()).isEqualTo(9);
              SiteDeployment sd =
                  client
                      .resources(SiteDeployment.class)
                      .inNamespace(ns)
                      .withName("kiln1-energy")
                      .get();
              assertThat(sd.getStatus().missingSignals())
                  .containsExactly("kiln.feed.rate", "kiln.speed");
              assertThat(
                      client.v1().events().inNamespace(ns).list().getItems().stream()
                          .filter(e -> e.getInvolvedObject().getName().equals("lyon-kiln1")))
                  .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Invalid"));
            });
  }

  @Test
  void aSubstitutedInputIsAcceptedWhereTheTemplateAllowsItAndStatusSaysSo() {
    String ns = "substituted";
    Fixtures.lyon(client, ns);
    TagMapping tm = client.resources(TagMapping.class).inNamespace(ns).withName("lyon-kiln1").get();
    List<TagMappingEntry> entries =
        new ArrayList<>(
            tm.getSpec().mappings().stream()
                .filter(e -> !e.signal().equals("kiln.main_drive.power"))
                .toList());
    entries.add(
        TagMappingEntry.substituted(
            "kiln.main_drive.power",
            "kW",
            new Substitute(null, "kiln.speed * 100.0 + kiln.feed.rate * 1.7", null),
            null));
    tm.setSpec(new TagMappingSpec("lyon", null, entries));
    // the operator may write the status between get and update: replace the spec without
    // optimistic locking, as the calibration test does, instead of failing with 409
    tm.getMetadata().setResourceVersion(null);
    client.resource(tm).update();

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              TagMapping now =
                  client.resources(TagMapping.class).inNamespace(ns).withName("lyon-kiln1").get();
              assertCondition(now, ConditionTypes.VALID, ConditionStatus.True);
              SiteDeployment sd =
                  client
                      .resources(SiteDeployment.class)
                      .inNamespace(ns)
                      .withName("kiln1-energy")
                      .get();
              assertCondition(sd, ConditionTypes.INPUTS_COVERED, ConditionStatus.True);
              var substituted =
                  assertCondition(sd, ConditionTypes.INPUTS_SUBSTITUTED, ConditionStatus.True);
              assertThat(substituted.reason()).isEqualTo("Substituted");
              assertThat(substituted.message())
                  .startsWith(
                      "1 of 8 inputs substituted: kiln.main_drive.power (expression kiln.speed"
                          + " * 100.0 + kiln.feed.rate * 1.7 (kW))");
              assertThat(sd.getStatus().substitutedInputs())
                  .containsExactly(
                      new SubstitutedInput(
                          "kiln.main_drive.power",
                          null,
                          "kiln.speed * 100.0 + kiln.feed.rate * 1.7",
                          "kW"));
              SiteDeployment lime =
                  client
                      .resources(SiteDeployment.class)
                      .inNamespace(ns)
                      .withName("kiln1-free-lime")
                      .get();
              assertCondition(lime, ConditionTypes.INPUTS_SUBSTITUTED, ConditionStatus.False);
            });
  }

  @Test
  void calibrationOutsideTheTemplatesLimitsFailsTheSiteAndNamesTheLimit() {
    String ns = "bad-calibration";
    Fixtures.lyon(client, ns);
    client
        .resources(SiteDeployment.class)
        .inNamespace(ns)
        .withName("kiln1-energy")
        .edit(
            sd -> {
              sd.getMetadata().setResourceVersion(null);
              var s = sd.getSpec();
              var c = s.calibration();
              sd.setSpec(
                  new io.plantops.api.v1alpha1.SiteDeploymentSpec(
                      s.plantRef(),
                      s.templateRef(),
                      s.versionPolicy(),
                      s.tagMappingRef(),
                      s.stage(),
                      new io.plantops.api.v1alpha1.Calibration(
                          Map.of("fuel_setpoint", new io.plantops.api.v1alpha1.Range(2.0, 25.0)),
                          c.bias(),
                          c.kpiBaselines()),
                      s.approvals()));
              return sd;
            });
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              SiteDeployment sd =
                  client
                      .resources(SiteDeployment.class)
                      .inNamespace(ns)
                      .withName("kiln1-energy")
                      .get();
              var c = assertCondition(sd, ConditionTypes.CALIBRATION_VALID, ConditionStatus.False);
              assertThat(c.message())
                  .contains(
                      "spec.calibration.limits.fuel_setpoint: [2.0, 25.0] t/h is not inside the template's limits [4.0, 20.0] t/h");
              assertThat(sd.getStatus().phase()).isEqualTo(Phase.Failed);
            });
  }

  @Test
  void aPlantWhoseNameCannotNameAServiceGetsNoWorkloadsAndSaysWhy() {
    String ns = "bad-name";
    Plant plant = lyonIn(ns);
    plant.getMetadata().setName("kiln.lyon");
    client.resource(plant).create();
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              Plant p = client.resources(Plant.class).inNamespace(ns).withName("kiln.lyon").get();
              var valid = assertCondition(p, ConditionTypes.VALID, ConditionStatus.False);
              assertThat(valid.reason()).isEqualTo("NamesInvalid");
              assertThat(valid.message()).contains("RFC 1035");
            });
    assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  void aReadWriteMappingOverAnInsecureSessionInvalidatesThePlantBeforeAnyUseCaseUsesIt() {
    String ns = "insecure-rw";
    Plant plant = lyonIn(ns);
    OpcUaEndpoint o = plant.getSpec().opcua();
    PlantSpec s = plant.getSpec();
    plant.setSpec(
        new PlantSpec(
            s.displayName(),
            s.region(),
            s.timezone(),
            s.rolloutRing(),
            new OpcUaEndpoint(
                o.endpointUrl(),
                SecurityPolicy.None,
                MessageSecurityMode.None,
                null,
                null,
                null,
                false),
            s.inferenceServer(),
            s.connector()));
    client.resource(plant).create();
    TagMapping tm = (TagMapping) Examples.read(Examples.DIR.resolve("plants/lyon/tagmapping.yaml"));
    tm.getMetadata().setNamespace(ns);
    client.resource(tm).create();

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              Plant p = client.resources(Plant.class).inNamespace(ns).withName("lyon").get();
              var valid = assertCondition(p, ConditionTypes.VALID, ConditionStatus.False);
              assertThat(valid.reason()).isEqualTo("InsecureWithWritableMappings");
              assertThat(valid.message())
                  .contains("the connector refuses to connect")
                  .contains("[kiln.fuel.setpoint] are mapped ReadWrite");
              ResolvedPlantConfig config =
                  PlantConfigCodec.parse(
                      client
                          .configMaps()
                          .inNamespace(ns)
                          .withName(Names.plantConfig("lyon"))
                          .get()
                          .getData()
                          .get(MountPaths.CONFIG_KEY));
              assertThat(config.useCases()).isEmpty();
              assertThat(config.opcua().readWriteSignals()).containsExactly("kiln.fuel.setpoint");
              assertThat(config.connector().writesEnabled()).isFalse();
            });
  }

  /** A fresh namespace and the Lyon example Plant in it, not yet created. */
  static Plant lyonIn(String ns) {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .endMetadata()
                .build())
        .create();
    Plant plant = (Plant) Examples.read(Examples.DIR.resolve("plants/lyon/plant.yaml"));
    plant.getMetadata().setNamespace(ns);
    return plant;
  }

  @Test
  void namespacesOutsideTheWatchedOnesAreLeftAlone() {
    String ns = "not-watched";
    Fixtures.lyon(client, ns);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .resources(Plant.class)
                          .inNamespace(ns)
                          .withName("lyon")
                          .get()
                          .getStatus())
                  .isNull();
              assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
            });
  }
}
