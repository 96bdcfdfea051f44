package io.plantops.operator.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The at-once scale curve: for each fleet size, the fleet created by the test client while the
 * operator runs (time until every SiteDeployment's status is written and every config complete,
 * requests by client and verb, peak heap after GC), then in the same JVM the bare-client floor on a
 * fresh mock server: the same fleet creates, then the operator's writes (same kinds and numbers) by
 * a bare Fabric8 client. Prints figures; asserts nothing. Run with
 *
 * <pre>./mvnw -B -Pbench -pl operator/controller -am verify -Dbench.only=curve
 *     -Dbench.curve=100,500,1000,2000 -Dbench.perPlant=20 -Dbench.heap=4g</pre>
 */
public final class FleetCurve {

  /** One point of the curve. */
  record Point(
      int plants,
      int perPlant,
      double createsSeconds,
      double sdsSeconds,
      double configsSeconds,
      Map<String, Long> operatorByVerb,
      Map<String, Long> testByVerb,
      Map<String, Long> operatorWritesByKind,
      long operatorWrites,
      long peakHeapAfterGc,
      long heapAfterFullGc,
      double floorCreatesSeconds,
      double floorWritesSeconds,
      long floorWrites,
      long floorPeakHeapAfterGc,
      long floorHeapAfterFullGc,
      String loadBefore,
      String loadAfter) {

    double floorSeconds() {
      return floorCreatesSeconds + floorWritesSeconds;
    }
  }

  private final List<Point> points = new ArrayList<>();

  /** How long without an operator write counts as done; whether to weigh the heap after GC. */
  private final Duration quiet;

  private final boolean weighHeap;

  FleetCurve() {
    this(Duration.ofSeconds(5), true);
  }

  FleetCurve(Duration quiet, boolean weighHeap) {
    this.quiet = quiet;
    this.weighHeap = weighHeap;
  }

  private final StringBuilder report = new StringBuilder();

  public static void main(String[] args) throws Exception {
    List<Integer> sizes =
        List.of(System.getProperty("bench.curve", "100,500,1000,2000").split(",")).stream()
            .map(String::trim)
            .map(Integer::valueOf)
            .toList();
    int perPlant = Integer.getInteger("bench.perPlant", 20);
    MockCluster.Store store =
        MockCluster.Store.valueOf(
            System.getProperty("bench.store", "indexed").toUpperCase(Locale.ROOT));
    new FleetCurve().run(sizes, perPlant, store);
    System.exit(0);
  }

  void run(List<Integer> sizes, int perPlant, MockCluster.Store store) throws Exception {
    line(
        "plantops at-once scale curve: %s plants x %d SiteDeployments; JVM %s %s, %d processors"
            + " visible, max heap %d MiB; %s store",
        sizes,
        perPlant,
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        store.name().toLowerCase(Locale.ROOT));
    for (int plants : sizes) {
      Point p = point(new OperatorBenchmark(plants, perPlant, store), plants, perPlant, store);
      points.add(p);
      line("%s", row(p));
      Files.writeString(
          Path.of("target/bench-fleet-curve.txt"), report.toString(), StandardCharsets.UTF_8);
    }
    line("");
    line(
        "| plants | SiteDeployments | at once: creates / every SD / every config (s) | floor:"
            + " creates + operator's writes (s) | ratio to floor | ratio to the operator-writes"
            + " floor alone | operator requests by verb | operator writes per SD | peak heap after"
            + " GC, at once / floor (MiB) | used heap after full GC at the end, at once / floor"
            + " (MiB) | load before / after |");
    line("|---|---|---|---|---|---|---|---|---|---|---|");
    for (Point p : points) {
      line("%s", row(p));
    }
    Files.writeString(
        Path.of("target/bench-fleet-curve.txt"), report.toString(), StandardCharsets.UTF_8);
  }

  static String row(Point p) {
    return String.format(
        Locale.ROOT,
        "| %d | %d | %.1f / %.1f / %.1f | %.1f + %.1f = %.1f (%d writes) | %.2fx | %.2fx | %s |"
            + " %.2f | %d / %d | %d / %d | %s / %s |",
        p.plants(),
        p.plants() * p.perPlant(),
        p.createsSeconds(),
        p.sdsSeconds(),
        p.configsSeconds(),
        p.floorCreatesSeconds(),
        p.floorWritesSeconds(),
        p.floorSeconds(),
        p.floorWrites(),
        p.configsSeconds() / p.floorSeconds(),
        p.configsSeconds() / p.floorWritesSeconds(),
        p.operatorByVerb(),
        (double) p.operatorWrites() / (p.plants() * p.perPlant()),
        p.peakHeapAfterGc() >> 20,
        p.floorPeakHeapAfterGc() >> 20,
        p.heapAfterFullGc() >> 20,
        p.floorHeapAfterFullGc() >> 20,
        p.loadBefore(),
        p.loadAfter());
  }

