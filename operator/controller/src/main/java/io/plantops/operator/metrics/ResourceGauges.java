package io.plantops.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.plantops.api.v1alpha1.GateResult;
import io.plantops.api.v1alpha1.OnboardingMilestones;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.RingStatus;
import io.plantops.api.v1alpha1.RolloutStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.operator.status.Conditions;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The per-resource gauges (one series per Plant milestone, per SiteDeployment promotion and gate),
 * computed from the informer caches when Prometheus scrapes, as kube-state-metrics does.
 *
 * <p>Nothing is kept between scrapes: a deleted resource's series vanish with it, a reconcile does
 * no metrics work, and the heap holds no meter per series. As Micrometer gauges they cost about 12
 * KiB of heap per SiteDeployment, and every reconcile rebuilt the fleet's series
 * (docs/benchmarks/operator.md).
 */
public final class ResourceGauges implements MultiCollector {

  static final String ONBOARDING = "plantops_operator_plant_onboarding_seconds";
  static final String PENDING = "plantops_promotion_pending_seconds";
  static final String APPROVALS = "plantops_promotion_approvals_pending";
  static final String GATE = "plantops_promotion_gate_passed";
  static final String STAGE = "plantops_promotion_stage_seconds";
  static final String INVALID = "plantops_operator_invalid_generation";
  static final String RING_SITES = "plantops_rollout_ring_sites";
  static final String OPEN_RING = "plantops_rollout_open_ring";

  private final Clock clock;
  private volatile Supplier<Stream<Plant>> plants = Stream::empty;
  private volatile Supplier<Stream<SiteDeployment>> siteDeployments = Stream::empty;
  private volatile Supplier<Stream<UseCaseTemplate>> templates = Stream::empty;
  private final Map<OperatorMetrics.Kind, Supplier<Stream<HasMetadata>>> invalid =
      new ConcurrentHashMap<>();

  ResourceGauges(Clock clock) {
    this.clock = clock;
  }

  /** Where the Plants are read from at scrape time (the Plant controller's cache). */
  void plants(Supplier<Stream<Plant>> cache) {
    this.plants = cache;
  }

  /** Where the SiteDeployments are read from at scrape time (their controller's cache). */
  void siteDeployments(Supplier<Stream<SiteDeployment>> cache) {
    this.siteDeployments = cache;
  }

  /** Where the UseCaseTemplates are read from at scrape time (their controller's cache). */
  void templates(Supplier<Stream<UseCaseTemplate>> cache) {
    this.templates = cache;
  }

  /** Where the resources of {@code kind} whose stored generation is invalid are read from. */
  void invalidGenerations(OperatorMetrics.Kind kind, Supplier<Stream<HasMetadata>> invalidOnes) {
    invalid.put(kind, invalidOnes);
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(ONBOARDING, PENDING, APPROVALS, GATE, STAGE, INVALID, RING_SITES, OPEN_RING);
  }

