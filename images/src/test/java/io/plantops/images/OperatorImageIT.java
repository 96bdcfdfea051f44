package io.plantops.images;

import static io.plantops.operator.testing.ResourceAssertions.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.operator.model.Names;
import io.plantops.operator.testing.Fixtures;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.RbacRules;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator image, started from the chart's Deployment (its env, user, read-only root, memory
 * limit, /tmp volume) against Fabric8's mock API server in CRUD mode, reconciles the Lyon example
 * Plant into its Deployments, Services and resolved config; then stops cleanly on SIGTERM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorImageIT {

  static final String NS = "plant-lyon";
  static final String CONTAINER = "plantops-it-operator-" + ProcessHandle.current().pid();

  BuiltImages images;
  MockCluster cluster;
  KubernetesClient client;
  int port;
  Instant started;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    images = BuiltImages.orSkip();
    cluster = new MockCluster();
    client = cluster.client();
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("plantops-system")
                .endMetadata()
                .build())
        .create();
    Fixtures.templates(client);
    Fixtures.lyon(client, NS);
    answerSelfSubjectRulesReviews();

    URI master = URI.create(client.getConfiguration().getMasterUrl());
    Path kube = Files.createDirectories(dir.resolve("kube"));
    Files.writeString(
        kube.resolve("config"),
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s"}
        users:
        - name: operator
          user: {token: operator-it}
        contexts:
        - name: mock
          context: {cluster: mock, user: operator, namespace: plantops-system}
        current-context: mock
        """
            .formatted(master.toString()));
    kube.toFile().setReadable(true, false);
    kube.resolve("config").toFile().setReadable(true, false);
    kube.toFile().setExecutable(true, false);
    dir.toFile().setExecutable(true, false);

    Deployment d = ImageContractIT.chartDeployment(images.version());
    port = freePort();
    List<String> args = new ArrayList<>(List.of("run"));
    args.addAll(
        DeploymentRun.args(
            d,
            CONTAINER,
            images.reference("operator"),
            // the admission webhook's TLS Secret, as cert-manager or the chart would make it
            Map.of("webhook-tls", webhookTls(dir)),
            Map.of(
                "KUBECONFIG",
                "/etc/plantops/kube/config",
                // pods share the host network here: the chart's ports 8080 and 9443 may be taken
                "SERVER_PORT",
                Integer.toString(port),
                "PLANTOPS_ADMISSION_PORT",
                Integer.toString(freePort()))));
    // the kubeconfig stands in for the ServiceAccount token the chart's pod gets
    args.add(args.size() - 1, "-v");
    args.add(args.size() - 1, kube + ":/etc/plantops/kube:ro");
    images.podman().run(Duration.ofSeconds(30), "rm", "-f", CONTAINER);
    images.podman().call(Duration.ofMinutes(1), args.toArray(String[]::new));
    started = Instant.now();
  }

  @AfterAll
  void stop() throws IOException {
    if (images != null) {
      // the container's log beside the test reports, for a failure's reader
      Files.writeString(
          images.dir().resolveSibling("operator-image-it.log"),
          images.podman().run(Duration.ofSeconds(30), "logs", CONTAINER).output());
      images.podman().run(Duration.ofSeconds(60), "rm", "-f", "-t", "0", CONTAINER);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void reconcilesTheExamplePlantIntoItsWorkloadsAndStopsCleanlyOnSigterm() throws Exception {
    await("the operator image is ready (actuator readiness on port " + port + ")")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> httpStatus("/actuator/health/readiness") == 200);
    // a figure for docs/benchmarks.md, not an assertion
    System.out.printf(
        "operator image: start to ready %d ms%n",
        Duration.between(started, Instant.now()).toMillis());
    await("Deployments, Services and the resolved config of Plant lyon")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (String name : List.of(Names.inferenceServer("lyon"), Names.connector("lyon"))) {
                assertThat(client.apps().deployments().inNamespace(NS).withName(name).get())
                    .as("Deployment %s/%s", NS, name)
                    .isNotNull();
                assertThat(client.services().inNamespace(NS).withName(name).get()).isNotNull();
              }
              assertThat(
                      client.configMaps().inNamespace(NS).withName(Names.plantConfig("lyon")).get())
                  .isNotNull();
            });
    await("Plant lyon's status observes its generation")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Plant p = client.resources(Plant.class).inNamespace(NS).withName("lyon").get();
              assertThat(p.getStatus()).as(yaml(p)).isNotNull();
              assertThat(p.getStatus().observedGeneration())
                  .as(yaml(p))
                  .isEqualTo(p.getMetadata().getGeneration());
            });

    // SIGTERM, as a pod deletion sends it: the JVM's shutdown hooks run and it exits well within
    // the pod's grace period (30 s by default), not killed by the SIGKILL that follows it
    Instant before = Instant.now();
    images.podman().call(Duration.ofMinutes(1), "stop", "-t", "30", CONTAINER);
    Duration took = Duration.between(before, Instant.now());
    String exit =
        images
            .podman()
            .call(Duration.ofSeconds(30), "inspect", "--format", "{{.State.ExitCode}}", CONTAINER)
            .strip();
    String logs = images.podman().call(Duration.ofSeconds(30), "logs", CONTAINER);
    assertThat(exit)
        .as("exit code after SIGTERM (143: the JVM's own exit on SIGTERM)\n%s", logs)
        .isIn("0", "143");
    assertThat(took).as("time to stop").isLessThan(Duration.ofSeconds(20));
  }

  /**
   * The chart turns leader election on; JOSDK first reviews its own rights on Leases, which the
   * mock server cannot: answer with the chart's Lease rules, as a real API server would for the
   * chart's ServiceAccount.
   */
  void answerSelfSubjectRulesReviews() {
    var review = new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false);
    for (RbacRules.Rule rule : RbacRules.load().leaderElectionRules()) {
      review.addToResourceRules(
          new ResourceRuleBuilder()
              .withApiGroups(rule.apiGroups())
              .withResources(rule.resources())
              .withVerbs(rule.verbs())
              .build());
    }
    cluster
        .server()
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review.endStatus().build())
        .always();
  }

  int httpStatus(String path) {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      int code = c.getResponseCode();
      c.disconnect();
      return code;
    } catch (IOException e) {
      return -1;
    }
  }

  /** A self-signed webhook certificate and key, readable by the container's user. */
  static Path webhookTls(Path dir) throws IOException, InterruptedException {
    Path tls = Files.createDirectories(dir.resolve("webhook"));
    Process p =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=plantops-webhook.plantops-system.svc",
                "-keyout",
                tls.resolve("tls.key").toString(),
                "-out",
                tls.resolve("tls.crt").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("openssl could not make the webhook certificate: " + out);
    }
    for (Path f : List.of(tls, tls.resolve("tls.key"), tls.resolve("tls.crt"))) {
      f.toFile().setReadable(true, false);
    }
    tls.toFile().setExecutable(true, false);
    return tls;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
