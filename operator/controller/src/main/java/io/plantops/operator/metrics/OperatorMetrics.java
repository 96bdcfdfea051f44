package io.plantops.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.operator.observe.Reachability;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's own Prometheus metrics: {@code plantops_operator_*} (reconciliations by kind with
 * count, duration and errors, status writes, events, workload status polls, resources by phase,
 * plant onboarding durations) and {@code plantops_promotion_*} (transitions, gates, pending
 * approvals, time pending and time in stage). See docs/operator.md and docs/promotion.md.
 */
public final class OperatorMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorMetrics.class);

  /** The four kinds, as the {@code kind} label. */
  public enum Kind {
    Plant,
    TagMapping,
    SiteDeployment,
    UseCaseTemplate
  }

  private static final Duration PHASE_COUNT_TTL = Duration.ofSeconds(1);

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<Kind, PhaseCounter<?>> phaseCounters = new EnumMap<>(Kind.class);
  private final ResourceGauges resourceGauges;
  private final ScorecardGauges scorecardGauges = new ScorecardGauges();
  private final Optional<PrometheusRegistry> prometheus;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.resourceGauges = new ResourceGauges(clock);
    this.prometheus = prometheusRegistry(registry);
    prometheus.ifPresentOrElse(
        p -> {
          p.register(resourceGauges);
          p.register(scorecardGauges);
        },
        () ->
            LOG.warn(
                "the meter registry is not Prometheus: the per-resource gauges ({}) are not"
                    + " exported",
                resourceGauges.getPrometheusNames()));
  }

  /** The Prometheus registry behind {@code registry}, directly or inside a composite. */
  private static Optional<PrometheusRegistry> prometheusRegistry(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry p) {
      return Optional.of(p.getPrometheusRegistry());
    }
    if (registry instanceof CompositeMeterRegistry c) {
      return c.getRegistries().stream()
          .map(OperatorMetrics::prometheusRegistry)
          .flatMap(Optional::stream)
          .findFirst();
    }
    return Optional.empty();
  }

  /** Stops exporting the per-resource gauges (the operator is closing). */
  public void close() {
    prometheus.ifPresent(
        p -> {
          p.unregister(resourceGauges);
          p.unregister(scorecardGauges);
        });
  }

  /** The registry, for the framework's own metrics. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Records one reconciliation of {@code kind}. */
  public void reconciled(Kind kind, Duration took, boolean success) {
    String result = success ? "success" : "error";
    timers
        .computeIfAbsent(
            kind + "/" + result,
            k ->
                Timer.builder("plantops.operator.reconcile.duration")
                    .description("Reconciliations by kind and result, and their duration")
                    .tags("kind", kind.name(), "result", result)
                    .register(registry))
        .record(took);
    if (!success) {
      counter(
              "plantops.operator.reconcile.errors",
              "Reconciliations that failed, by kind",
              Tags.of("kind", kind.name()))
          .increment();
    }
  }

  /** Counts one status write of {@code kind}. */
  public void statusWritten(Kind kind) {
    counter(
            "plantops.operator.status.writes",
            "Status subresource writes, by kind (0 on a resync when nothing changed)",
            Tags.of("kind", kind.name()))
        .increment();
  }

  /** Counts one write of an owned object (create or update) by its Kubernetes kind. */
  public void dependentWritten(String resourceKind, String operation) {
    counter(
            "plantops.operator.dependent.writes",
            "Creates and updates of owned objects (Deployments, Services, ConfigMaps, ...)",
            Tags.of("resource", resourceKind, "operation", operation))
        .increment();
  }

  /** Counts one Kubernetes Event emitted. */
  public void eventEmitted(Kind kind, String type, String reason) {
    counter(
            "plantops.operator.events",
            "Kubernetes Events emitted, by kind, type and reason",
            Tags.of("kind", kind.name(), "type", type, "reason", reason))
        .increment();
  }

  /** Counts one poll of a workload status endpoint. */
  public void statusPolled(String target, Reachability result) {
    counter(
            "plantops.operator.status.polls",
            "Polls of workload status endpoints, by target and result",
            Tags.of("target", target, "result", result.name()))
        .increment();
  }

  /** Records the time a plant took from registration to {@code milestone}. */
  public void milestoneReached(String milestone, Duration sinceRegistered) {
    timers
        .computeIfAbsent(
            "onboarding/" + milestone,
            k ->
                Timer.builder("plantops.operator.onboarding.duration")
                    .description(
                        "Time from plant registration to each onboarding milestone, across plants")
                    .tags("milestone", milestone)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofSeconds(1))
                    .maximumExpectedValue(Duration.ofDays(180))
                    .register(registry))
        .record(sinceRegistered.isNegative() ? Duration.ZERO : sinceRegistered);
  }

  /**
   * Exposes how many resources of {@code kind} are in each phase, counted from the informer cache
   * at scrape time (so deletions need no bookkeeping).
   */
  public <R, E extends Enum<E>> void phases(
      Kind kind, Class<E> phases, Supplier<Stream<R>> cache, Function<R, E> phaseOf, E unset) {
    PhaseCounter<E> counter = new PhaseCounter<>(phases, cache, phaseOf, unset);
    phaseCounters.put(kind, counter);
    for (E phase : phases.getEnumConstants()) {
      Gauge.builder("plantops.operator.resources", counter, c -> c.count(phase))
          .description("Custom resources watched by the operator, by kind and phase")
          .tags("kind", kind.name(), "phase", phase.name())
          .register(registry);
    }
  }

  /**
   * Counts one promotion transition recorded in a SiteDeployment's history.
   *
   * @param kind activation, promotion, lowering, candidate, rollback or refusal
   * @param reason the history entry's reason
   */
  public void promotionTransition(String kind, String reason) {
    counter(
            "plantops.promotion.transitions",
            "Promotion transitions recorded in SiteDeployment histories, by kind and reason",
            Tags.of("kind", kind, "reason", reason))
        .increment();
  }

  /** Counts one evaluation of a promotion gate. */
  public void gateEvaluated(String gate, boolean passed) {
    counter(
            "plantops.promotion.gate.evaluations",
            "Evaluations of promotion gates, by gate and result (passed, failed)",
            Tags.of("gate", gate, "result", passed ? "passed" : "failed"))
        .increment();
  }

  /** The Plants whose onboarding gauges are exported, read from {@code cache} at each scrape. */
  public void plantGauges(Supplier<Stream<Plant>> cache) {
    resourceGauges.plants(cache);
    scorecardGauges.plants(cache);
  }

  /**
   * The SiteDeployments whose promotion gauges are exported, read from {@code cache} at each
   * scrape.
   */
  public void siteDeploymentGauges(Supplier<Stream<SiteDeployment>> cache) {
    resourceGauges.siteDeployments(cache);
    scorecardGauges.siteDeployments(cache);
  }

  /** The fleet rollout gauges, computed from the UseCaseTemplate cache at each scrape. */
  public void templateGauges(Supplier<Stream<UseCaseTemplate>> cache) {
    resourceGauges.templates(cache);
    scorecardGauges.templates(cache);
  }

  /**
   * The resources of {@code kind} in {@code cache} whose stored generation is {@code invalid},
   * exported as {@code plantops_operator_invalid_generation} = 1 at each scrape.
   */
  public <R extends HasMetadata> void invalidGenerations(
      Kind kind, Supplier<Stream<R>> cache, Predicate<R> invalid) {
    resourceGauges.invalidGenerations(kind, () -> cache.get().filter(invalid).map(r -> r));
  }

  private Counter counter(String name, String description, Tags tags) {
    return counters.computeIfAbsent(
        name + tags,
        k -> Counter.builder(name).description(description).tags(tags).register(registry));
  }

  /** Counts phases over a cache, at most once per second however many gauges ask. */
  private final class PhaseCounter<E extends Enum<E>> {
    private final Class<E> phases;
    private final Supplier<? extends Stream<?>> cache;
    private final Function<Object, E> phaseOf;
    private final E unset;
    private Map<E, Long> counts = Map.of();
    private long computedAt;
    private boolean computed;

    @SuppressWarnings("unchecked")
    <R> PhaseCounter(Class<E> phases, Supplier<Stream<R>> cache, Function<R, E> phaseOf, E unset) {
      this.phases = phases;
      this.cache = cache;
      this.phaseOf = (Function<Object, E>) phaseOf;
      this.unset = unset;
    }

    synchronized double count(E phase) {
      long now = clock.millis();
      if (!computed || now - computedAt > PHASE_COUNT_TTL.toMillis()) {
        Map<E, Long> fresh = new EnumMap<>(phases);
        cache
            .get()
            .map(
                r -> {
                  E p = phaseOf.apply(r);
                  return p == null ? unset : p;
                })
            .collect(Collectors.groupingBy(p -> p, Collectors.counting()))
            .forEach(fresh::put);
        counts = fresh;
        computedAt = now;
        computed = true;
      }
      return counts.getOrDefault(phase, 0L);
    }
  }
}
