package io.plantops.operator.bench;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingStatus;
import io.plantops.api.v1alpha1.TemplateRef;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateStatus;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The operator at fleet scale against the Fabric8 mock API server, in one JVM: N plants with M
 * SiteDeployments each (M templates, one TagMapping per plant) created at once while the operator
 * runs. Prints figures; asserts nothing (a benchmark, not a test). Run with
 *
 * <pre>./mvnw -B -Pbench -pl operator/controller -am verify -Dbench.plants=500 -Dbench.perPlant=20
 * </pre>
 *
 * Figures: time until every SiteDeployment's status is written for its generation, and until every
 * plant's config holds all its use cases; operator writes per SiteDeployment by kind; operator heap
 * per cached resource; writes on a full resync (a restarted operator over the reconciled fleet);
 * and the floor: the same number and kinds of writes issued by a bare Fabric8 client on a fresh
 * mock server with the same objects.
 */
public final class OperatorBenchmark {

  private static final int CLIENT_THREADS = 8;

  private final int plants;
  private final int perPlant;
  private final StringBuilder report = new StringBuilder();

  private final MockCluster.Store store;

  OperatorBenchmark(int plants, int perPlant, MockCluster.Store store) {
    this.plants = plants;
    this.perPlant = perPlant;
    this.store = store;
  }

  public static void main(String[] args) throws Exception {
    switch (System.getProperty("bench.only", "all")) {
      case "curve" -> {
        FleetCurve.main(args);
        return;
      }
      case "rollout" -> {
        RolloutBenchmark.main(args);
        return;
      }
      default -> {
        // the whole operator benchmark below
      }
    }
    int plants = Integer.getInteger("bench.plants", 500);
    int perPlant = Integer.getInteger("bench.perPlant", 20);
    MockCluster.Store store =
        MockCluster.Store.valueOf(
            System.getProperty("bench.store", "indexed").toUpperCase(java.util.Locale.ROOT));
    new OperatorBenchmark(plants, perPlant, store).run();
    System.exit(0);
  }

