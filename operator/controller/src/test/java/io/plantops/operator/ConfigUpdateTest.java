package io.plantops.operator;

import static io.plantops.operator.testing.ResourceAssertions.assertCondition;
import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.contract.ConfigException;
import io.plantops.contract.MountPaths;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.operator.model.Names;
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
 * A change to any input re-renders the plant's config; a change that alters nothing rewrites
 * nothing; a hand-edited owned object is put back. Each test works in its own namespace.
 */
class ConfigUpdateTest {

  static MockCluster cluster;
  static OperatorHarness operator;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = new MockCluster();
    client = cluster.client();
    Fixtures.templates(client);
    operator =
        OperatorHarness.start(cluster, Map.of("plantops.operator.status-polling.enabled", "false"));
  }

  @AfterAll
  static void stop() {
    operator.close();
    cluster.close();
  }

  @Test
  void editingATagMappingUpdatesTheRenderedConfig() {
    String ns = "edit-tagmapping";
    Fixtures.lyon(client, ns);
    ResolvedPlantConfig before = awaitConfig(ns, c -> c.useCases().size() == 2);
    assertThat(before.signal("kiln.feed.rate").orElseThrow().nodeId())
        .isEqualTo("ns=2;s=LYN.K1.FEED_RATE.PV");

    editMapping(ns, "kiln.feed.rate", e -> withNodeId(e, "ns=2;s=LYN.K1.FEED_RATE.NEW"));

    ResolvedPlantConfig after =
        awaitConfig(
            ns,
            c ->
                c.signal("kiln.feed.rate")
                    .map(s -> s.nodeId().equals("ns=2;s=LYN.K1.FEED_RATE.NEW"))
                    .orElse(false));
    assertThat(after.configVersion()).isNotEqualTo(before.configVersion());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(plant(ns).getStatus().configVersion())
                    .isEqualTo(after.configVersion().substring(0, 12)));
  }

  @Test
  void aMissingSignalShowsInInputsCoveredAndLeavesTheUseCaseOutOfTheConfig() {
    String ns = "missing-signal";
    Fixtures.lyon(client, ns);
    awaitConfig(ns, c -> c.useCases().size() == 2);

    Fixtures.editTagMapping(
        client,
        ns,
        "lyon-kiln1",
        spec -> {
          List<TagMappingEntry> entries = new ArrayList<>(spec.mappings());
          entries.removeIf(e -> e.signal().equals("kiln.main_drive.power"));
          return new TagMappingSpec(spec.plantRef(), spec.description(), entries);
        });

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              SiteDeployment sd = sd(ns, "kiln1-energy");
              var c = assertCondition(sd, ConditionTypes.INPUTS_COVERED, ConditionStatus.False);
              assertThat(c.reason()).isEqualTo("SignalsMissing");
              assertThat(c.message())
                  .contains("kiln.main_drive.power is not mapped in TagMapping lyon-kiln1");
              assertThat(sd.getStatus().missingSignals()).containsExactly("kiln.main_drive.power");
              assertThat(sd.getStatus().phase()).isEqualTo(Phase.Pending);
            });
    ResolvedPlantConfig config =
        awaitConfig(ns, c -> c.useCase("kiln1-energy").isEmpty() && c.useCases().size() == 1);
    assertThat(config.signal("kiln.main_drive.power"))
        .as("only the left-out use case read it")
        .isEmpty();
    assertThat(config.useCase("kiln1-free-lime")).isPresent();
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              UseCaseTemplate t =
                  client
                      .resources(UseCaseTemplate.class)
                      .withName("kiln-energy-optimization")
                      .get();
              assertThat(t.getStatus().fleet())
                  .as(yaml(t))
                  .anySatisfy(
                      e -> {
                        assertThat(e.namespace()).isEqualTo(ns);
                        assertThat(e.inputsCovered()).isFalse();
                        assertThat(e.missingSignals()).containsExactly("kiln.main_drive.power");
                      });
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events(ns, "kiln1-energy"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("SignalsMissing");
                        }));
  }

  @Test
  void aChangeThatAltersNothingRewritesNoConfigMapAndNoDeployment() {
    String ns = "no-op-change";
    Fixtures.lyon(client, ns);
    awaitConfig(ns, c -> c.useCases().size() == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> plant(ns).getStatus() != null);
    String cmVersion = configMap(ns).getMetadata().getResourceVersion();
    String deploymentVersion = deployment(ns, "lyon-inference").getMetadata().getResourceVersion();
    long plantReconciles = reconciles("Plant");

    // a new generation of the TagMapping whose rendered meaning is the same
    Fixtures.editTagMapping(
        client,
        ns,
        "lyon-kiln1",
        spec -> new TagMappingSpec(spec.plantRef(), "reworded description", spec.mappings()));
    await().atMost(Duration.ofSeconds(10)).until(() -> reconciles("Plant") > plantReconciles);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(configMap(ns).getMetadata().getResourceVersion()).isEqualTo(cmVersion);
              assertThat(deployment(ns, "lyon-inference").getMetadata().getResourceVersion())
                  .isEqualTo(deploymentVersion);
            });
  }

  @Test
  void editingATemplateReRendersTheConfigOfEveryPlantThatDeploysIt() {
    String ns = "template-edit";
    Fixtures.lyon(client, ns);
    awaitConfig(ns, c -> c.useCases().size() == 2);
    UseCaseTemplate t =
        client.resources(UseCaseTemplate.class).withName("clinker-free-lime-soft-sensor").get();
    t.getSpec().kpis().get(0);
    client
        .resources(UseCaseTemplate.class)
        .withName("clinker-free-lime-soft-sensor")
        .edit(
            x -> {
              x.getMetadata().setResourceVersion(null);
              var spec = x.getSpec();
              x.setSpec(
                  new io.plantops.api.v1alpha1.UseCaseTemplateSpec(
                      spec.displayName(),
                      spec.description(),
                      spec.owner(),
                      120,
                      spec.inputs(),
                      spec.observedSignals(),
                      spec.outputs(),
                      spec.models(),
                      spec.kpis(),
                      spec.drift(),
                      spec.promotion(),
                      spec.retraining()));
              return x;
            });
    awaitConfig(
        ns, c -> c.useCase("kiln1-free-lime").map(u -> u.cadenceSeconds() == 120).orElse(false));
  }

  @Test
  void aHandEditedDeploymentIsPutBack() {
    String ns = "hand-edit";
    Fixtures.lyon(client, ns);
    awaitConfig(ns, c -> c.useCases().size() == 2);
    // edited as kubectl edit does, on the latest version: the operator may write it meanwhile
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("lyon-connector")
        .edit(
            d -> {
              var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
              c.getSecurityContext().setReadOnlyRootFilesystem(false);
              c.getEnv().remove(0);
              return d;
            });
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              var c =
                  deployment(ns, "lyon-connector")
                      .getSpec()
                      .getTemplate()
                      .getSpec()
                      .getContainers()
                      .get(0);
              assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
              assertThat(c.getEnv()).extracting(e -> e.getName()).contains("PLANTOPS_CONFIG_FILE");
            });
  }

  static ResolvedPlantConfig awaitConfig(
      String ns, java.util.function.Predicate<ResolvedPlantConfig> condition) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              ConfigMap cm = configMap(ns);
              if (cm == null) {
                return null;
              }
              try {
                return PlantConfigCodec.parse(cm.getData().get(MountPaths.CONFIG_KEY));
              } catch (ConfigException e) {
                throw new AssertionError("unusable config in " + ns + ": " + e.problems(), e);
              }
            },
            c -> c != null && condition.test(c));
  }

  static void editMapping(
      String ns, String signal, java.util.function.UnaryOperator<TagMappingEntry> change) {
    Fixtures.editTagMapping(
        client,
        ns,
        "lyon-kiln1",
        spec ->
            new TagMappingSpec(
                spec.plantRef(),
                spec.description(),
                spec.mappings().stream()
                    .map(e -> e.signal().equals(signal) ? change.apply(e) : e)
                    .toList()));
  }

  static TagMappingEntry withNodeId(TagMappingEntry e, String nodeId) {
    return new TagMappingEntry(
        e.signal(),
        nodeId,
        e.unit(),
        e.scale(),
        e.offset(),
        e.samplingIntervalMs(),
        e.access(),
        e.description());
  }

  static long reconciles(String kind) {
    return (long) operator.sample("plantops.operator.reconcile.duration", Map.of("kind", kind));
  }

  static List<Event> events(String ns, String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static io.plantops.api.v1alpha1.Plant plant(String ns) {
    return client
        .resources(io.plantops.api.v1alpha1.Plant.class)
        .inNamespace(ns)
        .withName("lyon")
        .get();
  }

  static SiteDeployment sd(String ns, String name) {
    return client.resources(SiteDeployment.class).inNamespace(ns).withName(name).get();
  }

  static ConfigMap configMap(String ns) {
    return client.configMaps().inNamespace(ns).withName(Names.plantConfig("lyon")).get();
  }

  static Deployment deployment(String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }
}
