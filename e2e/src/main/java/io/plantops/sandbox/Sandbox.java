package io.plantops.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.plantops.contract.rules.Backoff;
import io.plantops.images.Podman;
import io.plantops.sandbox.api.SandboxApiServer;
import io.plantops.sandbox.runtime.ContainerLauncher;
import io.plantops.sandbox.runtime.ImageCatalog;
import io.plantops.sandbox.runtime.LocalRuntime;
import io.plantops.sandbox.runtime.ProcessReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local sandbox: plantops doing its whole job on one machine without a cluster.
 *
 * <p>It starts an embedded Kubernetes API server with the CRDs, a model store serving {@code
 * examples/models}, one simulated plant (an OPC UA server process) per example Plant with the
 * certificates and Secrets the Plant references, the local runtime that runs the workloads the
 * operator creates, and the operator itself; then it applies {@code examples/}. {@link #close()}
 * stops everything it started.
 *
 * <p>It supervises what it starts as a cluster would: the operator (a Deployment on a cluster) is
 * restarted after any exit with back-off ({@link OperatorProcess}), as are the workloads ({@link
 * LocalRuntime}); a simulated plant that dies stays down unless {@link
 * Options#restartSimulators()}, since a plant going away is what the sandbox must show. The live
 * table ({@link LiveTable}) says what is down and what is stale.
 */
public final class Sandbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

  /**
   * How to run the sandbox.
   *
   * @param root the repository root (examples/, crds/ and the built jars)
   * @param workDir where the sandbox keeps its state, logs and kubeconfig; wiped at start
   * @param apiPort port of the embedded API server, 0 for any free one
   * @param timeScale simulated seconds per wall-clock second in the simulated plants
   * @param plants example plants to run (directory names under examples/plants)
   * @param applyExamples apply examples/templates and each plant's manifests at start
   * @param fastClocks every template written gets {@link FastClocks}: promotions in minutes
   * @param statusPollInterval how often the operator polls the workloads' status
   * @param restartSimulators restart a simulated plant that died (by default it stays down: the
   *     plant went away)
   * @param containers run the workloads and simulated plants as podman containers of the images the
   *     build made (images/), instead of local JVMs
   */
  public record Options(
      Path root,
      Path workDir,
      int apiPort,
      double timeScale,
      List<String> plants,
      boolean applyExamples,
      boolean fastClocks,
      Duration statusPollInterval,
      boolean restartSimulators,
      boolean containers) {

    /** Options with the workloads run as local processes. */
    public Options(
        Path root,
        Path workDir,
        int apiPort,
        double timeScale,
        List<String> plants,
        boolean applyExamples,
        boolean fastClocks,
        Duration statusPollInterval,
        boolean restartSimulators) {
      this(
          root,
          workDir,
          apiPort,
          timeScale,
          plants,
          applyExamples,
          fastClocks,
          statusPollInterval,
          restartSimulators,
          false);
    }

    /** The same options with the workloads in containers. */
    public Options inContainers() {
      return new Options(
          root,
          workDir,
          apiPort,
          timeScale,
          plants,
          applyExamples,
          fastClocks,
          statusPollInterval,
          restartSimulators,
          true);
    }

    /** The defaults of {@code ./sandbox}. */
    public static Options defaults(Path root) {
      return new Options(
          root,
          root.resolve(".sandbox"),
          16443,
          1.0,
          List.of("lyon", "joliet", "alpena"),
          true,
          false,
          Duration.ofSeconds(5),
          false);
    }
  }

  /** A plant the sandbox simulates. */
  public record SimulatedPlant(
      String name,
      String namespace,
      String endpointAuthority,
      Path dir,
      SimulatorProcess simulator) {}

  private final Options options;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Pids pids;
  private SandboxApiServer api;
  private SimulatedPlants plants;
  private KubernetesClient client;
  private LocalRuntime runtime;
  private ModelStore models;
  private OperatorProcess operator;

  private Sandbox(Options options) {
    this.options = options;
    this.pids = new Pids(options.workDir().resolve("pids"));
  }

  /** Starts everything; on failure, stops what was started and rethrows. */
  public static Sandbox start(Options options) throws IOException {
    Sandbox s = new Sandbox(options);
    try {
      s.boot();
      return s;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void boot() throws IOException {
    Path root = options.root();
    Path work = options.workDir();
    Pids.killStale(work.resolve("pids"));
    deleteRecursively(work);
    Files.createDirectories(work);

    Path simulatorJar =
        Artifacts.jar(root, "connectors/plant-simulator", "plantops-plant-simulator", "-all.jar");
    Path connectorJar =
        Artifacts.jar(root, "connectors/opcua-connector", "plantops-opcua-connector", "-all.jar");
    Path inferenceJar =
        Artifacts.jar(root, "inference-server/server", "plantops-inference-server", "-exec.jar");
    Path operatorJar = Artifacts.jar(root, "operator/controller", "plantops-operator", "-exec.jar");

    Optional<Podman> podman = Optional.empty();
    if (options.containers()) {
      Podman.Availability a = Podman.detect(root);
      podman =
          Optional.of(
              a.podman()
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "--containers: podman cannot run here: " + a.reason())));
    }

    api =
        SandboxApiServer.start(
            root.resolve("crds"),
            options.apiPort(),
            options.fastClocks() ? List.of(FastClocks.MUTATION) : List.of());
    closeables.add(api);
    api.writeKubeconfig(work.resolve("kubeconfig"));
    client = api.newClient();
    closeables.add(client);
    LOG.info("API server at {} (kubeconfig {})", api.url(), work.resolve("kubeconfig"));

    models = ModelStore.start(root.resolve("examples/models"));
    closeables.add(models);
    Map<String, String> aliases = new LinkedHashMap<>();
    aliases.put(ModelStore.AUTHORITY, models.address());

    plants = new SimulatedPlants(options, client, pids, podman);
    closeables.add(plants);
    for (String plant : options.plants()) {
      SimulatedPlant p = plants.start(plant, simulatorJar);
      aliases.put(p.endpointAuthority(), p.simulator().address());
    }
    plants.supervise();

    ImageCatalog catalog =
        new ImageCatalog()
            .registerJar("inference-server", inferenceJar, "-Xmx384m")
            .registerJar("opcua-connector", connectorJar, "-Xmx256m");
    runtime =
        new LocalRuntime(client, catalog, work, aliases, Clock.systemUTC())
            .onProcessStart(pids::add);
    podman.ifPresent(p -> runtime.inContainers(new ContainerLauncher(p)));
    closeables.add(runtime);
    runtime.start();

    startOperator(operatorJar);

    if (options.applyExamples()) {
      applyExamples();
    }
  }

  private void startOperator(Path jar) throws IOException {
    // "default" as on every cluster: the events about cluster-scoped objects (a template's
    // RolloutStarted, RingOpened, InvalidGeneration, ...) are recorded there
    for (String namespace : List.of("default", OperatorProcess.SYSTEM_NAMESPACE)) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .createOr(NonDeletingOperation::update);
    }
    operator =
        OperatorProcess.start(
            jar,
            options.workDir().resolve("kubeconfig"),
            runtime.aliasFile(),
            options.statusPollInterval(),
            options.workDir().resolve("operator"),
            options.workDir().resolve("logs/operator.log"),
            Backoff.standard(),
            pids::add);
    closeables.add(operator);
    LOG.info("operator started (pid {}), log {}", operator.pid(), operator.log());
  }

  /**
   * Applies examples/templates (with fast clocks when the API server gives every template them),
   * then each simulated plant's manifests.
   */
  public void applyExamples() throws IOException {
    applyDirectory(options.root().resolve("examples/templates"));
    for (String plant : plants.all().keySet()) {
      applyDirectory(options.root().resolve("examples/plants").resolve(plant));
    }
  }

  /** Creates or updates every resource of every .yaml file in {@code dir}, in name order. */
  public void applyDirectory(Path dir) throws IOException {
    for (Path f : yamlFiles(dir)) {
      apply(f);
    }
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /**
   * Creates or updates the resources of one YAML file, as the administrator; a resource with
   * approvals is written by the people who signed them ({@link SignedWrites}), since the API server
   * records an approval only for whom it authenticates.
   */
  public void apply(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      for (HasMetadata r : client.load(in).items()) {
        SignedWrites.apply(api, client, r);
      }
    }
  }

  // --- accessors for tests and the main loop ---------------------------------------------------

  public KubernetesClient client() {
    return client;
  }

  public SandboxApiServer api() {
    return api;
  }

  public LocalRuntime runtime() {
    return runtime;
  }

  public Map<String, SimulatedPlant> plants() {
    return plants.all();
  }

  public Path workDir() {
    return options.workDir();
  }

  /** The operator's base URL (actuator, metrics); the same across its restarts. */
  public String operatorUrl() {
    return operator.url();
  }

  public boolean operatorAlive() {
    return operator != null && operator.alive();
  }

  /** The operator's process: running, restarts, last exit, next start. */
  public ProcessReport operatorReport() {
    return operator.report();
  }

  /** Kills the operator abruptly (SIGKILL); the sandbox restarts it, as a Deployment would be. */
  public void killOperator() {
    operator.kill();
  }

  /** Every metrics endpoint of the run: the operator's and each running workload's. */
  public Map<String, String> metricsEndpoints() {
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("operator", operatorUrl() + "/actuator/prometheus");
    for (LocalRuntime.PodView pod : runtime.pods()) {
      endpoints.put(
          pod.namespace() + "/" + pod.deployment(), "http://127.0.0.1:" + pod.port() + "/metrics");
    }
    return endpoints;
  }

  /** The live table the sandbox prints. */
  public String table() {
    return LiveTable.render(view());
  }

  private LiveTable.View view() {
    return new LiveTable.View(
        Instant.now(),
        options.fastClocks(),
        options.statusPollInterval(),
        operator.report(),
        operator.ready(),
        operator.url(),
        operator.log(),
        list("Plant"),
        list("SiteDeployment"),
        list("UseCaseTemplate"),
        runtime.pods(),
        plants.views(),
        options.workDir().resolve("kubeconfig"));
  }

  private List<GenericKubernetesResource> list(String kind) {
    try {
      return client
          .genericKubernetesResources("plantops.io/v1alpha1", kind)
          .inAnyNamespace()
          .list()
          .getItems();
    } catch (RuntimeException e) {
      LOG.debug("cannot list {}: {}", kind, e.toString());
      return List.of();
    }
  }

  @Override
  public void close() {
    List<AutoCloseable> reversed = new ArrayList<>(closeables);
    java.util.Collections.reverse(reversed);
    for (AutoCloseable c : reversed) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("while stopping the sandbox: {}", e.toString());
      }
    }
    closeables.clear();
    try {
      Files.deleteIfExists(options.workDir().resolve("pids"));
    } catch (IOException e) {
      LOG.debug("cannot remove the pid file: {}", e.toString());
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
