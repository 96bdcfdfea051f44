package io.plantops.sandbox.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalNetworkTest {

  @TempDir Path dir;

  static Deployment deployment(String name, String app, String portName, int port) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("plant-a")
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", app)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .addNewPort()
        .withName(portName)
        .withContainerPort(port)
        .endPort()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static Service service(String name, String app, int port, IntOrString target) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("plant-a")
        .endMetadata()
        .withNewSpec()
        .addToSelector("app", app)
        .addNewPort()
        .withPort(port)
        .withTargetPort(target)
        .endPort()
        .endSpec()
        .build();
  }

  @Test
  void aServiceSelectingADeploymentAliasesItsDnsNamesToThePodsLocalPort() {
    LocalNetwork network =
        new LocalNetwork(dir.resolve("host-aliases"), Map.of("dcs.example:4840", "127.0.0.1:4840"));
    Deployment d = deployment("inference", "inference", "http", 8080);
    Map<String, String> aliases =
        network.aliases(
            List.of(service("inference", "inference", 80, new IntOrString("http"))), List.of(d));
    String local = "127.0.0.1:" + network.portFor("plant-a/inference");
    assertThat(aliases)
        .containsEntry("dcs.example:4840", "127.0.0.1:4840")
        .containsEntry("inference.plant-a:80", local)
        .containsEntry("inference.plant-a.svc:80", local)
        .containsEntry("inference.plant-a.svc.cluster.local:80", local)
        .hasSize(4);
  }

  @Test
  void aServiceThatSelectsNothingOrTargetsAnotherPortGetsNoAlias() {
    LocalNetwork network = new LocalNetwork(dir.resolve("host-aliases"), Map.of());
    Deployment d = deployment("inference", "inference", "http", 8080);
    assertThat(
            network.aliases(
                List.of(
                    service("other", "other-app", 80, new IntOrString("http")),
                    service("wrong-port", "inference", 80, new IntOrString(9090)),
                    service("wrong-name", "inference", 80, new IntOrString("grpc"))),
                List.of(d)))
        .isEmpty();
    assertThat(
            network.aliases(
                List.of(service("by-number", "inference", 80, new IntOrString(8080))), List.of(d)))
        .containsKey("by-number.plant-a:80");
  }

  @Test
  void aDeploymentKeepsItsPort() {
    LocalNetwork network = new LocalNetwork(dir.resolve("host-aliases"), Map.of());
    int port = network.portFor("plant-a/inference");
    assertThat(port).isPositive();
    assertThat(network.portFor("plant-a/inference")).isEqualTo(port);
  }

  @Test
  void writesTheAliasFileOneAliasALine() throws Exception {
    LocalNetwork network = new LocalNetwork(dir.resolve("host-aliases"), Map.of());
    network.writeAliasFile(Map.of("a.ns:80", "127.0.0.1:1234", "b.ns:81", "127.0.0.1:1235"));
    assertThat(Files.readAllLines(network.aliasFile()))
        .containsExactlyInAnyOrder("a.ns:80=127.0.0.1:1234", "b.ns:81=127.0.0.1:1235");
  }
}
