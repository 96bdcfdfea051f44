package io.plantops.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.plantops.operator.observe.Reachability;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operator's own Prometheus metrics: {@code plantops_operator_*} (reconciliations by kind with
 * count, duration and errors, status writes, events, workload status polls, resources by phase,
 * plant onboarding durations) and {@code plantops_promotion_*} (transitions, gates, pending
 * approvals, time pending and time in stage). See docs/operator.md and docs/promotion.md.
 */
public final class OperatorMetrics {

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
  private final OwnedGauges plantOnboarding;
  private final OwnedGauges promotionPending;
  private final OwnedGauges promotionApprovalsPending;
  private final OwnedGauges promotionGatePassed;
  private final OwnedGauges promotionStage;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.plantOnboarding =
        new OwnedGauges(
            registry,
            "plantops.operator.plant.onboarding.seconds",
            "Seconds from a plant's registration to each onboarding milestone it reached");
    this.promotionPending =
        new OwnedGauges(
            registry,
            "plantops.promotion.pending.seconds",
            "Seconds a SiteDeployment's pending promotion (status.pendingPromotion) has waited");
    this.promotionApprovalsPending =
        new OwnedGauges(
            registry,
            "plantops.promotion.approvals.pending",
            "Roles whose approval a SiteDeployment's pending promotion still needs");
    this.promotionGatePassed =
        new OwnedGauges(
            registry,
            "plantops.promotion.gate.passed",
            "1 when a gate of a SiteDeployment's pending promotion passes, else 0");
    this.promotionStage =
        new OwnedGauges(
            registry,
            "plantops.promotion.stage.seconds",
            "Seconds a SiteDeployment has been live in its current stage");
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

  /**
   * Replaces one SiteDeployment's promotion gauges.
   *
   * @param owner the SiteDeployment, as {@link #owner(String, String)}
   * @param pending seconds waited, per promotion
   * @param approvals roles pending, per promotion
   * @param gates 1 or 0, per promotion and gate
   * @param stages seconds in the live stage
   */
  public void promotionGauges(
      String owner,
      List<OwnedGauges.Row> pending,
      List<OwnedGauges.Row> approvals,
      List<OwnedGauges.Row> gates,
      List<OwnedGauges.Row> stages) {
    promotionPending.replace(owner, pending);
    promotionApprovalsPending.replace(owner, approvals);
    promotionGatePassed.replace(owner, gates);
    promotionStage.replace(owner, stages);
  }

  /** Drops the promotion gauges of SiteDeployments not in {@code present} (deleted ones). */
  public void retainSiteDeployments(Set<String> present) {
    promotionPending.retainOwners(present);
    promotionApprovalsPending.retainOwners(present);
    promotionGatePassed.retainOwners(present);
    promotionStage.retainOwners(present);
  }

  /** The owner key of a resource's gauges. */
  public static String owner(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** The clock the gauges measure elapsed time with. */
  public Clock clock() {
    return clock;
  }

  /** Replaces one plant's onboarding gauges with {@code rows}. */
  public void plantOnboarding(String owner, List<OwnedGauges.Row> rows) {
    plantOnboarding.replace(owner, rows);
  }

  /** Drops the onboarding gauges of plants not in {@code present} (deleted ones). */
  public void retainPlants(Set<String> present) {
    plantOnboarding.retainOwners(present);
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
