package io.plantops.sandbox.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.contract.MountPaths;
import io.plantops.sandbox.api.SandboxApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRuntimeIT {

  static final Path ROOT = Path.of(System.getProperty("plantops.root", "..")).normalize();
  @TempDir Path work;
  SandboxApiServer api;
  KubernetesClient client;
  LocalRuntime runtime;

  @BeforeEach
  void start() throws Exception {
    api = SandboxApiServer.start(ROOT.resolve("crds"), 0);
    client = api.newClient();
    ImageCatalog catalog =
        new ImageCatalog()
            .register(
                "test-workload",
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    FakeWorkload.class.getName()));
    runtime =
        new LocalRuntime(
                client,
                catalog,
                work,
                Map.of("dcs.example:4840", "127.0.0.1:4840"),
                Clock.systemUTC())
            .start();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("plant-a").endMetadata().build())
        .create();
  }

  @AfterEach
  void stop() {
    runtime.close();
    client.close();
    api.close();
  }

  private Deployment deployment(String envValue) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("a-workload")
        .withNamespace("plant-a")
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .addToMatchLabels("app", "a")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "a")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("ghcr.io/plantops/test-workload:0.1.0")
        .addNewEnv()
        .withName("SOMETHING")
        .withValue(envValue)
        .endEnv()
        .addNewPort()
        .withName("http")
        .withContainerPort(8080)
        .endPort()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/v2/health/ready")
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .endReadinessProbe()
        .addNewVolumeMount()
        .withName("config")
        .withMountPath(MountPaths.CONFIG_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("user")
        .withMountPath(MountPaths.OPCUA_USER_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("data")
        .withMountPath(MountPaths.DATA_DIR)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName("a-config")
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("user")
        .withNewSecret()
        .withSecretName("a-user")
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("data")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static String get(int port, String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  @Test
  void runsADeploymentWithItsVolumesAndReportsItReady() throws Exception {
    client
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("a-config")
                .withNamespace("plant-a")
                .endMetadata()
                .addToData(MountPaths.CONFIG_KEY, "{\"v\":1}")
                .build())
        .create();
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("a-user")
                .withNamespace("plant-a")
                .endMetadata()
                .addToData(
                    "username",
                    Base64.getEncoder()
                        .encodeToString("operator1".getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();
    client
        .services()
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("a-svc")
                .withNamespace("plant-a")
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", "a")
                .addNewPort()
                .withPort(8080)
                .withTargetPort(new IntOrString("http"))
                .endPort()
                .endSpec()
                .build())
        .create();
    client.apps().deployments().resource(deployment("one")).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Deployment d =
                  client.apps().deployments().inNamespace("plant-a").withName("a-workload").get();
              assertThat(d.getStatus()).isNotNull();
              assertThat(d.getStatus().getReadyReplicas()).isEqualTo(1);
            });
    LocalRuntime.PodView pod = runtime.pod("plant-a", "a-workload").orElseThrow();
    assertThat(get(pod.port(), "/config")).isEqualTo("{\"v\":1}");
    assertThat(get(pod.port(), "/secret")).isEqualTo("operator1");
    assertThat(get(pod.port(), "/aliases"))
        .contains("a-svc.plant-a.svc:8080=127.0.0.1:" + pod.port())
        .contains("dcs.example:4840=127.0.0.1:4840");
    assertThat(client.pods().inNamespace("plant-a").list().getItems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getStatus().getConditions())
                    .anySatisfy(
                        c -> {
                          assertThat(c.getType()).isEqualTo("Ready");
                          assertThat(c.getStatus()).isEqualTo("True");
                        }));

    // a ConfigMap change is rewritten in place: the same process sees it (hot reload)
    client
        .configMaps()
        .inNamespace("plant-a")
        .withName("a-config")
        .edit(
            cm -> {
              cm.getData().put(MountPaths.CONFIG_KEY, "{\"v\":2}");
              return cm;
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(get(pod.port(), "/config")).isEqualTo("{\"v\":2}"));
    assertThat(runtime.pod("plant-a", "a-workload").orElseThrow().pid()).isEqualTo(pod.pid());

    // a crash is restarted with back-off, like CrashLoopBackOff
    runtime.kill("plant-a", "a-workload");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              LocalRuntime.PodView now = runtime.pod("plant-a", "a-workload").orElseThrow();
              assertThat(now.restarts()).isEqualTo(1);
              assertThat(now.lastExit()).map(ProcessReport.Exit::code).contains(137);
              assertThat(now.pid()).isNotEqualTo(pod.pid());
              assertThat(now.ready()).isTrue();
            });

    // a changed pod template is a rollout: a new process
    long before = runtime.pod("plant-a", "a-workload").orElseThrow().pid();
    client
        .apps()
        .deployments()
        .inNamespace("plant-a")
        .withName("a-workload")
        .edit(d -> deployment("two"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              LocalRuntime.PodView now = runtime.pod("plant-a", "a-workload").orElseThrow();
              assertThat(now.pid()).isNotEqualTo(before);
              assertThat(now.ready()).isTrue();
            });

    // deleting the Deployment stops the process
    long last = runtime.pod("plant-a", "a-workload").orElseThrow().pid();
    client.apps().deployments().inNamespace("plant-a").withName("a-workload").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(runtime.pod("plant-a", "a-workload")).isEmpty();
              assertThat(ProcessHandle.of(last).map(ProcessHandle::isAlive).orElse(false))
                  .isFalse();
            });
  }

  @Test
  void aMissingConfigMapKeepsThePodPendingAndSaysWhy() {
    client.apps().deployments().resource(deployment("one")).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Deployment d =
                  client.apps().deployments().inNamespace("plant-a").withName("a-workload").get();
              assertThat(d.getStatus()).isNotNull();
              assertThat(d.getStatus().getConditions())
                  .anySatisfy(
                      c -> assertThat(c.getMessage()).contains("configmap \"a-config\" not found"));
            });
    assertThat(runtime.pod("plant-a", "a-workload")).isEmpty();
  }
}