  Point point(OperatorBenchmark bench, int plants, int perPlant, MockCluster.Store store)
      throws Exception {
    String loadBefore = load();
    double creates;
    double sds;
    double configs;
    Map<String, Long> operatorByVerb;
    Map<String, Long> testByVerb;
    Map<String, Long> operatorWritesByKind;
    long peak;
    long full;
    settle(weighHeap);
    try (HeapPeak heap = new HeapPeak();
        MockCluster cluster = new MockCluster(store)) {
      cluster.stopRecording();
      OperatorBenchmark.drain(cluster);
      KubernetesClient client = cluster.client();
      bench.templates(client);
      OperatorBenchmark.SdWatch watch = new OperatorBenchmark.SdWatch(client);
      // both count from before the operator starts: its start-up writes (e.g. the templates'
      // status) are its writes too, and the two must agree
      Verbs verbs = Verbs.on(cluster);
      OperatorBenchmark.Recorder recorder = OperatorBenchmark.Recorder.on(cluster);
      try (OperatorHarness operator =
          OperatorHarness.start(
              cluster,
              Map.of(
                  "plantops.operator.status-polling.enabled", "false",
                  "plantops.operator.reconciliation-threads", "10"))) {
        heap.reset();
        long t0 = System.nanoTime();
        bench.createFleet(client);
        long created = System.nanoTime();
        watch.awaitAll(plants * perPlant, Duration.ofMinutes(60));
        long sdsDone = System.nanoTime();
        bench.awaitConfigs(client, Duration.ofMinutes(60));
        long configsDone = System.nanoTime();
        peak = heap.peak();
        OperatorBenchmark.awaitQuiet(recorder, Duration.ofSeconds(5), Duration.ofMinutes(10));
        // with the operator still running over the reconciled fleet
        full = weighHeap ? OperatorBenchmark.usedHeapAfterGc() : 0;
        recorder.stop();
        verbs.stop();
        creates = OperatorBenchmark.secs(t0, created);
        sds = OperatorBenchmark.secs(t0, sdsDone);
        configs = OperatorBenchmark.secs(t0, configsDone);
        operatorWritesByKind = recorder.writesByKind();
        operatorByVerb = verbs.of(MockCluster.OPERATOR_AGENT);
        testByVerb = verbs.of(MockCluster.TEST_AGENT);
        line(
            "%d plants: operator writes by kind %s; test client requests by verb %s",
            plants, operatorWritesByKind, testByVerb);
      }
      watch.close();
    }
    long operatorWrites = operatorWritesByKind.values().stream().mapToLong(Long::longValue).sum();

    // the floor, in the same run: a fresh mock server, the same creates, then the operator's
    // writes (same kinds and numbers) by a bare client
    settle(weighHeap);
    double floorCreates;
    double floorWrites;
    long floorCount;
    long floorPeak;
    long floorFull;
    try (HeapPeak heap = new HeapPeak();
        MockCluster cluster = new MockCluster(store)) {
      cluster.stopRecording();
      OperatorBenchmark.drain(cluster);
      KubernetesClient client = cluster.client();
      bench.templates(client);
      heap.reset();
      long t0 = System.nanoTime();
      bench.createFleet(client);
      long t1 = System.nanoTime();
      List<Runnable> writes = bench.floorWrites(client, operatorWritesByKind);
      long t2 = System.nanoTime();
      OperatorBenchmark.runAll(writes, 10);
      long t3 = System.nanoTime();
      floorPeak = heap.peak();
      floorFull = weighHeap ? OperatorBenchmark.usedHeapAfterGc() : 0;
      floorCreates = OperatorBenchmark.secs(t0, t1);
      floorWrites = OperatorBenchmark.secs(t2, t3);
      floorCount = writes.size();
    }
    return new Point(
        plants,
        perPlant,
        creates,
        sds,
        configs,
        operatorByVerb,
        testByVerb,
        operatorWritesByKind,
        operatorWrites,
        peak,
        full,
        floorCreates,
        floorWrites,
        floorCount,
        floorPeak,
        floorFull,
        loadBefore,
        load());
  }

  /** Collects what the previous phase left, so that its garbage does not count in the next. */
  static void settle(boolean weighHeap) throws InterruptedException {
    if (!weighHeap) {
      return;
    }
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
  }

  static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  void line(String format, Object... args) {
    String text = String.format(Locale.ROOT, format, args);
    System.out.println(text);
    report.append(text).append('\n');
  }

  /** Requests at the mock server by client (User-Agent prefix) and RBAC verb. */
  static final class Verbs {
    private final Map<String, Map<String, AtomicLong>> counts = new ConcurrentHashMap<>();
    private volatile boolean on = true;

    static Verbs on(MockCluster cluster) {
      Verbs v = new Verbs();
      cluster.onCall(
          call -> {
            if (!v.on) {
              return;
            }
            String agent =
                call.userAgent().startsWith(MockCluster.OPERATOR_AGENT)
                    ? MockCluster.OPERATOR_AGENT
                    : call.userAgent().startsWith(MockCluster.TEST_AGENT)
                        ? MockCluster.TEST_AGENT
                        : "other";
            v.counts
                .computeIfAbsent(agent, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(call.verb().orElse(call.method()), k -> new AtomicLong())
                .incrementAndGet();
          });
      return v;
    }

    void stop() {
      on = false;
    }

    Map<String, Long> of(String agent) {
      return counts.getOrDefault(agent, Map.of()).entrySet().stream()
          .collect(
              Collectors.toMap(
                  Map.Entry::getKey, e -> e.getValue().get(), Long::sum, TreeMap::new));
    }
  }

  /**
   * The peak of the heap in use right after a collection, from the collectors' notifications
   * (summed over the heap pools): with G1 a young collection leaves old-generation garbage in
   * place, so this is an upper bound on what was live.
   */
  static final class HeapPeak implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final NotificationListener listener;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final Set<String> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());

    HeapPeak() {
      listener =
          (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                notification.getType())) {
              return;
            }
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = 0;
            for (Map.Entry<String, MemoryUsage> e :
                info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
              if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
              }
            }
            long u = used;
            peak.accumulateAndGet(u, Math::max);
          };
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(listener, null, null);
          emitters.add(emitter);
        }
      }
    }

    void reset() {
      peak.set(0);
    }

    long peak() {
      return peak.get();
    }

    @Override
    public void close() throws Exception {
      for (NotificationEmitter e : emitters) {
        e.removeNotificationListener(listener);
      }
    }
  }
}