  @Override
  public MetricSnapshots collect() {
    Instant now = clock.instant();
    Series onboarding = new Series();
    plants.get().forEach(p -> onboarding(p, onboarding));
    Series pending = new Series();
    Series approvals = new Series();
    Series gates = new Series();
    Series stages = new Series();
    siteDeployments
        .get()
        .forEach(
            sd -> {
              SiteDeploymentStatus s = sd.getStatus();
              if (s == null) {
                return;
              }
              String ns = sd.getMetadata().getNamespace();
              String name = sd.getMetadata().getName();
              // plant and use_case as the workloads' own series carry them, so that alerts on
              // these route to the plant's on-call like the others (docs/operations.md)
              Labels site =
                  Labels.of(
                      "namespace",
                      ns,
                      "plant",
                      sd.getSpec() == null
                          ? ""
                          : Objects.requireNonNullElse(sd.getSpec().plantRef(), ""),
                      "use_case",
                      name,
                      "site_deployment",
                      name);
              if (s.pendingPromotion() != null) {
                Labels labels = site.add("promotion", s.pendingPromotion());
                Conditions.instant(s.pendingSince())
                    .ifPresent(t -> pending.add(labels, secondsBetween(t, now)));
                approvals.add(
                    labels, s.pendingApprovals() == null ? 0 : s.pendingApprovals().size());
                if (s.gates() != null) {
                  for (GateResult g : s.gates()) {
                    gates.add(
                        labels.add("gate", g.name()), Boolean.TRUE.equals(g.passed()) ? 1 : 0);
                  }
                }
              }
              if (s.phase() != null && s.phase().stage() != null) {
                Conditions.instant(s.phaseSince())
                    .ifPresent(
                        t ->
                            stages.add(
                                site.add("stage", s.phase().name()), secondsBetween(t, now)));
              }
            });
    Series invalidGenerations = new Series();
    invalid.forEach(
        (kind, resources) ->
            resources
                .get()
                .forEach(
                    r ->
                        invalidGenerations.add(
                            Labels.of(
                                "kind",
                                kind.name(),
                                "namespace",
                                Objects.requireNonNullElse(r.getMetadata().getNamespace(), ""),
                                "name",
                                r.getMetadata().getName()),
                            1)));
    Series ringSites = new Series();
    Series openRing = new Series();
    templates.get().forEach(t -> rollout(t, ringSites, openRing));
    return MetricSnapshots.of(
        ringSites.snapshot(
            RING_SITES,
            "FollowLatest sites of a ring by where they stand with the version a template rolls"
                + " out (new, shadow, waiting, failed)"),
        openRing.snapshot(
            OPEN_RING, "Highest rollout ring open to the version a template rolls out, by state"),
        onboarding.snapshot(
            ONBOARDING,
            "Seconds from a plant's registration to each onboarding milestone it reached"),
        pending.snapshot(
            PENDING,
            "Seconds a SiteDeployment's pending promotion (status.pendingPromotion) has waited"),
        approvals.snapshot(
            APPROVALS, "Roles whose approval a SiteDeployment's pending promotion still needs"),
        gates.snapshot(
            GATE, "1 when a gate of a SiteDeployment's pending promotion passes, else 0"),
        stages.snapshot(STAGE, "Seconds a SiteDeployment has been live in its current stage"),
        invalidGenerations.snapshot(
            INVALID,
            "1 while the stored generation of a UseCaseTemplate or TagMapping is invalid (its"
                + " last valid generation runs, when there is one)"));
  }

  private static void rollout(UseCaseTemplate t, Series ringSites, Series openRing) {
    RolloutStatus r = t.getStatus() == null ? null : t.getStatus().rollout();
    if (r == null || r.state() == null) {
      return;
    }
    String name = t.getMetadata().getName();
    if (r.openRing() != null) {
      openRing.add(Labels.of("template", name, "state", r.state().name()), r.openRing());
    }
    for (RingStatus ring : Objects.requireNonNullElse(r.rings(), List.<RingStatus>of())) {
      Labels labels = Labels.of("template", name, "ring", String.valueOf(ring.ring()));
      ringSites.add(labels.add("status", "new"), nz(ring.onNewVersion()));
      ringSites.add(labels.add("status", "shadow"), nz(ring.inShadow()));
      ringSites.add(labels.add("status", "waiting"), nz(ring.waiting()));
      ringSites.add(labels.add("status", "failed"), nz(ring.failed()));
    }
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }

  private static void onboarding(Plant p, Series series) {
    OnboardingMilestones m = p.getStatus() == null ? null : p.getStatus().onboarding();
    if (m == null) {
      return;
    }
    Optional<Instant> registered = Conditions.instant(m.registeredAt());
    if (registered.isEmpty()) {
      return;
    }
    String[][] milestones = {
      {"mappingComplete", m.mappingCompleteAt()},
      {"workloadsReady", m.workloadsReadyAt()},
      {"firstData", m.firstDataAt()},
      {"firstValidInference", m.firstValidInferenceAt()},
      {"firstAdvisory", m.firstAdvisoryAt()},
      {"firstClosedLoop", m.firstClosedLoopAt()},
      {"firstKpiGain", m.firstKpiGainAt()}
    };
    for (String[] milestone : milestones) {
      Conditions.instant(milestone[1])
          .ifPresent(
              at ->
                  series.add(
                      Labels.of(
                          "namespace",
                          p.getMetadata().getNamespace(),
                          "plant",
                          p.getMetadata().getName(),
                          "milestone",
                          milestone[0]),
                      Duration.between(registered.get(), at).toSeconds()));
    }
  }

  private static double secondsBetween(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
  }

  /** The data points of one gauge, one per label set (the last value wins). */
  static final class Series {
    private final Map<Labels, Double> points = new LinkedHashMap<>();

    void add(Labels labels, double value) {
      points.put(labels, value);
    }

    GaugeSnapshot snapshot(String name, String help) {
      GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
      points.forEach(
          (labels, value) ->
              gauge.dataPoint(
                  GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
      return gauge.build();
    }
  }
}
