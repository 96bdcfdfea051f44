package io.plantops.operator.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PromotionPolicy;
import io.plantops.api.v1alpha1.RingPolicy;
import io.plantops.api.v1alpha1.RolloutPolicy;
import io.plantops.api.v1alpha1.RolloutState;
import io.plantops.api.v1alpha1.RolloutStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus.ModelState;
import io.plantops.contract.InferenceStatus.ShadowStats;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.SessionState;
import io.plantops.operator.promotion.StagedPromotionEngine;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.testing.FakeWorkload;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import io.plantops.operator.testing.Workloads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A template version rolled out across a fleet in three rings, through the real reconcilers and
 * promotion engine against the mock API server: N copies of the Lyon plant (ring 0 the first 5 %,
 * ring 1 the next 25 %, ring 2 the rest), one FollowLatest energy site each, each plant with a fake
 * inference server that reports the models its site's status asks for (the candidate loaded in
 * shadow as soon as it is asked for; the template has no version gate, so a site promotes a
 * candidate as soon as its server reports it loaded). Ring 0 has a soak gate, ring 1 a promoted
 * fraction gate (100 %). Prints, per ring, the operator's decision latency once the gate passed
 * (seen by the benchmark's informers) and the writes per site; asserts nothing. Run with
 *
 * <pre>./mvnw -B -Pbench -pl operator/controller -am verify -DskipTests -Dbench.only=rollout
 *     -Dbench.rolloutPlants=500</pre>
 *
 * The clock is the system's: a soak gate passes in real time (minutes are the policy's unit), so
 * what is measured is the operator's own wake-up when the soak ends, not a resync.
 */
public final class RolloutBenchmark {

  static final String TEMPLATE = "kiln-energy-optimization";
  static final String SD = "kiln1-energy";
  static final Path LYON = Examples.DIR.resolve("plants/lyon");

  private final int plants;
  private final int soakMinutes;
  private final String pollInterval;
  private final StringBuilder report = new StringBuilder();
  private final Map<String, Integer> rings = new LinkedHashMap<>();
  private final Map<String, FakeWorkload> inference = new ConcurrentHashMap<>();

  /** ns -> first time (nanos) the benchmark saw its site with the candidate, and promoted. */
  private final Map<String, Long> candidateSeen = new ConcurrentHashMap<>();

  private final Map<String, Long> promotedSeen = new ConcurrentHashMap<>();

  /** open ring -> first time (nanos) the template status showed it open for the new version. */
  private final Map<Integer, Long> ringOpenSeen = new ConcurrentHashMap<>();

  private volatile RolloutStatus lastRollout;
  private volatile boolean publishing;

  RolloutBenchmark(int plants, int soakMinutes, String pollInterval) {
    this.plants = plants;
    this.soakMinutes = soakMinutes;
    this.pollInterval = pollInterval;
    int ring0 = Math.max(1, Math.round(plants * 0.05f));
    int ring1 = Math.max(1, Math.round(plants * 0.25f));
    for (int p = 0; p < plants; p++) {
      rings.put(
          String.format(Locale.ROOT, "rollout-%03d", p), p < ring0 ? 0 : p < ring0 + ring1 ? 1 : 2);
    }
  }

  public static void main(String[] args) throws Exception {
    new RolloutBenchmark(
            Integer.getInteger("bench.rolloutPlants", 500),
            Integer.getInteger("bench.soakMinutes", 1),
            System.getProperty("bench.pollInterval", "5s"))
        .run();
    System.exit(0);
  }

