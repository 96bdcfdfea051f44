package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.assertCondition;
import static io.plantops.operator.testing.ResourceAssertions.assertObservedGeneration;
import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.contract.Autonomy;
import io.plantops.contract.MountPaths;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Ports;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.UseCaseConfig;
import io.plantops.operator.model.Labels;
import io.plantops.operator.model.Names;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The examples, applied to an empty cluster with the operator running, become the expected
 * workloads, ConfigMaps and statuses. Status polling is off here: nothing answers for the
 * workloads, so every use case waits for model verification (Pending, scored in shadow).
 */
class ExamplesReconcileTest {

  static final String SECRET_VALUE = "s3cr3t-sentinel-value";

  static MockCluster cluster;
  static OperatorHarness operator;
  static KubernetesClient client;

  @BeforeAll
  static void applyExamples() {
    cluster = new MockCluster();
    client = cluster.client();
    Examples.apply(client);
    // the Secrets the Plants reference, with a value that must never leave them
    for (String ns : List.of("plant-lyon", "plant-joliet")) {
      for (String name : List.of("opcua-client-cert", "opcua-user", "opcua-trusted-servers")) {
        client
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(ns)
                    .endMetadata()
                    .withStringData(
                        Map.of("user", "plant", "pass", SECRET_VALUE, "password", SECRET_VALUE))
                    .build())
            .create();
      }
    }
    operator =
        OperatorHarness.start(cluster, Map.of("plantops.operator.status-polling.enabled", "false"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (var sd :
                  client.resources(SiteDeployment.class).inAnyNamespace().list().getItems()) {
                assertThat(sd.getStatus()).as(yaml(sd)).isNotNull();
                assertObservedGeneration(sd);
              }
              for (String[] p :
                  new String[][] {{"plant-lyon", "lyon"}, {"plant-joliet", "joliet"}}) {
                Plant plant = plant(p[0], p[1]);
                assertThat(plant.getStatus()).as(yaml(plant)).isNotNull();
                assertThat(plant.getStatus().siteDeployments()).isEqualTo(2);
                ConfigMap cm = configMap(p[0], p[1]);
                assertThat(cm).isNotNull();
                assertThat(config(cm).useCases()).as(cm.getData().toString()).hasSize(2);
              }
            });
  }

  @AfterAll
  static void stop() {
    operator.close();
    cluster.close();
  }

  @Test
  void eachPlantGetsTwoDeploymentsTwoServicesTwoServiceAccountsAndAConfigMapOwnedByIt() {
    for (String[] p : new String[][] {{"plant-lyon", "lyon"}, {"plant-joliet", "joliet"}}) {
      Plant plant = plant(p[0], p[1]);
      List<HasMetadata> owned =
          List.of(
              deployment(p[0], Names.inferenceServer(p[1])),
              deployment(p[0], Names.connector(p[1])),
              client.services().inNamespace(p[0]).withName(Names.inferenceServer(p[1])).get(),
              client.services().inNamespace(p[0]).withName(Names.connector(p[1])).get(),
              client
                  .serviceAccounts()
                  .inNamespace(p[0])
                  .withName(Names.inferenceServer(p[1]))
                  .get(),
              client.serviceAccounts().inNamespace(p[0]).withName(Names.connector(p[1])).get(),
              configMap(p[0], p[1]));
      for (HasMetadata o : owned) {
        assertThat(o).as("objects of plant %s", p[1]).isNotNull();
        OwnerReference owner = o.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getKind()).as(yaml(o)).isEqualTo("Plant");
        assertThat(owner.getUid()).as(yaml(o)).isEqualTo(plant.getMetadata().getUid());
        assertThat(owner.getController()).as(yaml(o)).isTrue();
        assertThat(o.getMetadata().getLabels())
            .containsEntry(Labels.PLANT, p[1])
            .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
            .containsEntry(Labels.PART_OF, Labels.PART_OF_VALUE);
      }
    }
  }

  @Test
  void deploymentsRunNonRootReadOnlyWithoutPrivilegeEscalationAndWithResourceRequests() {
    Deployment lyon = deployment("plant-lyon", "lyon-inference");
    var pod = lyon.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getServiceAccountName()).isEqualTo("lyon-inference");
    Container c = pod.getContainers().get(0);
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    // the Plant's own resources win over the operator defaults
    assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("250m");
    assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("384Mi");
    // Joliet gives none: the operator defaults apply
    Container joliet =
        deployment("plant-joliet", "joliet-connector")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(joliet.getResources().getRequests().get("cpu").toString()).isEqualTo("100m");
    assertThat(joliet.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
  }

  @Test
  void workloadsReadTheConfigFileAndServeTheContractPortsAndProbes() {
    Deployment inference = deployment("plant-lyon", "lyon-inference");
    Container c = inference.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly(
            "PLANTOPS_CONFIG_FILE=" + MountPaths.CONFIG_FILE,
            "PLANTOPS_HTTP_PORT=8080",
            "PLANTOPS_DATAPATH_AUTH=required",
            "PLANTOPS_DATAPATH_AUTH_MODEL_ENDPOINTS=true");
    assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(Ports.INFERENCE_HTTP);
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo(Ports.READY_PATH);
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo(Ports.LIVE_PATH);
    assertThat(c.getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .contains(MountPaths.CONFIG_DIR, MountPaths.DATA_DIR, MountPaths.TMP_DIR);
    Service svc = client.services().inNamespace("plant-lyon").withName("lyon-connector").get();
    assertThat(svc.getSpec().getPorts().get(0).getPort()).isEqualTo(Ports.CONNECTOR_HTTP);
    assertThat(svc.getSpec().getSelector())
        .isEqualTo(
            deployment("plant-lyon", "lyon-connector").getSpec().getSelector().getMatchLabels());
    ServiceAccount sa =
        client.serviceAccounts().inNamespace("plant-lyon").withName("lyon-connector").get();
    assertThat(sa.getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void plantSecretsAreMountedIntoTheConnectorOnlyTheDataPathSecretIntoBothAndNoneIntoTheConfig() {
    String dataPath = Names.dataPathSecret("joliet");
    var connector =
        deployment("plant-joliet", "joliet-connector").getSpec().getTemplate().getSpec();
    assertThat(connector.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactlyInAnyOrder(
            "opcua-client-cert", "opcua-user", "opcua-trusted-servers", dataPath);
    assertThat(connector.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getMountPath().startsWith("/etc/plantops/secrets"))
        .allMatch(VolumeMount::getReadOnly)
        .hasSize(4);
    var inference =
        deployment("plant-joliet", "joliet-inference").getSpec().getTemplate().getSpec();
    assertThat(inference.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactly(dataPath);
    assertThat(inference.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getMountPath().startsWith("/etc/plantops/secrets"))
        .singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
    ResolvedPlantConfig config = config(configMap("plant-joliet", "joliet"));
    assertThat(config.opcua().usernameFile()).isEqualTo(MountPaths.OPCUA_USER_DIR + "/user");
    assertThat(config.opcua().passwordFile()).isEqualTo(MountPaths.OPCUA_USER_DIR + "/pass");
    assertThat(config.opcua().certificateFile())
        .isEqualTo(MountPaths.OPCUA_CLIENT_DIR + "/tls.crt");
    for (String ns : List.of("plant-lyon", "plant-joliet")) {
      for (ConfigMap cm : client.configMaps().inNamespace(ns).list().getItems()) {
        assertThat(yaml(cm)).doesNotContain(SECRET_VALUE);
      }
      for (Deployment d : client.apps().deployments().inNamespace(ns).list().getItems()) {
        assertThat(yaml(d)).doesNotContain(SECRET_VALUE);
      }
    }
    List<Volume> volumes = connector.getVolumes();
    assertThat(volumes).filteredOn(v -> v.getConfigMap() != null).hasSize(1);
  }

  @Test
  void theConfigMapHoldsTheResolvedConfigOfEverySiteDeploymentAtThePlant() {
    ConfigMap cm = configMap("plant-lyon", "lyon");
    ResolvedPlantConfig config = config(cm);
    assertThat(config.plant().name()).isEqualTo("lyon");
    assertThat(config.plant().timezone()).isEqualTo("Europe/Paris");
    assertThat(cm.getMetadata().getAnnotations())
        .containsEntry("plantops.io/config-version", config.configVersion());
    assertThat(config.connector().inferenceUrl())
        .isEqualTo("http://lyon-inference.plant-lyon.svc:8080");
    assertThat(config.connector().bufferMaxBytes()).isEqualTo(256L * 1024 * 1024);
    assertThat(config.useCases())
        .extracting(UseCaseConfig::name)
        .containsExactly("kiln1-energy", "kiln1-free-lime");
    UseCaseConfig energy = config.useCase("kiln1-energy").orElseThrow();
    // not verified yet: in the config (so the server can load the model) but only in shadow
    assertThat(energy.phase()).isEqualTo(Autonomy.Shadow);
    assertThat(energy.activeModel().version()).isEqualTo("1.2.0");
    UseCaseConfig.Output fuel = energy.outputs().get(0);
    assertThat(fuel.min()).isEqualTo(6.0);
    assertThat(fuel.max()).isEqualTo(18.0);
    assertThat(fuel.templateMin()).isEqualTo(4.0);
    assertThat(fuel.bias()).isEqualTo(-0.1);
    assertThat(fuel.write()).isFalse();
    assertThat(energy.kpis().get(0).baseline()).isEqualTo(3450.0);
    assertThat(config.signal("kiln.fuel.setpoint").orElseThrow().writable()).isTrue();
    // FollowLatest resolves the template's highest version
    assertThat(config.useCase("kiln1-free-lime").orElseThrow().activeModel().version())
        .isEqualTo("1.0.0");
    // Joliet maps its own units; the connector converts them to the canonical ones
    ResolvedPlantConfig joliet = config(configMap("plant-joliet", "joliet"));
    var feed = joliet.signal("kiln.feed.rate").orElseThrow();
    assertThat(feed.siteUnit()).isEqualTo("kg/min");
    assertThat(feed.canonicalUnit()).isEqualTo("t/h");
    assertThat(joliet.signal("kiln.inlet.o2").orElseThrow().scale()).isEqualTo(0.1);
  }

  @Test
  void siteDeploymentsReportCoverageCalibrationAndWaitForModelVerification() {
    SiteDeployment sd = sd("plant-lyon", "kiln1-energy");
    assertCondition(sd, ConditionTypes.INPUTS_COVERED, ConditionStatus.True);
    assertCondition(sd, ConditionTypes.CALIBRATION_VALID, ConditionStatus.True);
    assertCondition(sd, ConditionTypes.MODEL_VERIFIED, ConditionStatus.Unknown);
    assertCondition(sd, ConditionTypes.READY, ConditionStatus.False);
    assertThat(sd.getStatus().phase()).isEqualTo(Phase.Pending);
    assertThat(sd.getStatus().resolvedVersion()).isEqualTo("1.2.0");
    assertThat(sd.getStatus().activeModel().version()).isEqualTo("1.2.0");
    assertThat(sd.getStatus().activeModel().sha256()).as("not verified yet").isNull();
    assertThat(sd.getStatus().missingSignals()).isNullOrEmpty();
    assertObservedGeneration(sd);
  }

  @Test
  void tagMappingsAreValidAndListTheirWritableSignals() {
    TagMapping tm =
        client
            .resources(TagMapping.class)
            .inNamespace("plant-joliet")
            .withName("joliet-kiln")
            .get();
    assertCondition(tm, ConditionTypes.VALID, ConditionStatus.True);
    assertCondition(tm, ConditionTypes.READY, ConditionStatus.True);
    assertThat(tm.getStatus().writableSignals()).containsExactly("kiln.fuel.setpoint");
    assertThat(tm.getStatus().mappedSignals()).isEqualTo(11);
    assertObservedGeneration(tm);
  }

  @Test
  void templatesAreValidAndTheirFleetViewShowsCoverage() {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              UseCaseTemplate t =
                  client
                      .resources(UseCaseTemplate.class)
                      .withName("kiln-energy-optimization")
                      .get();
              assertCondition(t, ConditionTypes.VALID, ConditionStatus.True);
              assertThat(t.getStatus().coverage()).as(yaml(t)).isEqualTo("3/3");
              assertThat(t.getStatus().fleet())
                  .extracting(e -> e.namespace() + "/" + e.siteDeployment())
                  .containsExactlyInAnyOrder(
                      "plant-alpena/kiln-energy",
                      "plant-joliet/kiln-energy",
                      "plant-lyon/kiln1-energy");
              assertThat(t.getStatus().latestVersion()).isEqualTo("1.3.0");
            });
  }

  @Test
  void plantsRecordRegistrationMappingCompletionAndTheirRolloutEffort() {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Plant lyon = plant("plant-lyon", "lyon");
              assertThat(lyon.getStatus().onboarding().registeredAt()).as(yaml(lyon)).isNotNull();
              assertThat(lyon.getStatus().onboarding().mappingCompleteAt())
                  .as(yaml(lyon))
                  .isNotNull();
              assertThat(lyon.getStatus().onboarding().workloadsReadyAt()).isNull();
              assertThat(lyon.getStatus().mappedSignals()).isEqualTo(11);
              // kiln1-energy: one limit, one bias, one KPI baseline
              assertThat(lyon.getStatus().calibrationOverrides()).isEqualTo(3);
              assertThat(lyon.getStatus().configVersion())
                  .isEqualTo(
                      config(configMap("plant-lyon", "lyon")).configVersion().substring(0, 12));
              assertCondition(lyon, ConditionTypes.VALID, ConditionStatus.True);
              assertCondition(lyon, ConditionTypes.READY, ConditionStatus.False);
              assertObservedGeneration(lyon);
            });
  }

  static Plant plant(String ns, String name) {
    return client.resources(Plant.class).inNamespace(ns).withName(name).get();
  }

  static SiteDeployment sd(String ns, String name) {
    return client.resources(SiteDeployment.class).inNamespace(ns).withName(name).get();
  }

  static Deployment deployment(String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  static ConfigMap configMap(String ns, String plant) {
    return client.configMaps().inNamespace(ns).withName(Names.plantConfig(plant)).get();
  }

  static ResolvedPlantConfig config(ConfigMap cm) {
    try {
      return PlantConfigCodec.parse(cm.getData().get(MountPaths.CONFIG_KEY));
    } catch (io.plantops.contract.ConfigException e) {
      throw new AssertionError("the ConfigMap holds an unusable config: " + e.problems(), e);
    }
  }
}
