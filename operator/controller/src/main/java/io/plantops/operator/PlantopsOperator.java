package io.plantops.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.plantops.contract.HostAliases;
import io.plantops.operator.config.OperatorProperties;
import io.plantops.operator.events.EventRecorder;
import io.plantops.operator.lastgood.LastKnownGood;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.observe.StatusPoller;
import io.plantops.operator.plant.PlantReconciler;
import io.plantops.operator.promotion.PromotionEngine;
import io.plantops.operator.sitedeployment.SiteDeploymentReconciler;
import io.plantops.operator.tagmapping.TagMappingReconciler;
import io.plantops.operator.template.TemplateValidity;
import io.plantops.operator.template.UseCaseTemplateReconciler;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator itself, without Spring: the JOSDK {@link Operator} with the four reconcilers, the
 * workload status poller and the event recorder, configured from {@link OperatorProperties}. The
 * Spring application creates one; the tests and the benchmark create them directly (two of them for
 * leader election), so the code path is the same.
 *
 * <p>Server-side apply is off, for the primary resources' status and for the dependents: the
 * Fabric8 mock API server the tests and the sandbox run on answers it with 415, and the path this
 * operator ships is the path its tests exercise. Status is patched with a JSON patch computed from
 * the status the operator last read; dependents are created with POST and updated with PUT
 * (optimistic locking on resourceVersion). On a real cluster SSA would add field ownership and
 * conflict detection against other writers; see docs/operator.md.
 */