  void run() throws Exception {
    line(
        "plantops ring rollout benchmark: %d plants in 3 rings (%s), one FollowLatest site each;"
            + " ring 0 soak %d min, ring 1 100 %% promoted; status polling every %s; JVM %s, %d"
            + " processors, max heap %d MiB; load %s",
        plants,
        ringSizes(),
        soakMinutes,
        pollInterval,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        FleetCurve.load());
    List<FakeWorkload> workloads = new ArrayList<>();
    try (MockCluster cluster = new MockCluster()) {
      cluster.stopRecording();
      OperatorBenchmark.drain(cluster);
      KubernetesClient client = cluster.client();
      FakeWorkload connector = new FakeWorkload();
      connector.serve(Workloads.connector("lyon", SessionState.Connected));
      workloads.add(connector);
      List<String> aliases = new ArrayList<>();
      for (String ns : rings.keySet()) {
        FakeWorkload inf = new FakeWorkload();
        inf.serve(Workloads.inference("lyon", report(null)));
        inference.put(ns, inf);
        workloads.add(inf);
        aliases.add(Workloads.aliases("lyon", ns, inf, connector));
      }
      template(client);
      long c0 = System.nanoTime();
      rings.forEach((ns, ring) -> plant(client, ns, ring));
      line(
          "created %d plants (namespace, Plant, TagMapping, SiteDeployment) in %.1f s",
          plants, OperatorBenchmark.secs(c0, System.nanoTime()));
      SharedIndexInformer<SiteDeployment> sites = mirror(client);
      SharedIndexInformer<UseCaseTemplate> templates = watchRollout(client);
      long s0 = System.nanoTime();
      OperatorBenchmark.Recorder settling = OperatorBenchmark.Recorder.on(cluster);
      try (OperatorHarness operator =
          OperatorHarness.start(
              cluster,
              Map.of(
                  "plantops.operator.host-aliases",
                  String.join(",", aliases),
                  "plantops.operator.status-polling.interval",
                  pollInterval,
                  "plantops.operator.status-polling.timeout",
                  "10s",
                  "plantops.operator.reconciliation-threads",
                  "10"),
              new StagedPromotionEngine(),
              Clock.systemUTC())) {
        OperatorBenchmark.waitUntil(
            () ->
                lastRollout != null
                    && lastRollout.state() == RolloutState.Complete
                    && promotedCount(sites, "1.2.0") == plants,
            Duration.ofMinutes(30));
        long active = System.nanoTime();
        // the plants' workloads and configs too: nothing written for 10 s
        OperatorBenchmark.awaitQuiet(settling, Duration.ofSeconds(10), Duration.ofMinutes(30));
        settling.stop();
        line(
            "every site active on 1.2.0 and the first version's rollout Complete %.1f s after the"
                + " operator started, the fleet quiet at %.1f s (%d writes); load %s",
            OperatorBenchmark.secs(s0, active),
            OperatorBenchmark.secs(s0, System.nanoTime()),
            settling.total(),
            FleetCurve.load());
        line("objects before publishing: %s", census(client));
        OperatorBenchmark.Recorder recorder = OperatorBenchmark.Recorder.on(cluster);
        FleetCurve.Verbs verbs = FleetCurve.Verbs.on(cluster);
        publishing = true;
        long t0 = System.nanoTime();
        publish(client);
        OperatorBenchmark.waitUntil(
            () ->
                lastRollout != null
                    && "1.3.0".equals(lastRollout.version())
                    && lastRollout.state() == RolloutState.Complete
                    && promotedSeen.size() == plants,
            Duration.ofMinutes(60));
        long done = System.nanoTime();
        OperatorBenchmark.awaitQuiet(recorder, Duration.ofSeconds(5), Duration.ofMinutes(5));
        recorder.stop();
        verbs.stop();
        line(
            "1.3.0 published; rollout Complete and every site promoted %.1f s later; load %s",
            OperatorBenchmark.secs(t0, done), FleetCurve.load());
        figures(t0);
        Map<String, Long> writes = recorder.writesByKind();
        long total = writes.values().stream().mapToLong(Long::longValue).sum();
        line(
            "operator writes from publish to quiet: %d = %.2f per site; by kind %s; operator"
                + " requests by verb %s",
            total, (double) total / plants, writes, verbs.of(MockCluster.OPERATOR_AGENT));
        line("objects after the rollout: %s", census(client));
        line(
            "final rollout status: %s",
            Serialization.asJson(lastRollout).replace('\n', ' ').replace("  ", ""));
      }
      sites.close();
      templates.close();
    } finally {
      workloads.forEach(FakeWorkload::close);
    }
    Files.writeString(
        Path.of("target/bench-rollout.txt"), report.toString(), StandardCharsets.UTF_8);
  }

  /** Per ring: when it opened, how long its sites took to take and promote the version. */
  void figures(long t0) {
    line(
        "| ring | sites | gate | gate passed (s after publish) | ring opened: decision latency"
            + " (s) | every site of the ring has the candidate (s after opening) | every site"
            + " promoted (s after opening) |");
    line("|---|---|---|---|---|---|---|");
    Long gatePassed = t0;
    String gate = "publish";
    for (int ring = 0; ring <= 2; ring++) {
      int r = ring;
      List<String> members =
          rings.entrySet().stream().filter(e -> e.getValue() == r).map(Map.Entry::getKey).toList();
      Long opened = ringOpenSeen.get(ring);
      long lastCandidate =
          members.stream().mapToLong(ns -> candidateSeen.getOrDefault(ns, 0L)).max().orElse(0);
      long lastPromoted =
          members.stream().mapToLong(ns -> promotedSeen.getOrDefault(ns, 0L)).max().orElse(0);
      line(
          "| %d | %d | %s | %s | %s | %s | %s |",
          ring,
          members.size(),
          gate,
          gatePassed == null ? "-" : fmt(OperatorBenchmark.secs(t0, gatePassed)),
          opened == null || gatePassed == null
              ? "-"
              : fmt(OperatorBenchmark.secs(gatePassed, opened)),
          opened == null ? "-" : fmt(OperatorBenchmark.secs(opened, lastCandidate)),
          opened == null ? "-" : fmt(OperatorBenchmark.secs(opened, lastPromoted)));
      // the next ring's gate: this ring all promoted (ring 0: then the soak)
      gatePassed =
          lastPromoted == 0
              ? null
              : ring == 0 ? lastPromoted + Duration.ofMinutes(soakMinutes).toNanos() : lastPromoted;
      gate =
          ring == 0
              ? "ring 0 100 % promoted + soak " + soakMinutes + " min"
              : "ring 1 100 % promoted";
    }
  }

