package io.plantops.sandbox.runtime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.plantops.contract.rules.Backoff;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small stand-in for the kubelet and the Deployment controller: runs each Deployment whose image
 * the {@link ImageCatalog} knows as a local process, and reports Deployment and Pod status back to
 * the API server. It watches Deployments, Services, ConfigMaps and Secrets and brings the local
 * pods to them on one thread, once a second and after every change; the work is done by:
 *
 * <ul>
 *   <li>{@link PodPlan} and {@link Volumes}: the command, environment and projected volumes of a
 *       Deployment's pod; {@link ProjectedFiles} keeps the volume files current in place, so that
 *       workloads hot-reload as on a cluster;
 *   <li>{@link LocalNetwork}: a local port per pod and the host aliases that stand in for Services
 *       and DNS;
 *   <li>{@link ProcessSupervisor}: starts the process, restarts it after a crash with back-off
 *       (CrashLoopBackOff) and probes its readiness; a changed pod template restarts it, like a
 *       rollout;
 *   <li>{@link StatusReporter} and {@link WorkloadStatus}: Deployment and Pod status.
 * </ul>
 *
 * <p>One replica per Deployment (the per-plant workloads run one); a larger replica count runs one
 * process and says so in the log.
 */
public final class LocalRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

  private final KubernetesClient client;
  private final ImageCatalog catalog;
  private final Path workDir;
  private final Clock clock;
  private final LocalNetwork network;
  private final StatusReporter reporter;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "local-runtime");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, LocalPod> pods = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final AtomicBoolean syncQueued = new AtomicBoolean();
  private volatile LongConsumer onProcessStart = pid -> {};
  private volatile Optional<ContainerLauncher> containers = Optional.empty();
  private SharedIndexInformer<Deployment> deployments;
  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<ConfigMap> configMaps;
  private SharedIndexInformer<Secret> secrets;

  /** A snapshot of one local pod, for the sandbox's table and the tests. */
  public record PodView(
      String namespace,
      String deployment,
      String podName,
      long pid,
      int port,
      boolean ready,
      int restarts,
      ContainerState state,
      Optional<ProcessReport.Exit> lastExit,
      Path mountRoot,
      Path log) {}

  public LocalRuntime(
      KubernetesClient client,
      ImageCatalog catalog,
      Path workDir,
      Map<String, String> staticAliases,
      Clock clock) {
    this.client = client;
    this.catalog = catalog;
    this.workDir = workDir.toAbsolutePath();
    this.clock = clock;
    this.network = new LocalNetwork(this.workDir.resolve("host-aliases"), staticAliases);
    this.reporter = new StatusReporter(client, clock);
  }

  /** Called with the pid of every process the runtime starts (the sandbox records them). */
  public LocalRuntime onProcessStart(LongConsumer listener) {
    this.onProcessStart = listener;
    return this;
  }

  /**
   * Runs the pods as podman containers of the Deployments' own images instead of local processes
   * ({@code ./sandbox --containers}); call before {@link #start()}.
   */
  public LocalRuntime inContainers(ContainerLauncher launcher) {
    this.containers = Optional.of(launcher);
    return this;
  }

  /** Starts watching and running. */
  public LocalRuntime start() {
    deployments = watch(client.apps().deployments().inAnyNamespace().inform());
    services = watch(client.services().inAnyNamespace().inform());
    configMaps = watch(client.configMaps().inAnyNamespace().inform());
    secrets = watch(client.secrets().inAnyNamespace().inform());
    loop.scheduleWithFixedDelay(this::safeSync, 0, 1, TimeUnit.SECONDS);
    return this;
  }

  private <T> SharedIndexInformer<T> watch(SharedIndexInformer<T> informer) {
    informers.add(informer);
    informer.addEventHandler(
        new ResourceEventHandler<T>() {
          @Override
          public void onAdd(T obj) {
            requestSync();
          }

          @Override
          public void onUpdate(T oldObj, T newObj) {
            requestSync();
          }

          @Override
          public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            requestSync();
          }
        });
    return informer;
  }

  private void requestSync() {
    if (syncQueued.compareAndSet(false, true)) {
      loop.execute(this::safeSync);
    }
  }

  private void safeSync() {
    syncQueued.set(false);
    try {
      sync();
    } catch (RuntimeException e) {
      LOG.warn("local runtime sync failed; retrying in a second", e);
    }
  }

  /** Current local pods. */
  public List<PodView> pods() {
    return pods.values().stream()
        .map(LocalPod::view)
        .sorted(Comparator.comparing(PodView::podName))
        .toList();
  }

  /** The local pod of a Deployment, if it runs. */
  public Optional<PodView> pod(String namespace, String deployment) {
    return Optional.ofNullable(pods.get(namespace + "/" + deployment)).map(LocalPod::view);
  }

  /**
   * Kills a Deployment's process abruptly (SIGKILL), as a node failure would; the runtime restarts
   * it with back-off.
   */
  public void kill(String namespace, String deployment) {
    Optional.ofNullable(pods.get(namespace + "/" + deployment))
        .ifPresent(
            pod -> {
              containers.ifPresent(c -> c.kill(pod.plan));
              pod.supervisor.kill();
            });
  }

  /** The alias file every process reads ({@code PLANTOPS_HOST_ALIASES_FILE}). */
  public Path aliasFile() {
    return network.aliasFile();
  }

  /** The current aliases: static ones and one per Service port backed by a local pod. */
  public Map<String, String> aliases() {
    return network.aliases(services.getStore().list(), deployments.getStore().list());
  }

  // --- the sync loop ---------------------------------------------------------------------------

  private synchronized void sync() {
    try {
      network.writeAliasFile(aliases());
    } catch (IOException e) {
      LOG.warn("cannot write {}: {}", network.aliasFile(), e.getMessage());
    }
    Map<String, Deployment> wanted = new LinkedHashMap<>();
    for (Deployment d : deployments.getStore().list()) {
      if (runsLocally(d)) {
        wanted.put(key(d), d);
      }
    }
    for (String k : List.copyOf(pods.keySet())) {
      if (!wanted.containsKey(k)) {
        stop(pods.remove(k));
        LOG.info("{}: stopped (Deployment gone or scaled to zero)", k);
      }
    }
    wanted.forEach(this::sync);
  }

  private boolean runsLocally(Deployment d) {
    String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    Integer replicas = d.getSpec().getReplicas();
    if (d.getMetadata().getDeletionTimestamp() != null
        || (replicas != null && replicas == 0)
        || (containers.isEmpty() && catalog.commandFor(image).isEmpty())) {
      return false;
    }
    if (replicas != null && replicas > 1) {
      LOG.info("{}: {} replicas requested, the sandbox runs one", key(d), replicas);
    }
    return true;
  }

  private void sync(String key, Deployment d) {
    PodPlan plan;
    try {
      plan = plan(d);
    } catch (Volumes.MissingSource missing) {
      if (!pods.containsKey(key)) {
        reporter.deployment(d, WorkloadStatus.Observed.blocked(missing.getMessage()));
      }
      return;
    }
    LocalPod pod = pods.get(key);
    if (pod != null && !pod.plan.fingerprint().equals(plan.fingerprint())) {
      LOG.info("{}: pod template or environment changed; restarting", key);
      // the old pod stays visible until its successor replaces it, as during a rollout
      stop(pod);
      pod = null;
    }
    if (pod == null) {
      pod = new LocalPod(plan, new ProcessSupervisor(plan.process(), clock, Backoff.standard()));
      pods.put(key, pod);
    }
    pod.files.write(plan.volumes());
    pod.supervisor.ensureRunning().ifPresent(onProcessStart);
    pod.supervisor.probe();
    reportPod(d, pod);
    reporter.deployment(d, WorkloadStatus.Observed.pod(pod.supervisor.ready()));
  }

  private PodPlan plan(Deployment d) throws Volumes.MissingSource {
    String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    PodPlan plan =
        PodPlan.of(
            d,
            containers.isPresent() ? List.of() : catalog.commandFor(image).orElseThrow(),
            workDir,
            network.portFor(key(d)),
            network.aliasFile(),
            new Volumes.Sources() {
              @Override
              public Optional<ConfigMap> configMap(String namespace, String name) {
                return find(configMaps, namespace, name);
              }

              @Override
              public Optional<Secret> secret(String namespace, String name) {
                return find(secrets, namespace, name);
              }
            });
    return containers.map(c -> c.containerised(d, plan, network.aliasFile())).orElse(plan);
  }

  private void reportPod(Deployment d, LocalPod pod) {
    if (!pod.objectCreated) {
      pod.objectCreated = reporter.createPod(d, pod.plan);
      if (!pod.objectCreated) {
        return;
      }
    }
    ProcessSupervisor s = pod.supervisor;
    String container = d.getSpec().getTemplate().getSpec().getContainers().get(0).getName();
    PodStatus desired =
        WorkloadStatus.pod(container, s.state(), s.startedAt(), s.ready(), s.restarts());
    if (WorkloadStatus.changed(pod.reported, desired) && reporter.podStatus(pod.plan, desired)) {
      pod.reported = desired;
    }
  }

  private void stop(LocalPod pod) {
    pod.supervisor.stop();
    containers.ifPresent(c -> c.remove(pod.plan));
    reporter.podGone(pod.plan);
  }

  private static <T extends HasMetadata> Optional<T> find(
      SharedIndexInformer<T> informer, String namespace, String name) {
    return Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
  }

  private static String key(Deployment d) {
    return d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
  }

  @Override
  public void close() {
    loop.shutdownNow();
    informers.forEach(SharedIndexInformer::close);
    pods.values()
        .forEach(
            pod -> {
              pod.supervisor.stop();
              containers.ifPresent(c -> c.remove(pod.plan));
            });
    pods.clear();
  }

  /** One local pod: its plan, its process, its files and what was last reported of it. */
  private static final class LocalPod {
    final PodPlan plan;
    final ProcessSupervisor supervisor;
    final ProjectedFiles files;
    boolean objectCreated;
    PodStatus reported;

    LocalPod(PodPlan plan, ProcessSupervisor supervisor) {
      this.plan = plan;
      this.supervisor = supervisor;
      this.files = new ProjectedFiles(plan.podName());
    }

    PodView view() {
      ProcessReport report = supervisor.report();
      return new PodView(
          plan.namespace(),
          plan.deployment(),
          plan.podName(),
          report.pid().orElse(-1),
          plan.port(),
          report.running() && supervisor.ready(),
          report.restarts(),
          report.state(),
          report.lastExit(),
          plan.root(),
          plan.log());
    }
  }
}