  void run() throws Exception {
    if ("heap".equals(System.getProperty("bench.only"))) {
      heapInItsOwnJvm();
      Files.writeString(Path.of("target/bench-operator.txt"), report.toString());
      return;
    }
    line(
        "plantops operator benchmark: %d plants x %d SiteDeployments = %d",
        plants, perPlant, plants * perPlant);
    line(
        "JVM %s %s, %d processors visible, max heap %d MiB",
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    line("mock API store: %s CRUD dispatcher", store.name().toLowerCase(java.util.Locale.ROOT));
    Map<String, Long> operatorWrites;
    long totalOperatorWrites;
    try (MockCluster cluster = new MockCluster(store)) {
      cluster.stopRecording();
      drain(cluster);
      KubernetesClient client = cluster.client();
      templates(client);
      SdWatch watch = new SdWatch(client);

      try (OperatorHarness operator =
          OperatorHarness.start(
              cluster,
              Map.of(
                  "plantops.operator.status-polling.enabled", "false",
                  "plantops.operator.reconciliation-threads", "10"))) {
        Recorder recorder = Recorder.on(cluster);
        long t0 = System.nanoTime();
        createFleet(client);
        long created = System.nanoTime();
        line(
            "created %d objects in %.1f s (test client, %d threads)",
            objects(), secs(t0, created), CLIENT_THREADS);
        watch.awaitAll(plants * perPlant, Duration.ofMinutes(20));
        long sdsDone = System.nanoTime();
        line(
            "every SiteDeployment reconciled (status written for its generation): %.1f s after the first create",
            secs(t0, sdsDone));
        awaitConfigs(client, Duration.ofMinutes(20));
        long configsDone = System.nanoTime();
        line(
            "every plant's config holds all %d use cases: %.1f s after the first create",
            perPlant, secs(t0, configsDone));
        awaitQuiet(recorder, Duration.ofSeconds(5), Duration.ofMinutes(10));
        operatorWrites = recorder.writesByKind();
        totalOperatorWrites = operatorWrites.values().stream().mapToLong(Long::longValue).sum();
        line(
            "operator writes: %d in total, %.2f per SiteDeployment; by kind: %s",
            totalOperatorWrites,
            (double) totalOperatorWrites / (plants * perPlant),
            operatorWrites);
        line(
            "reconciliations: %s",
            Map.of(
                "Plant",
                    (long)
                        operator.sample(
                            "plantops.operator.reconcile.duration", Map.of("kind", "Plant")),
                "SiteDeployment",
                    (long)
                        operator.sample(
                            "plantops.operator.reconcile.duration",
                            Map.of("kind", "SiteDeployment")),
                "TagMapping",
                    (long)
                        operator.sample(
                            "plantops.operator.reconcile.duration", Map.of("kind", "TagMapping")),
                "UseCaseTemplate",
                    (long)
                        operator.sample(
                            "plantops.operator.reconcile.duration",
                            Map.of("kind", "UseCaseTemplate"))));
        recorder.stop();
        operator.close();
        // the heap is measured in a JVM of the operator's own (heapInItsOwnJvm): an operator
        // stopped in this JVM does not always release every informer cache at once
        line("live resource objects after the operator stopped: %s", liveResources());
      }

      // a full resync: a new operator over the reconciled fleet
      Recorder recorder = Recorder.on(cluster);
      long resyncStart = System.nanoTime();
      try (OperatorHarness second =
          OperatorHarness.start(
              cluster,
              Map.of(
                  "plantops.operator.status-polling.enabled", "false",
                  "plantops.operator.reconciliation-threads", "10"))) {
        long expected = (long) plants * perPlant;
        waitUntil(
            () ->
                second.sample(
                            "plantops.operator.reconcile.duration",
                            Map.of("kind", "SiteDeployment"))
                        >= expected
                    && second.sample(
                            "plantops.operator.reconcile.duration", Map.of("kind", "Plant"))
                        >= plants,
            Duration.ofMinutes(20));
        long resynced = System.nanoTime();
        awaitQuiet(recorder, Duration.ofSeconds(5), Duration.ofMinutes(5));
        line(
            "full resync (operator restarted over the fleet): started, caches synced and every Plant and SiteDeployment reconciled in %.1f s; writes: %d %s",
            secs(resyncStart, resynced),
            recorder.writesByKind().values().stream().mapToLong(Long::longValue).sum(),
            recorder.writesByKind());
        recorder.stop();
      }
      watch.close();
    }
    Map<String, Long> coldWrites = coldStart();
    floor(coldWrites);
    heapInItsOwnJvm();
    Path out = Path.of("target/bench-operator.txt");
    Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
    System.out.println("figures written to " + out.toAbsolutePath());
  }

  /**
   * The fleet exists before the operator starts (an operator installed over an existing fleet): the
   * operator's own throughput, without the test client's creates competing for the CPU.
   */
  Map<String, Long> coldStart() throws Exception {
    try (MockCluster cluster = new MockCluster(store)) {
      cluster.stopRecording();
      drain(cluster);
      KubernetesClient client = cluster.client();
      templates(client);
      long c0 = System.nanoTime();
      createFleet(client);
      long c1 = System.nanoTime();
      line(
          "cold start: created %d objects with no operator running in %.1f s (test client, %d threads)",
          objects(), secs(c0, c1), CLIENT_THREADS);
      SdWatch watch = new SdWatch(client);
      Recorder recorder = Recorder.on(cluster);
      long t0 = System.nanoTime();
      Map<String, Long> writes;
      try (OperatorHarness operator =
          OperatorHarness.start(
              cluster,
              Map.of(
                  "plantops.operator.status-polling.enabled", "false",
                  "plantops.operator.reconciliation-threads", "10"))) {
        watch.awaitAll(plants * perPlant, Duration.ofMinutes(20));
        long sdsDone = System.nanoTime();
        awaitConfigs(client, Duration.ofMinutes(20));
        long configsDone = System.nanoTime();
        awaitQuiet(recorder, Duration.ofSeconds(5), Duration.ofMinutes(10));
        writes = recorder.writesByKind();
        long total = writes.values().stream().mapToLong(Long::longValue).sum();
        line(
            "cold start: operator started over the fleet; every SiteDeployment reconciled %.1f s after start, every config complete %.1f s after start; %d writes (%.2f per SiteDeployment): %s",
            secs(t0, sdsDone),
            secs(t0, configsDone),
            total,
            (double) total / (plants * perPlant),
            writes);
      }
      watch.close();
      return writes;
    }
  }

  /**
   * The operator's heap, measured in a JVM of its own ({@link OperatorProcess}) over the whole
   * fleet: used heap after GC once every SiteDeployment is reconciled, minus the same JVM's used
   * heap before the operator started (client, registry and classes loaded). The difference counts
   * everything the operator holds (informer caches, indexes, JOSDK's state, metrics), fixed costs
   * included, so per resource it is an upper bound.
   */
  void heapInItsOwnJvm() throws Exception {
    try (MockCluster cluster = new MockCluster(store)) {
      cluster.stopRecording();
      drain(cluster);
      KubernetesClient client = cluster.client();
      templates(client);
      createFleet(client);
      SdWatch watch = new SdWatch(client);
      Recorder recorder = Recorder.on(cluster);
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx" + System.getProperty("bench.heap", "2g"),
                  "-XX:ActiveProcessorCount=" + System.getProperty("bench.cpus", "2"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  OperatorProcess.class.getName(),
                  cluster.masterUrl())
              .redirectError(LOG_OF_CHILD.toFile())
              .start();
      // drained all along: the child's logs share its stdout and must never fill the pipe
      var out = new java.util.concurrent.LinkedBlockingQueue<String>();
      Thread drain =
          new Thread(
              () -> {
                try (var reader =
                    new java.io.BufferedReader(
                        new java.io.InputStreamReader(
                            child.getInputStream(), StandardCharsets.UTF_8))) {
                  reader
                      .lines()
                      .forEach(
                          l -> {
                            out.add(l);
                            appendToChildLog(l);
                          });
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                  // the child exited
                }
              },
              "operator-process-stdout");
      drain.setDaemon(true);
      drain.start();
      try (var in =
          new java.io.PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
        expect(child, out, "ready");
        in.println("heap");
        String[] baseline = expect(child, out, "heap ").split(" ", 3);
        long t0 = System.nanoTime();
        in.println("start");
        expect(child, out, "started");
        watch.awaitAll(plants * perPlant, Duration.ofMinutes(20));
        awaitConfigs(client, Duration.ofMinutes(20));
        awaitQuiet(recorder, Duration.ofSeconds(5), Duration.ofMinutes(10));
        long reconciled = System.nanoTime();
        in.println("heap");
        String[] with = expect(child, out, "heap ").split(" ", 3);
        long operatorBytes = Long.parseLong(with[1]) - Long.parseLong(baseline[1]);
        long resources = (long) plants * (1 + 1 + perPlant + 7) + perPlant;
        long copies = (long) plants * (3 + 3 + 3L * perPlant + 7) + 4L * perPlant;
        line(
            "operator in its own JVM over the fleet (reconciled %.1f s after start): used heap after"
                + " GC %d MiB before it started, %d MiB with every resource reconciled; operator %d"
                + " MiB = %.1f KiB per watched resource (%d), %.1f KiB per cached copy (%d); live"
                + " resource objects %s",
            secs(t0, reconciled),
            Long.parseLong(baseline[1]) >> 20,
            Long.parseLong(with[1]) >> 20,
            operatorBytes >> 20,
            operatorBytes / 1024.0 / resources,
            resources,
            operatorBytes / 1024.0 / copies,
            copies,
            with[2]);
        if (Boolean.getBoolean("bench.histogram")) {
          in.println("histogram");
          for (String l = expect(child, out, "histogram ");
              !l.equals("histogram end");
              l = expect(child, out, "histogram ")) {
            line("%s", l);
          }
        }
        in.println("exit");
      } finally {
        if (!child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
        recorder.stop();
        watch.close();
      }
    }
  }

  static synchronized void appendToChildLog(String line) {
    try {
      Files.writeString(
          LOG_OF_CHILD_STDOUT,
          line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      // the log is an aid, the figures do not depend on it
    }
  }

  /** Where the operator process's stdout (its answers and its logs) is copied. */
  static final Path LOG_OF_CHILD_STDOUT = Path.of("target/bench-operator-process.out");

  /** Where the operator process's stderr goes. */
  static final Path LOG_OF_CHILD = Path.of("target/bench-operator-process.log");

  /** The next line of the operator process that starts with {@code prefix} (logs are skipped). */
  static String expect(Process child, java.util.concurrent.BlockingQueue<String> out, String prefix)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      String line = out.poll(1, java.util.concurrent.TimeUnit.SECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      if (line == null && !child.isAlive() && out.isEmpty()) {
        throw new IllegalStateException(
            "the operator process exited ("
                + child.exitValue()
                + ") before answering "
                + prefix
                + "; see "
                + LOG_OF_CHILD.toAbsolutePath()
                + " and "
                + LOG_OF_CHILD_STDOUT.toAbsolutePath());
      }
    }
    throw new IllegalStateException("the operator process did not answer " + prefix);
  }

  /** The same kinds and numbers of writes by a bare Fabric8 client: the mock server's floor. */
  void floor(Map<String, Long> operatorWrites) throws Exception {
    try (MockCluster cluster = new MockCluster(store)) {
      cluster.stopRecording();
      drain(cluster);
      KubernetesClient client = cluster.client();
      templates(client);
      createFleet(client);
      List<Runnable> writes = floorWrites(client, operatorWrites);
      long statusWrites =
          operatorWrites.entrySet().stream()
              .filter(e -> e.getKey().endsWith("/status"))
              .mapToLong(Map.Entry::getValue)
              .sum();
      long perSd = statusPerSd(operatorWrites);
      long t0 = System.nanoTime();
      runAll(writes, 10);
      long t1 = System.nanoTime();
      line(
          "floor: %d writes of the same kinds and numbers (dependent creates, %d status update(s) per SiteDeployment, Plant/TagMapping/template status, events) by a bare Fabric8 client, 10 threads, on a fresh mock server holding the same fleet: %.1f s (%.0f writes/s); the operator wrote %d times (%d status)",
          writes.size(),
          perSd,
          secs(t0, t1),
          writes.size() / secs(t0, t1),
          operatorWrites.values().stream().mapToLong(Long::longValue).sum(),
          statusWrites);
    }
  }

  long statusPerSd(Map<String, Long> operatorWrites) {
    return Math.max(
        1,
        Math.round(
            (double) operatorWrites.getOrDefault("plantops.io/sitedeployments/status", 0L)
                / ((long) plants * perPlant)));
  }

  /** Runs {@code writes} on {@code threads} threads and waits for all of them. */
  static void runAll(List<Runnable> writes, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = writes.stream().map(pool::submit).collect(Collectors.toList());
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /**
   * The operator's writes ({@code operatorWrites}, by kind) as the same kinds and numbers of plain
   * writes by {@code client} over the fleet it holds: dependent creates, status updates, config
   * updates and events.
   */
  List<Runnable> floorWrites(KubernetesClient client, Map<String, Long> operatorWrites) {
    List<SiteDeployment> sds =
        client.resources(SiteDeployment.class).inAnyNamespace().list().getItems();
    List<Plant> plantList = client.resources(Plant.class).inAnyNamespace().list().getItems();
    List<TagMapping> tms = client.resources(TagMapping.class).inAnyNamespace().list().getItems();
    List<UseCaseTemplate> templates = client.resources(UseCaseTemplate.class).list().getItems();
    List<Runnable> writes = new ArrayList<>();
    for (Plant p : plantList) {
      String ns = p.getMetadata().getNamespace();
      String name = p.getMetadata().getName();
      for (String w : List.of("inference", "connector")) {
        writes.add(
            () ->
                client
                    .resource(
                        new ServiceAccountBuilder()
                            .withNewMetadata()
                            .withName(name + "-" + w)
                            .withNamespace(ns)
                            .endMetadata()
                            .build())
                    .create());
        writes.add(
            () ->
                client
                    .resource(
                        new ServiceBuilder()
                            .withNewMetadata()
                            .withName(name + "-" + w)
                            .withNamespace(ns)
                            .endMetadata()
                            .withNewSpec()
                            .addNewPort()
                            .withPort(8080)
                            .endPort()
                            .endSpec()
                            .build())
                    .create());
        writes.add(
            () ->
                client
                    .resource(
                        new DeploymentBuilder()
                            .withNewMetadata()
                            .withName(name + "-" + w)
                            .withNamespace(ns)
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(1)
                            .withNewTemplate()
                            .withNewSpec()
                            .addNewContainer()
                            .withName(w)
                            .withImage("x")
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build())
                    .create());
      }
      // the plant's data-path Secret (one token, Dependents.DataPathSecret)
      writes.add(
          () ->
              client
                  .resource(
                      new SecretBuilder()
                          .withNewMetadata()
                          .withName(name + "-datapath")
                          .withNamespace(ns)
                          .endMetadata()
                          .withStringData(Map.of("token", "x".repeat(43)))
                          .build())
                  .create());
      writes.add(
          () ->
              client
                  .resource(
                      new ConfigMapBuilder()
                          .withNewMetadata()
                          .withName(name + "-plant-config")
                          .withNamespace(ns)
                          .endMetadata()
                          .withData(Map.of("plant-config.json", "x".repeat(20_000)))
                          .build())
                  .create());
    }
    long perSd = statusPerSd(operatorWrites);
    for (SiteDeployment sd : sds) {
      for (int i = 0; i < perSd; i++) {
        int n = i;
        writes.add(
            () -> {
              sd.setStatus(
                  new SiteDeploymentStatus(
                      1L, null, "t" + n, null, null, null, null, null, null, null, null, null, null,
                      null, null, null, null, null, null, null, null));
              client.resource(sd).updateStatus();
            });
      }
    }
    long plantStatus = operatorWrites.getOrDefault("plantops.io/plants/status", 0L);
    for (long i = 0; i < plantStatus; i++) {
      Plant p = plantList.get((int) (i % plantList.size()));
      long n = i;
      writes.add(
          () -> {
            p.setStatus(
                new PlantStatus(n, null, null, 1, 0, perPlant, "x", null, null, null, null, null));
            client.resource(p).updateStatus();
          });
    }
    tms.forEach(
        t ->
            writes.add(
                () -> {
                  t.setStatus(new TagMappingStatus(1L, 11, null, null, null, null, null));
                  client.resource(t).updateStatus();
                }));
    long templateStatus = operatorWrites.getOrDefault("plantops.io/usecasetemplates/status", 0L);
    for (long i = 0; i < templateStatus; i++) {
      UseCaseTemplate t = templates.get((int) (i % templates.size()));
      long n = i;
      writes.add(
          () -> {
            t.setStatus(
                new UseCaseTemplateStatus(
                    n, "1.2.0", plants, plants, "all", null, null, null, null, null));
            client.resource(t).updateStatus();
          });
    }
    long configUpdates =
        Math.max(0, operatorWrites.getOrDefault("core/configmaps", 0L) - plantList.size());
    for (long i = 0; i < configUpdates; i++) {
      Plant p = plantList.get((int) (i % plantList.size()));
      long n = i;
      // a merge patch without a resourceVersion, once the ConfigMap's create (another of these
      // writes, on another thread) is done: a get-and-edit raced the create and the other updates
      writes.add(
          () -> {
            var configMap =
                client
                    .configMaps()
                    .inNamespace(p.getMetadata().getNamespace())
                    .withName(p.getMetadata().getName() + "-plant-config");
            configMap.waitUntilCondition(Objects::nonNull, 1, TimeUnit.MINUTES);
            configMap.patch(
                PatchContext.of(PatchType.JSON_MERGE),
                Serialization.asJson(
                    Map.of("data", Map.of("plant-config.json", "y".repeat(20_000) + n))));
          });
    }
    long events = operatorWrites.getOrDefault("core/events", 0L);
    for (long i = 0; i < events; i++) {
      Plant p = plantList.get((int) (i % plantList.size()));
      long n = i;
      writes.add(
          () ->
              client
                  .v1()
                  .events()
                  .inNamespace(p.getMetadata().getNamespace())
                  .resource(
                      new EventBuilder()
                          .withNewMetadata()
                          .withName("e" + n)
                          .endMetadata()
                          .withReason("Bench")
                          .withMessage("m")
                          .withNewInvolvedObject()
                          .withKind("Plant")
                          .withName(p.getMetadata().getName())
                          .endInvolvedObject()
                          .build())
                  .create());
    }
    return writes;
  }

  void templates(KubernetesClient client) {
    UseCaseTemplate base =
        (UseCaseTemplate)
            Examples.read(Examples.DIR.resolve("templates/kiln-energy-optimization.yaml"));
    for (int t = 0; t < perPlant; t++) {
      UseCaseTemplate copy = client.getKubernetesSerialization().clone(base);
      copy.getMetadata().setName(String.format(Locale.ROOT, "bench-uc-%02d", t));
      client.resource(copy).create();
    }
  }

  /** Namespaces, Plants, TagMappings and SiteDeployments, created by a pool of client threads. */
  void createFleet(KubernetesClient client) throws Exception {
    Plant plant = (Plant) Examples.read(Examples.DIR.resolve("plants/lyon/plant.yaml"));
    TagMapping tm = (TagMapping) Examples.read(Examples.DIR.resolve("plants/lyon/tagmapping.yaml"));
    SiteDeployment sd =
        (SiteDeployment) Examples.read(Examples.DIR.resolve("plants/lyon/kiln1-energy.yaml"));
    ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (int p = 0; p < plants; p++) {
      String ns = String.format(Locale.ROOT, "bench-%03d", p);
      futures.add(
          pool.submit(
              () -> {
                List<HasMetadata> objects = new ArrayList<>();
                objects.add(
                    new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build());
                objects.add(inNamespace(client, plant, ns));
                objects.add(inNamespace(client, tm, ns));
                for (int u = 0; u < perPlant; u++) {
                  SiteDeployment copy = (SiteDeployment) inNamespace(client, sd, ns);
                  copy.getMetadata().setName(String.format(Locale.ROOT, "uc-%02d", u));
                  SiteDeploymentSpec s = copy.getSpec();
                  copy.setSpec(
                      new SiteDeploymentSpec(
                          s.plantRef(),
                          new TemplateRef(String.format(Locale.ROOT, "bench-uc-%02d", u), "1.2.0"),
                          VersionPolicy.Pinned,
                          s.tagMappingRef(),
                          s.stage(),
                          s.calibration(),
                          s.approvals()));
                  objects.add(copy);
                }
                objects.forEach(o -> client.resource(o).create());
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
  }

  int objects() {
    return plants * (3 + perPlant) + perPlant;
  }

  static HasMetadata inNamespace(KubernetesClient client, HasMetadata o, String ns) {
    HasMetadata copy = client.getKubernetesSerialization().clone(o);
    copy.getMetadata().setNamespace(ns);
    return copy;
  }

  void awaitConfigs(KubernetesClient client, Duration timeout) throws InterruptedException {
    waitUntil(
        () ->
            client.resources(Plant.class).inAnyNamespace().list().getItems().stream()
                        .filter(p -> p.getStatus() != null && p.getStatus().configVersion() != null)
                        .filter(p -> Objects.equals(p.getStatus().siteDeployments(), perPlant))
                        .count()
                    >= plants
                && client
                        .configMaps()
                        .inAnyNamespace()
                        .withLabel("app.kubernetes.io/component", "plant-config")
                        .list()
                        .getItems()
                        .stream()
                        .filter(
                            cm ->
                                cm.getData()
                                            .values()
                                            .iterator()
                                            .next()
                                            .split("\"template\"", -1)
                                            .length
                                        - 1
                                    == perPlant)
                        .count()
                    >= plants,
        timeout);
  }

  /**
   * Live instances of the plantops resource classes, from a class histogram (which collects garbage
   * first): the informer caches hold them, the mock server holds JSON strings.
   */
  static Map<String, Long> liveResources() throws Exception {
    String histogram =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    Map<String, Long> live = new java.util.TreeMap<>();
    for (String kind : List.of("Plant", "TagMapping", "SiteDeployment", "UseCaseTemplate")) {
      live.put(kind, 0L);
    }
    for (String row : histogram.lines().toList()) {
      String[] cols = row.trim().split("\\s+");
      if (cols.length >= 4 && cols[3].startsWith("io.plantops.api.v1alpha1.")) {
        String kind = cols[3].substring("io.plantops.api.v1alpha1.".length());
        if (live.containsKey(kind)) {
          live.put(kind, Long.parseLong(cols[1]));
        }
      }
    }
    return live;
  }

  static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(300);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  static void awaitQuiet(Recorder recorder, Duration quiet, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = -1;
    while (System.nanoTime() < deadline) {
      long now = recorder.total();
      if (now == last) {
        return;
      }
      last = now;
      Thread.sleep(quiet.toMillis());
    }
  }

  static void waitUntil(Supplier<Boolean> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not reached within " + timeout);
      }
      Thread.sleep(200);
    }
  }

  /** Drains the mock web server's request log, which otherwise grows without bound. */
  static void drain(MockCluster cluster) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (true) {
                  cluster.server().takeRequest();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "bench-drain");
    t.setDaemon(true);
    t.start();
  }

  static double secs(long from, long to) {
    return (to - from) / 1e9;
  }

  void line(String format, Object... args) {
    String text = String.format(Locale.ROOT, format, args);
    System.out.println(text);
    report.append(text).append('\n');
  }

  /** Counts the operator's writes by group/resource, from the mock server's dispatcher. */
  static final class Recorder {
    private final Map<String, Long> writes = new ConcurrentHashMap<>();
    private volatile boolean on = true;

    static Recorder on(MockCluster cluster) {
      Recorder r = new Recorder();
      cluster.onCall(
          call -> {
            if (r.on && call.userAgent().startsWith(MockCluster.OPERATOR_AGENT) && call.isWrite()) {
              r.writes.merge(
                  (call.group().isEmpty() ? "core" : call.group()) + "/" + call.resource(),
                  1L,
                  Long::sum);
            }
          });
      return r;
    }

    long total() {
      return writes.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> writesByKind() {
      return new TreeMap<>(writes);
    }

    void stop() {
      on = false;
    }
  }

  /** Tracks, through an informer, which SiteDeployments have a status for their generation. */
  static final class SdWatch implements AutoCloseable {
    private final SharedIndexInformer<SiteDeployment> informer;
    private final Map<String, Boolean> done = new ConcurrentHashMap<>();

    SdWatch(KubernetesClient client) {
      informer =
          client
              .resources(SiteDeployment.class)
              .inAnyNamespace()
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(SiteDeployment sd) {
                      track(sd);
                    }

                    @Override
                    public void onUpdate(SiteDeployment old, SiteDeployment sd) {
                      track(sd);
                    }

                    @Override
                    public void onDelete(SiteDeployment sd, boolean unknown) {
                      done.remove(key(sd));
                    }
                  });
    }

    void track(SiteDeployment sd) {
      boolean reconciled =
          sd.getStatus() != null
              && Objects.equals(
                  sd.getStatus().observedGeneration(), sd.getMetadata().getGeneration());
      done.put(key(sd), reconciled);
    }

    static String key(SiteDeployment sd) {
      return sd.getMetadata().getNamespace() + "/" + sd.getMetadata().getName();
    }

    void awaitAll(int expected, Duration timeout) throws InterruptedException {
      waitUntil(
          () -> done.size() >= expected && done.values().stream().allMatch(Boolean::booleanValue),
          timeout);
    }

    @Override
    public void close() {
      informer.close();
    }
  }
}
