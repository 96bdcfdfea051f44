package io.plantops.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.contract.DataPathToken;
import io.plantops.contract.SessionState;
import io.plantops.operator.model.Names;
import io.plantops.operator.testing.FakeWorkload;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.Workloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plant's data-path Secret (issue 16 item 7): created once with a random token, owned by the
 * Plant, mounted into both workloads, and never written again, so that replacing its token is how
 * it is rotated.
 */
class DataPathSecretTest {

  static final String NS = "datapath";
  static MockCluster cluster;
  static OperatorHarness operator;
  static KubernetesClient client;
  static FakeWorkload inference;
  static FakeWorkload connector;

  @BeforeAll
  static void start() {
    cluster = new MockCluster();
    client = cluster.client();
    Fixtures.templates(client);
    inference = new FakeWorkload();
    connector = new FakeWorkload();
    inference.serve(Workloads.inference("lyon"));
    connector.serve(Workloads.connector("lyon", SessionState.Connecting));
    operator =
        OperatorHarness.start(
            cluster,
            Map.of(
                "plantops.operator.host-aliases",
                Workloads.aliases("lyon", NS, inference, connector)));
    Fixtures.lyon(client, NS);
  }

  @AfterAll
  static void stop() {
    operator.close();
    cluster.close();
    inference.close();
    connector.close();
  }

  static Secret secret() {
    return client.secrets().inNamespace(NS).withName(Names.dataPathSecret("lyon")).get();
  }

  static String token(Secret s) {
    if (s.getData() != null && s.getData().containsKey(DataPathToken.SECRET_KEY)) {
      return new String(
          Base64.getDecoder().decode(s.getData().get(DataPathToken.SECRET_KEY)),
          StandardCharsets.UTF_8);
    }
    return s.getStringData().get(DataPathToken.SECRET_KEY);
  }

  static Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name).get();
  }

  @Test
  void createsOneRandomTokenOwnedByThePlant() {
    await().atMost(Duration.ofSeconds(15)).until(() -> secret() != null);
    Secret secret = secret();
    Plant plant = client.resources(Plant.class).inNamespace(NS).withName("lyon").get();

    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo(plant.getMetadata().getUid());
              assertThat(o.getController()).isTrue();
            });
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/component", "datapath")
        .containsEntry("app.kubernetes.io/managed-by", "plantops-operator");
    assertThat(Base64.getUrlDecoder().decode(token(secret).strip()))
        .hasSize(DataPathToken.TOKEN_BYTES);
  }

  @Test
  void mountsTheSecretIntoBothWorkloadsAndMakesTheInferenceServerRequireIt() {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                deployment(Names.inferenceServer("lyon")) != null
                    && deployment(Names.connector("lyon")) != null);
    for (String name : new String[] {Names.inferenceServer("lyon"), Names.connector("lyon")}) {
      Deployment d = deployment(name);
      Volume volume =
          d.getSpec().getTemplate().getSpec().getVolumes().stream()
              .filter(v -> v.getSecret() != null)
              .filter(v -> Names.dataPathSecret("lyon").equals(v.getSecret().getSecretName()))
              .findFirst()
              .orElseThrow(() -> new AssertionError(name + " does not mount the data-path Secret"));
      Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(c.getVolumeMounts())
          .anySatisfy(
              m -> {
                assertThat(m.getName()).isEqualTo(volume.getName());
                assertThat(m.getMountPath()).isEqualTo(DataPathToken.DIR);
                assertThat(m.getReadOnly()).isTrue();
              });
    }
    Map<String, String> env =
        deployment(Names.inferenceServer("lyon"))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getEnv()
            .stream()
            .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertThat(env)
        .containsEntry(DataPathToken.AUTH_ENV, "required")
        .containsEntry(DataPathToken.MODEL_ENDPOINTS_ENV, "true");
  }

  @Test
  void leavesAReplacedTokenAlone() {
    await().atMost(Duration.ofSeconds(15)).until(() -> secret() != null);
    String rotated = DataPathToken.generate();
    Secret current = secret();
    client
        .resource(
            new SecretBuilder(current)
                .withData(
                    Map.of(
                        DataPathToken.SECRET_KEY,
                        Base64.getEncoder()
                            .encodeToString(rotated.getBytes(StandardCharsets.UTF_8))))
                .withStringData(null)
                .build())
        .update();
    // the update is itself an event of the Secret's informer: the Plant is reconciled again
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(6))
        .until(() -> token(secret()).equals(rotated));
  }

  @Test
  void usesASecretSomeoneCreatedWithoutItsLabelsAsItIs() {
    String ns = "datapath-byhand";
    String byHand = DataPathToken.generate();
    // before the Plant: the mock server, unlike a real one, needs no namespace for it
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(Names.dataPathSecret("lyon"))
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of(DataPathToken.SECRET_KEY, byHand))
                .build())
        .create();

    Fixtures.lyon(client, ns);

    // the workflow goes on past the Secret: both Deployments are created
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                client.apps().deployments().inNamespace(ns).withName(Names.connector("lyon")).get()
                    != null);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                token(client.secrets().inNamespace(ns).withName(Names.dataPathSecret("lyon")).get())
                    .equals(byHand));
  }
}