public final class PlantopsOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PlantopsOperator.class);

  private final Operator operator;
  private final StatusPoller poller;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final String identity;
  private final AtomicBoolean leader = new AtomicBoolean(false);
  private final AtomicBoolean stopping = new AtomicBoolean(false);
  private final AtomicReference<String> informerFailure = new AtomicReference<>();

  private PlantopsOperator(
      KubernetesClient client,
      OperatorProperties properties,
      MeterRegistry registry,
      Clock clock,
      PromotionEngine engine) {
    this.identity = identity(properties);
    this.metrics = new OperatorMetrics(registry, clock);
    OperatorProperties.StatusPolling polling = properties.statusPolling();
    this.poller =
        new StatusPoller(
            polling.enabled(),
            polling.interval(),
            polling.timeout(),
            hostAliases(properties),
            metrics,
            clock);
    this.events = new EventRecorder(client, clock, metrics, identity);
    TemplateValidity validity = new TemplateValidity();
    LastKnownGood lastGood = new LastKnownGood(validity);
    Gauge.builder("plantops.operator.leader", leader, b -> b.get() ? 1 : 0)
        .description("1 while this replica holds the leader Lease (always 1 without election)")
        .tag("identity", identity)
        .register(registry);

    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                  .withConcurrentReconciliationThreads(properties.reconciliationThreads())
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .checkingCRDAndValidateLocalModel(false)
                  // a watch that fails (a dropped or garbled stream, a 5xx, a revoked permission)
                  // is retried with backoff and a re-list instead of stopping the informer; only
                  // an object that cannot be read stops it, see informerStopped
                  .withStopOnInformerErrorDuringStartup(false)
                  .withInformerStoppedHandler(
                      (informer, error) ->
                          informerStopped(
                              informer.getApiTypeClass().getSimpleName(),
                              error,
                              properties.exitOnInformerFailure()));
              leaderElection(properties.leaderElection())
                  .ifPresent(o::withLeaderElectionConfiguration);
            });
    if (!properties.leaderElection().enabled()) {
      leader.set(true);
    }

    Set<String> namespaces = new LinkedHashSet<>(properties.watchedNamespaces());
    Consumer<ControllerConfigurationOverrider<?>> common =
        c -> {
          c.withReconciliationMaxInterval(properties.resyncInterval());
        };
    operator.register(
        new PlantReconciler(properties, poller, events, metrics, clock, lastGood),
        c -> {
          common.accept(c);
          namespaces(c, namespaces);
        });
    operator.register(
        new TagMappingReconciler(events, metrics, clock, lastGood),
        c -> {
          common.accept(c);
          namespaces(c, namespaces);
        });
    operator.register(
        new SiteDeploymentReconciler(engine, poller, events, metrics, clock, lastGood),
        c -> {
          common.accept(c);
          namespaces(c, namespaces);
        });
    operator.register(
        new UseCaseTemplateReconciler(
            validity,
            events,
            metrics,
            clock,
            properties.fleetMaxEntries(),
            namespaces,
            properties.resyncInterval()),
        c -> common.accept(c));
  }

  /** Creates an operator; call {@link #start()} to run it. */
  public static PlantopsOperator create(
      KubernetesClient client,
      OperatorProperties properties,
      MeterRegistry registry,
      Clock clock,
      PromotionEngine engine) {
    return new PlantopsOperator(client, properties, registry, clock, engine);
  }

  /** Starts the informers and, once leader (at once without election), reconciliation. */
  public void start() {
    operator.start();
    LOG.info("plantops operator {} started", identity);
  }

  /** Stops reconciling and polling; queued events are still sent. */
  @Override
  public void close() {
    stopping.set(true);
    operator.stop();
    poller.close();
    events.close();
    metrics.close();
    leader.set(false);
  }

  /** Whether the operator started, every informer is watching and none has stopped. */
  public boolean healthy() {
    RuntimeInfo info = operator.getRuntimeInfo();
    return informerFailure.get() == null && info.isStarted() && info.allEventSourcesAreHealthy();
  }

  /**
   * Why an informer stopped for good, empty while none has: the operator no longer sees changes to
   * that kind.
   */
  public Optional<String> informerFailure() {
    return Optional.ofNullable(informerFailure.get());
  }

  /**
   * An informer stopped. JOSDK's own handler calls System.exit at once, from the informer's thread;
   * this one says which kind and why, makes the operator unhealthy, and exits (when configured to)
   * from a new thread, as the leader-loss path does.
   */
  private void informerStopped(String kind, Throwable error, boolean exit) {
    if (error == null || stopping.get()) {
      LOG.debug("informer for {} stopped", kind);
      return;
    }
    String why =
        "the "
            + kind
            + " informer stopped on an error it does not retry ("
            + error
            + "): the operator no longer sees changes to "
            + kind
            + " objects";
    informerFailure.compareAndSet(null, why);
    if (exit) {
      LOG.error("{}; exiting so that it restarts with a fresh cache", why, error);
      new Thread(() -> System.exit(1), "plantops-informer-stopped").start();
    } else {
      LOG.error("{}; configured not to exit, the operator reports itself unhealthy", why, error);
    }
  }

  /** The framework's runtime information (controllers, event source health). */
  public RuntimeInfo runtimeInfo() {
    return operator.getRuntimeInfo();
  }

  /** Whether this replica reconciles: it holds the Lease, or election is off. */
  public boolean leader() {
    return leader.get();
  }

  /** This replica's identity in the Lease and in events. */
  public String identity() {
    return identity;
  }

  /** The operator's metrics. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  private Optional<LeaderElectionConfiguration> leaderElection(
      OperatorProperties.LeaderElection config) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> {
              leader.set(true);
              LOG.info("{} holds Lease {}: reconciling", identity, config.leaseName());
            },
            () -> {
              leader.set(false);
              if (stopping.get()) {
                return;
              }
              if (config.exitOnLoss()) {
                // another replica may lead now: stop at once so that two never reconcile together;
                // exit from a new thread, as the callback runs on the elector's thread
                LOG.error(
                    "{} lost Lease {}: exiting to restart as a follower",
                    identity,
                    config.leaseName());
                new Thread(() -> System.exit(1), "plantops-leader-lost").start();
              } else {
                LOG.error(
                    "{} lost Lease {} and is configured not to exit", identity, config.leaseName());
              }
            },
            newLeader -> LOG.info("Lease {} is held by {}", config.leaseName(), newLeader));
    // exitOnStopLeading is false: JOSDK's own System.exit would also run on an orderly shutdown,
    // where exiting from inside a shutdown hook blocks forever
    return Optional.of(
        new LeaderElectionConfiguration(
            config.leaseName(),
            config.namespace().orElse(null),
            config.leaseDuration(),
            config.renewDeadline(),
            config.retryPeriod(),
            identity,
            callbacks,
            false));
  }

  private static void namespaces(ControllerConfigurationOverrider<?> c, Set<String> namespaces) {
    if (namespaces.isEmpty()) {
      c.watchingAllNamespaces();
    } else {
      c.settingNamespaces(namespaces);
    }
  }

  /** The configured aliases; without any, those of PLANTOPS_HOST_ALIASES (the sandbox's). */
  private static HostAliases hostAliases(OperatorProperties properties) {
    String configured = properties.hostAliases();
    return configured == null || configured.isBlank()
        ? HostAliases.fromEnvironment()
        : HostAliases.parse(configured);
  }

  private static String identity(OperatorProperties properties) {
    String configured = properties.leaderElection().identity();
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    String host = System.getenv("HOSTNAME");
    return host == null || host.isBlank() ? "plantops-operator-" + UUID.randomUUID() : host;
  }
}
