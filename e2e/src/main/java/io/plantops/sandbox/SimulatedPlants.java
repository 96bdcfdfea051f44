package io.plantops.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.images.ImageList;
import io.plantops.images.Podman;
import io.plantops.sandbox.Sandbox.SimulatedPlant;
import io.plantops.sandbox.runtime.ContainerLauncher;
import io.plantops.simulator.ServerIdentity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's simulated plants: one simulator process per example Plant, with the namespace and
 * the Secrets (certificates, user and password) its Plant references, and their supervision. A
 * simulator that dies is the plant going away: it is logged and shown down, and restarted only when
 * the sandbox was asked to ({@code --restart-simulators}).
 */
final class SimulatedPlants implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedPlants.class);
  private static final String CONNECTOR_USER = "plantops-connector";

  private final Sandbox.Options options;
  private final KubernetesClient client;
  private final Pids pids;
  private final Map<String, SimulatedPlant> plants = new LinkedHashMap<>();
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "simulator-supervisor");
            t.setDaemon(true);
            return t;
          });

  private final Optional<Podman> podman;

  /**
   * @param podman when present, each simulator runs from the plant-simulator image in a podman
   *     container instead of as a local JVM
   */
  SimulatedPlants(
      Sandbox.Options options, KubernetesClient client, Pids pids, Optional<Podman> podman) {
    this.options = options;
    this.client = client;
    this.pids = pids;
    this.podman = podman;
  }

  /** Starts the simulator of {@code examples/plants/<plant>} and creates what its Plant needs. */
  SimulatedPlant start(String plant, Path simulatorJar) throws IOException {
    Path manifest = options.root().resolve("examples/plants").resolve(plant).resolve("plant.yaml");
    Plant typed = Serialization.unmarshal(Files.readString(manifest), Plant.class);
    String namespace = typed.getMetadata().getNamespace();
    String endpoint = typed.getSpec().opcua().endpointUrl();
    String authority = URI.create(endpoint.replaceFirst("^opc\\.tcp", "http")).getRawAuthority();
    if (!authority.contains(":")) {
      authority = authority + ":4840";
    }
    Path dir = options.workDir().resolve("plants").resolve(plant);
    ServerIdentity connectorIdentity =
        ServerIdentity.generate(
            "urn:plantops:opcua-connector:" + plant, "plantops connector " + plant);
    String password = randomPassword();
    List<String> launcher =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-jar",
            simulatorJar.toString());
    List<String> kill = List.of();
    if (podman.isPresent()) {
      String container = "plantops-sandbox-simulator-" + plant;
      Files.createDirectories(dir);
      ContainerLauncher.ownedBy(dir, ContainerLauncher.DEFAULT_UID);
      launcher =
          podman
              .get()
              .command(
                  List.of(
                      "run",
                      "--rm",
                      "--replace",
                      "--pull=never",
                      "--name",
                      container,
                      "--network",
                      "host",
                      "--read-only",
                      "--cap-drop",
                      "ALL",
                      "-v",
                      dir + ":" + dir,
                      ImageList.reference(options.root(), "plant-simulator")));
      kill = podman.get().command(List.of("kill", container));
    }
    SimulatorProcess sim =
        SimulatorProcess.start(
            plant,
            launcher,
            kill,
            dir,
            connectorIdentity.certificatePem(),
            CONNECTOR_USER,
            password,
            options.timeScale(),
            plant.hashCode(),
            options.workDir().resolve("logs/simulators/" + plant + ".log"));
    SimulatedPlant p = new SimulatedPlant(plant, namespace, authority, dir, sim);
    plants.put(plant, p);
    pids.add(sim.pid());
    LOG.info("{}: simulated OPC UA server {} (seen as {})", plant, sim.endpointUrl(), endpoint);

    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .createOr(NonDeletingOperation::update);
    PlantSecrets.Credentials credentials =
        new PlantSecrets.Credentials(
            connectorIdentity.certificatePem(),
            connectorIdentity.privateKeyPem(),
            CONNECTOR_USER,
            password,
            sim.serverCertificatePem(dir));
    for (Secret s : PlantSecrets.of(typed, credentials)) {
      client.secrets().resource(s).createOr(NonDeletingOperation::update);
    }
    return p;
  }

  /** From now on, looks at each simulator every second: logs an exit, restarts it if asked to. */
  void supervise() {
    loop.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
  }

  private void check() {
    for (SimulatedPlant p : plants.values()) {
      try {
        boolean wasAlive = p.simulator().alive();
        p.simulator().check(options.restartSimulators());
        if (!wasAlive && p.simulator().alive()) {
          pids.add(p.simulator().pid());
        }
      } catch (RuntimeException e) {
        LOG.warn("{}: supervising the simulator failed: {}", p.name(), e.toString());
      }
    }
  }

  /** The plants by name, in start order. */
  Map<String, SimulatedPlant> all() {
    return Collections.unmodifiableMap(plants);
  }

  /** What the live table shows of each simulator. */
  Map<String, LiveTable.Simulator> views() {
    Map<String, LiveTable.Simulator> views = new LinkedHashMap<>();
    plants.forEach(
        (name, p) ->
            views.put(
                name,
                new LiveTable.Simulator(
                    p.simulator().report(options.restartSimulators()),
                    p.simulator().controlUrl(),
                    options.restartSimulators())));
    return views;
  }

  /** Stops supervising, then every simulator, the last started first. */
  @Override
  public void close() {
    loop.shutdownNow();
    List<SimulatedPlant> reversed = new ArrayList<>(plants.values());
    Collections.reverse(reversed);
    for (SimulatedPlant p : reversed) {
      p.simulator().close();
    }
  }

  private static String randomPassword() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