  /** Counts of the objects the operator writes, and the events by reason. */
  static String census(KubernetesClient client) {
    Map<String, Long> events = new TreeMap<>();
    client
        .v1()
        .events()
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(e -> events.merge(e.getReason(), 1L, Long::sum));
    return String.format(
        Locale.ROOT,
        "%d Deployments, %d Services, %d ServiceAccounts, %d ConfigMaps; events by reason %s",
        client.apps().deployments().inAnyNamespace().list().getItems().size(),
        client.services().inAnyNamespace().list().getItems().size(),
        client.serviceAccounts().inAnyNamespace().list().getItems().size(),
        client.configMaps().inAnyNamespace().list().getItems().size(),
        events);
  }

  static String fmt(double seconds) {
    return String.format(Locale.ROOT, "%.2f", seconds);
  }

  String ringSizes() {
    Map<Integer, Integer> sizes = new TreeMap<>();
    rings.values().forEach(r -> sizes.merge(r, 1, Integer::sum));
    return sizes.toString();
  }

  long promotedCount(SharedIndexInformer<SiteDeployment> sites, String version) {
    return sites.getStore().list().stream()
        .filter(sd -> sd.getStatus() != null && sd.getStatus().activeModel() != null)
        .filter(sd -> version.equals(sd.getStatus().activeModel().version()))
        .count();
  }

  /**
   * Each plant's fake inference server reports what its site's status asks for (the stand-in for a
   * server loading the configured models), and the benchmark notes when a site first shows the new
   * version as candidate and as active.
   */
  SharedIndexInformer<SiteDeployment> mirror(KubernetesClient client) {
    return client
        .resources(SiteDeployment.class)
        .inAnyNamespace()
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(SiteDeployment sd) {
                seen(sd);
              }

              @Override
              public void onUpdate(SiteDeployment old, SiteDeployment sd) {
                seen(sd);
              }

              @Override
              public void onDelete(SiteDeployment sd, boolean unknown) {}
            });
  }

  void seen(SiteDeployment sd) {
    String ns = sd.getMetadata().getNamespace();
    SiteDeploymentStatus s = sd.getStatus();
    FakeWorkload inf = inference.get(ns);
    if (inf != null) {
      inf.serve(Workloads.inference("lyon", report(s)));
    }
    if (!publishing || s == null) {
      return;
    }
    long now = System.nanoTime();
    boolean candidate = s.candidateModel() != null && "1.3.0".equals(s.candidateModel().version());
    boolean active = s.activeModel() != null && "1.3.0".equals(s.activeModel().version());
    if (candidate || active) {
      candidateSeen.putIfAbsent(ns, now);
    }
    if (active) {
      promotedSeen.putIfAbsent(ns, now);
    }
  }

  SharedIndexInformer<UseCaseTemplate> watchRollout(KubernetesClient client) {
    return client
        .resources(UseCaseTemplate.class)
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(UseCaseTemplate t) {
                seenTemplate(t);
              }

              @Override
              public void onUpdate(UseCaseTemplate old, UseCaseTemplate t) {
                seenTemplate(t);
              }

              @Override
              public void onDelete(UseCaseTemplate t, boolean unknown) {}
            });
  }

  void seenTemplate(UseCaseTemplate t) {
    if (!TEMPLATE.equals(t.getMetadata().getName())
        || t.getStatus() == null
        || t.getStatus().rollout() == null) {
      return;
    }
    RolloutStatus r = t.getStatus().rollout();
    lastRollout = r;
    if (publishing && "1.3.0".equals(r.version()) && r.openRing() != null) {
      long now = System.nanoTime();
      for (int ring = 0; ring <= r.openRing(); ring++) {
        ringOpenSeen.putIfAbsent(ring, now);
      }
    }
  }

  /** The site's inference server: active what the status says, the candidate loaded in shadow. */
  static UseCaseStatus report(SiteDeploymentStatus s) {
    String active =
        s == null
            ? "1.2.0"
            : s.activeModel() != null
                ? s.activeModel().version()
                : Optional.ofNullable(s.resolvedVersion()).orElse("1.2.0");
    UseCaseStatus u = Workloads.loaded(SD, active, -1.5);
    String candidate =
        s == null || s.candidateModel() == null ? null : s.candidateModel().version();
    return new UseCaseStatus(
        u.name(),
        u.active(),
        candidate == null
            ? null
            : new ModelState(
                candidate,
                Workloads.exampleSha256(candidate),
                ModelLoadState.Loaded,
                null,
                1L,
                candidate),
        candidate == null
            ? null
            : new ShadowStats(candidate, Workloads.FIRST_DATA_MS, 500, 0.1, 0.8, 0, null, null),
        Workloads.drift(DriftStatus.Ok, 0.04),
        u.kpis(),
        1000,
        u.skipped(),
        u.skipStreak(),
        u.firstValidInferenceAtMs(),
        u.lastRecommendation());
  }

  RolloutPolicy policy() {
    return new RolloutPolicy(
        null,
        null,
        List.of(
            new RingPolicy(0, soakMinutes, 100, null, null), new RingPolicy(1, 0, 100, null, null)),
        null);
  }

  /** The example template with 1.2.0 only, no version gate, and the rollout policy. */
  void template(KubernetesClient client) {
    UseCaseTemplate t =
        (UseCaseTemplate) Examples.read(Examples.DIR.resolve("templates/" + TEMPLATE + ".yaml"));
    UseCaseTemplateSpec s = t.getSpec();
    t.setSpec(withPolicy(s, s.models().stream().filter(m -> m.version().equals("1.2.0")).toList()));
    client.resource(t).create();
  }

  /** Publishes the example's other versions (1.3.0 the latest). */
  void publish(KubernetesClient client) {
    UseCaseTemplate example =
        (UseCaseTemplate) Examples.read(Examples.DIR.resolve("templates/" + TEMPLATE + ".yaml"));
    client
        .resources(UseCaseTemplate.class)
        .withName(TEMPLATE)
        .edit(
            t -> {
              t.getMetadata().setResourceVersion(null);
              t.setSpec(withPolicy(t.getSpec(), example.getSpec().models()));
              return t;
            });
  }

  UseCaseTemplateSpec withPolicy(UseCaseTemplateSpec s, List<ModelVersion> models) {
    PromotionPolicy p = s.promotion();
    return new UseCaseTemplateSpec(
        s.displayName(),
        s.description(),
        s.owner(),
        s.cadenceSeconds(),
        s.inputs(),
        s.observedSignals(),
        s.outputs(),
        models,
        s.kpis(),
        s.drift(),
        new PromotionPolicy(
            p.maxAutonomy(),
            List.of(),
            null,
            p.rollback(),
            p.approvalMaxAgeDays(),
            p.maxSkippedCycles(),
            p.maxSubstitutedInputsAtClosedLoop(),
            policy()),
        s.retraining());
  }

  /** A copy of the Lyon plant in {@code ns} and {@code ring}, its energy site FollowLatest. */
  static void plant(KubernetesClient client, String ns, int ring) {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    for (String f : List.of("plant.yaml", "tagmapping.yaml", "kiln1-energy.yaml")) {
      String text;
      try {
        text = Files.readString(LYON.resolve(f));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      text =
          text.replace("namespace: plant-lyon", "namespace: " + ns)
              .replace("rolloutRing: 0", "rolloutRing: " + ring)
              .replace("versionPolicy: Pinned", "versionPolicy: FollowLatest");
      Class<? extends HasMetadata> type =
          switch (f) {
            case "plant.yaml" -> Plant.class;
            case "tagmapping.yaml" -> TagMapping.class;
            default -> SiteDeployment.class;
          };
      HasMetadata o = Serialization.unmarshal(text, type);
      if (o instanceof SiteDeployment sd) {
        Objects.requireNonNull(sd.getSpec());
        if (sd.getSpec().versionPolicy() != VersionPolicy.FollowLatest) {
          throw new IllegalStateException("the Lyon site is not FollowLatest after the edit");
        }
      }
      client.resource(o).create();
    }
  }

  void line(String format, Object... args) {
    String text = String.format(Locale.ROOT, format, args);
    System.out.println(text);
    report.append(text).append('\n');
  }
}
