package io.plantops.sandbox.runtime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.plantops.contract.HostAliases;
import io.plantops.contract.MountPaths;
import io.plantops.contract.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small stand-in for the kubelet and the Deployment controller: runs each Deployment whose image
 * the {@link ImageCatalog} knows as a local process, and reports Deployment and Pod status back to
 * the API server.
 *
 * <ul>
 *   <li>Volumes: ConfigMap, Secret and emptyDir volumes are materialised under a per-pod root
 *       directory, passed as {@code PLANTOPS_MOUNT_ROOT}; a changed ConfigMap or Secret is
 *       rewritten in place, atomically per file, so workloads hot-reload as on a cluster.
 *   <li>Network: the first container port gets a free local port ({@code PLANTOPS_HTTP_PORT});
 *       every Service, and the static aliases (simulated plants, model store), are written to one
 *       alias file that every process reads through {@code PLANTOPS_HOST_ALIASES_FILE} and re-reads
 *       when it changes (see {@link #aliasFile()}), the sandbox's stand-in for DNS.
 *   <li>Lifecycle: a changed pod template restarts the process, like a rollout; a crashed process
 *       restarts with exponential back-off, like CrashLoopBackOff; readiness comes from the
 *       container's HTTP readiness probe.
 * </ul>
 *
 * <p>One replica per Deployment (the per-plant workloads run one); a larger replica count runs one
 * process and says so in the log.
 */
public final class LocalRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final ImageCatalog catalog;
  private final Path workDir;
  private final Map<String, String> staticAliases;
  private final Clock clock;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "local-runtime");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, LocalPod> pods = new ConcurrentHashMap<>();
  private final Map<String, Integer> ports = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final AtomicBoolean syncQueued = new AtomicBoolean();
  private volatile java.util.function.LongConsumer onProcessStart = pid -> {};
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
      String state,
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
    this.staticAliases = Map.copyOf(staticAliases);
    this.clock = clock;
  }

  /** Called with the pid of every process the runtime starts (the sandbox records them). */
  public LocalRuntime onProcessStart(java.util.function.LongConsumer listener) {
    this.onProcessStart = listener;
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
        .sorted((a, b) -> a.podName().compareTo(b.podName()))
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
    LocalPod pod = pods.get(namespace + "/" + deployment);
    if (pod != null) {
      pod.kill();
    }
  }

  /** The alias file every process reads ({@code PLANTOPS_HOST_ALIASES_FILE}). */
  public Path aliasFile() {
    return workDir.resolve("host-aliases");
  }

  /** The current aliases: static ones and one per Service port backed by a local pod. */
  public Map<String, String> aliases() {
    Map<String, String> aliases = new TreeMap<>(staticAliases);
    for (Service s : services.getStore().list()) {
      String namespace = s.getMetadata().getNamespace();
      if (s.getSpec().getSelector() == null) {
        continue;
      }
      for (Deployment d : deployments.getStore().list()) {
        if (!namespace.equals(d.getMetadata().getNamespace()) || !selects(s, d)) {
          continue;
        }
        for (ServicePort sp : s.getSpec().getPorts()) {
          Integer local =
              localPortFor(
                  d,
                  sp.getTargetPort() == null ? new IntOrString(sp.getPort()) : sp.getTargetPort());
          if (local == null) {
            continue;
          }
          String name = s.getMetadata().getName() + "." + namespace;
          for (String host : List.of(name, name + ".svc", name + ".svc.cluster.local")) {
            aliases.put(host + ":" + sp.getPort(), "127.0.0.1:" + local);
          }
        }
      }
    }
    return aliases;
  }

  private static boolean selects(Service s, Deployment d) {
    Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
    return labels != null && labels.entrySet().containsAll(s.getSpec().getSelector().entrySet());
  }

  private Integer localPortFor(Deployment d, IntOrString target) {
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<ContainerPort> declared = Optional.ofNullable(c.getPorts()).orElse(List.of());
    if (declared.isEmpty()) {
      return null;
    }
    ContainerPort first = declared.get(0);
    boolean matches =
        target.getIntVal() != null
            ? Objects.equals(target.getIntVal(), first.getContainerPort())
            : Objects.equals(target.getStrVal(), first.getName());
    return matches ? allocatePort(key(d)) : null;
  }

  private int allocatePort(String key) {
    return ports.computeIfAbsent(
        key,
        k -> {
          try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for " + k, e);
          }
        });
  }

  private static String key(Deployment d) {
    return d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
  }

  // --- the sync loop ---------------------------------------------------------------------------

  private synchronized void sync() {
    writeAliasFile();
    Map<String, Deployment> wanted = new LinkedHashMap<>();
    for (Deployment d : deployments.getStore().list()) {
      Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      Integer replicas = d.getSpec().getReplicas();
      if (d.getMetadata().getDeletionTimestamp() == null
          && (replicas == null || replicas > 0)
          && catalog.commandFor(c.getImage()).isPresent()) {
        wanted.put(key(d), d);
        if (replicas != null && replicas > 1) {
          LOG.info("{}: {} replicas requested, the sandbox runs one", key(d), replicas);
        }
      }
    }
    for (String k : List.copyOf(pods.keySet())) {
      if (!wanted.containsKey(k)) {
        LocalPod pod = pods.remove(k);
        pod.stop();
        deletePodObject(pod);
        LOG.info("{}: stopped (Deployment gone or scaled to zero)", k);
      }
    }
    for (Map.Entry<String, Deployment> e : wanted.entrySet()) {
      Deployment d = e.getValue();
      PodPlan plan;
      try {
        plan = plan(d);
      } catch (MissingVolumeSource missing) {
        LocalPod pod = pods.get(e.getKey());
        if (pod == null) {
          reportDeployment(d, null, missing.getMessage());
        }
        continue;
      }
      LocalPod pod = pods.get(e.getKey());
      if (pod != null && !pod.plan.fingerprint().equals(plan.fingerprint())) {
        LOG.info("{}: pod template, volumes or aliases changed; restarting", e.getKey());
        pod.stop();
        deletePodObject(pod);
        pods.remove(e.getKey());
        pod = null;
      }
      if (pod == null) {
        pod = new LocalPod(plan, clock);
        pods.put(e.getKey(), pod);
      }
      pod.refreshFiles(plan);
      long before = pod.process == null ? -1 : pod.process.pid();
      pod.ensureRunning();
      if (pod.process != null && pod.process.pid() != before) {
        onProcessStart.accept(pod.process.pid());
      }
      pod.probe();
      reportPod(d, pod);
      reportDeployment(d, pod, null);
    }
  }

  /** Everything needed to run a Deployment's pod, and a fingerprint of it. */
  record PodPlan(
      String namespace,
      String deployment,
      String podName,
      List<String> command,
      Map<String, String> env,
      Map<Path, byte[]> files,
      List<Path> emptyDirs,
      Path root,
      Path log,
      int port,
      String readinessPath,
      String fingerprint) {}

  static final class MissingVolumeSource extends Exception {
    private static final long serialVersionUID = 1L;

    MissingVolumeSource(String message) {
      super(message);
    }
  }

  private PodPlan plan(Deployment d) throws MissingVolumeSource {
    String ns = d.getMetadata().getNamespace();
    String name = d.getMetadata().getName();
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> command = new ArrayList<>(catalog.commandFor(c.getImage()).orElseThrow());
    Optional.ofNullable(c.getArgs()).ifPresent(command::addAll);
    Path root = workDir.resolve("pods").resolve(ns).resolve(name);
    int port = allocatePort(key(d));
    Map<String, String> env = new TreeMap<>();
    for (EnvVar v : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
      env.put(v.getName(), resolveEnv(ns, name, v));
    }
    env.put(MountPaths.MOUNT_ROOT_ENV, root.toString());
    env.put(Ports.HTTP_PORT_ENV, Integer.toString(port));
    env.put(HostAliases.FILE_ENV, aliasFile().toString());
    memoryLimit(c).ifPresent(bytes -> env.put("JAVA_TOOL_OPTIONS", "-XX:MaxRAM=" + bytes));
    Map<Path, byte[]> files = new TreeMap<>();
    List<Path> emptyDirs = new ArrayList<>();
    Map<String, Volume> volumes = new LinkedHashMap<>();
    Optional.ofNullable(d.getSpec().getTemplate().getSpec().getVolumes())
        .orElse(List.of())
        .forEach(v -> volumes.put(v.getName(), v));
    for (VolumeMount m : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
      Volume v = volumes.get(m.getName());
      Path at = MountPaths.resolve(root.toString(), m.getMountPath());
      if (v == null) {
        throw new MissingVolumeSource("volume " + m.getName() + " is mounted but not defined");
      }
      if (v.getEmptyDir() != null) {
        emptyDirs.add(at);
      } else if (v.getConfigMap() != null) {
        ConfigMap cm = find(configMaps, ns, v.getConfigMap().getName());
        if (cm == null) {
          if (Boolean.TRUE.equals(v.getConfigMap().getOptional())) {
            continue;
          }
          throw new MissingVolumeSource(
              "configmap \"" + v.getConfigMap().getName() + "\" not found");
        }
        Map<String, byte[]> data = new TreeMap<>();
        Optional.ofNullable(cm.getData())
            .orElse(Map.of())
            .forEach((k, val) -> data.put(k, val.getBytes(StandardCharsets.UTF_8)));
        Optional.ofNullable(cm.getBinaryData())
            .orElse(Map.of())
            .forEach((k, val) -> data.put(k, Base64.getDecoder().decode(val)));
        project(files, at, data, v.getConfigMap().getItems());
      } else if (v.getSecret() != null) {
        Secret s = find(secrets, ns, v.getSecret().getSecretName());
        if (s == null) {
          if (Boolean.TRUE.equals(v.getSecret().getOptional())) {
            continue;
          }
          throw new MissingVolumeSource(
              "secret \"" + v.getSecret().getSecretName() + "\" not found");
        }
        Map<String, byte[]> data = new TreeMap<>();
        Optional.ofNullable(s.getData())
            .orElse(Map.of())
            .forEach((k, val) -> data.put(k, Base64.getDecoder().decode(val)));
        Optional.ofNullable(s.getStringData())
            .orElse(Map.of())
            .forEach((k, val) -> data.put(k, val.getBytes(StandardCharsets.UTF_8)));
        project(files, at, data, v.getSecret().getItems());
      } else {
        LOG.warn(
            "{}/{}: volume {} has a type the sandbox does not run; ignored", ns, name, m.getName());
      }
    }
    String readiness =
        c.getReadinessProbe() != null && c.getReadinessProbe().getHttpGet() != null
            ? c.getReadinessProbe().getHttpGet().getPath()
            : null;
    String podName =
        name + "-" + hash(Serialization.asJson(d.getSpec().getTemplate())).substring(0, 10);
    Path log = workDir.resolve("logs").resolve(ns).resolve(name + ".log");
    String fingerprint =
        hash(command + "|" + env + "|" + Serialization.asJson(d.getSpec().getTemplate()));
    return new PodPlan(
        ns, name, podName, command, env, files, emptyDirs, root, log, port, readiness, fingerprint);
  }

  private static Optional<Long> memoryLimit(Container c) {
    if (c.getResources() == null || c.getResources().getLimits() == null) {
      return Optional.empty();
    }
    Quantity q = c.getResources().getLimits().get("memory");
    return q == null ? Optional.empty() : Optional.of(Quantity.getAmountInBytes(q).longValue());
  }

  private static void project(
      Map<Path, byte[]> files, Path at, Map<String, byte[]> data, List<KeyToPath> items) {
    if (items == null || items.isEmpty()) {
      data.forEach((k, v) -> files.put(at.resolve(k), v));
    } else {
      for (KeyToPath item : items) {
        byte[] v = data.get(item.getKey());
        if (v != null) {
          files.put(at.resolve(item.getPath()), v);
        }
      }
    }
  }

  private String resolveEnv(String ns, String pod, EnvVar v) {
    if (v.getValue() != null) {
      return v.getValue();
    }
    var from = v.getValueFrom();
    if (from == null) {
      return "";
    }
    if (from.getFieldRef() != null) {
      return switch (from.getFieldRef().getFieldPath()) {
        case "metadata.namespace" -> ns;
        case "metadata.name" -> pod;
        case "status.podIP", "status.hostIP" -> "127.0.0.1";
        default -> "";
      };
    }
    if (from.getConfigMapKeyRef() != null) {
      ConfigMap cm = find(configMaps, ns, from.getConfigMapKeyRef().getName());
      return cm == null || cm.getData() == null
          ? ""
          : cm.getData().getOrDefault(from.getConfigMapKeyRef().getKey(), "");
    }
    if (from.getSecretKeyRef() != null) {
      Secret s = find(secrets, ns, from.getSecretKeyRef().getName());
      String b64 =
          s == null || s.getData() == null
              ? null
              : s.getData().get(from.getSecretKeyRef().getKey());
      return b64 == null ? "" : new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
    return "";
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T find(
      SharedIndexInformer<T> informer, String ns, String name) {
    return informer.getStore().getByKey(ns + "/" + name);
  }

  private static String hash(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String lastAliases = "";

  private void writeAliasFile() {
    StringBuilder b = new StringBuilder();
    aliases().forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    String content = b.toString();
    if (content.equals(lastAliases)) {
      return;
    }
    try {
      Files.createDirectories(workDir);
      Path tmp = workDir.resolve(".host-aliases.tmp");
      Files.writeString(tmp, content);
      Files.move(
          tmp, aliasFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      lastAliases = content;
    } catch (IOException e) {
      LOG.warn("cannot write {}: {}", aliasFile(), e.getMessage());
    }
  }

  // --- status ----------------------------------------------------------------------------------

  private void reportDeployment(Deployment d, LocalPod pod, String problem) {
    boolean ready = pod != null && pod.ready;
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", d.getMetadata().getGeneration());
    status.put("replicas", pod == null ? 0 : 1);
    status.put("updatedReplicas", pod == null ? 0 : 1);
    status.put("readyReplicas", ready ? 1 : 0);
    status.put("availableReplicas", ready ? 1 : 0);
    status.put("unavailableReplicas", ready ? 0 : 1);
    List<Map<String, Object>> conditions = new ArrayList<>();
    conditions.add(
        condition(
            d,
            "Available",
            ready ? "True" : "False",
            ready ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            ready
                ? "Deployment has minimum availability."
                : Optional.ofNullable(problem)
                    .orElse("Deployment does not have minimum availability.")));
    conditions.add(
        condition(
            d,
            "Progressing",
            problem == null ? "True" : "False",
            problem == null ? "NewReplicaSetAvailable" : "ProgressDeadlineExceeded",
            problem == null ? "The local runtime runs the pod." : problem));
    status.put("conditions", conditions);
    Map<String, Object> current =
        d.getStatus() == null
            ? Map.of()
            : Serialization.jsonMapper().convertValue(d.getStatus(), Map.class);
    if (sameStatus(current, status)) {
      return;
    }
    patchStatus(
        "apps/v1", "Deployment", d.getMetadata().getNamespace(), d.getMetadata().getName(), status);
  }

  private Map<String, Object> condition(
      Deployment d, String type, String status, String reason, String message) {
    String since = clock.instant().toString();
    if (d.getStatus() != null && d.getStatus().getConditions() != null) {
      for (var c : d.getStatus().getConditions()) {
        if (type.equals(c.getType())
            && status.equals(c.getStatus())
            && c.getLastTransitionTime() != null) {
          since = c.getLastTransitionTime();
        }
      }
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", status);
    c.put("reason", reason);
    c.put("message", message);
    c.put("lastTransitionTime", since);
    c.put("lastUpdateTime", since);
    return c;
  }

  @SuppressWarnings("unchecked")
  private static boolean sameStatus(Map<String, Object> current, Map<String, Object> wanted) {
    for (Map.Entry<String, Object> e : wanted.entrySet()) {
      Object have = current.get(e.getKey());
      if (e.getKey().equals("conditions")) {
        List<Map<String, Object>> haveList =
            have instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
        List<Map<String, Object>> wantList = (List<Map<String, Object>>) e.getValue();
        if (haveList.size() != wantList.size()) {
          return false;
        }
        for (int i = 0; i < wantList.size(); i++) {
          for (String k : List.of("type", "status", "reason", "message")) {
            if (!Objects.equals(
                String.valueOf(haveList.get(i).get(k)), String.valueOf(wantList.get(i).get(k)))) {
              return false;
            }
          }
        }
      } else if (!Objects.equals(String.valueOf(have), String.valueOf(e.getValue()))) {
        return false;
      }
    }
    return true;
  }

  private void patchStatus(
      String apiVersion, String kind, String ns, String name, Map<String, Object> status) {
    try {
      client
          .genericKubernetesResources(apiVersion, kind)
          .inNamespace(ns)
          .withName(name)
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(Map.of("status", status)));
    } catch (KubernetesClientException e) {
      LOG.debug(
          "{} {}/{}: status not written ({}); next sync retries", kind, ns, name, e.getMessage());
    }
  }

  private void reportPod(Deployment d, LocalPod pod) {
    Map<String, Object> status = pod.podStatus();
    if (!pod.podObjectCreated) {
      Pod object =
          new PodBuilder()
              .withNewMetadata()
              .withName(pod.plan.podName())
              .withNamespace(pod.plan.namespace())
              .withLabels(d.getSpec().getTemplate().getMetadata().getLabels())
              .withOwnerReferences(
                  new OwnerReferenceBuilder()
                      .withApiVersion("apps/v1")
                      .withKind("Deployment")
                      .withName(d.getMetadata().getName())
                      .withUid(d.getMetadata().getUid())
                      .withController(true)
                      .build())
              .endMetadata()
              .withSpec(d.getSpec().getTemplate().getSpec())
              .build();
      try {
        client.pods().inNamespace(pod.plan.namespace()).resource(object).createOr(r -> r.update());
        pod.podObjectCreated = true;
      } catch (KubernetesClientException e) {
        LOG.debug("pod {}: not created ({})", pod.plan.podName(), e.getMessage());
        return;
      }
    }
    if (!status.equals(pod.lastReportedStatus)) {
      patchStatus("v1", "Pod", pod.plan.namespace(), pod.plan.podName(), status);
      pod.lastReportedStatus = status;
    }
  }

  private void deletePodObject(LocalPod pod) {
    try {
      client.pods().inNamespace(pod.plan.namespace()).withName(pod.plan.podName()).delete();
    } catch (KubernetesClientException e) {
      LOG.debug("pod {}: not deleted ({})", pod.plan.podName(), e.getMessage());
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
    informers.forEach(SharedIndexInformer::close);
    pods.values().forEach(LocalPod::stop);
    pods.clear();
  }

  // --- one local pod ---------------------------------------------------------------------------

  private static final class LocalPod {
    final PodPlan plan;
    final Clock clock;
    Process process;
    boolean ready;
    int restarts;
    Instant nextStart = Instant.EPOCH;
    Instant startedAt;
    Duration backoff = Duration.ofSeconds(1);
    String state = "Pending";
    boolean podObjectCreated;
    Map<String, Object> lastReportedStatus;
    final Map<Path, String> written = new ConcurrentHashMap<>();

    LocalPod(PodPlan plan, Clock clock) {
      this.plan = plan;
      this.clock = clock;
    }

    void refreshFiles(PodPlan fresh) {
      try {
        for (Path dir : fresh.emptyDirs()) {
          Files.createDirectories(dir);
        }
        for (Map.Entry<Path, byte[]> f : fresh.files().entrySet()) {
          String digest = hash(new String(f.getValue(), StandardCharsets.ISO_8859_1));
          if (digest.equals(written.get(f.getKey()))) {
            continue;
          }
          Files.createDirectories(f.getKey().getParent());
          Path tmp = f.getKey().resolveSibling("." + f.getKey().getFileName() + ".tmp");
          Files.write(tmp, f.getValue());
          Files.move(
              tmp, f.getKey(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          written.put(f.getKey(), digest);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot materialise volumes of " + plan.podName(), e);
      }
    }

    void ensureRunning() {
      if (process != null && process.isAlive()) {
        return;
      }
      if (process != null) {
        int code = process.exitValue();
        LOG.warn(
            "{}/{}: process exited with {}; restart #{} in {}s (log: {})",
            plan.namespace(),
            plan.deployment(),
            code,
            restarts + 1,
            backoff.getSeconds(),
            plan.log());
        process = null;
        ready = false;
        restarts++;
        nextStart = clock.instant().plus(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
        state = "CrashLoopBackOff";
      }
      if (clock.instant().isBefore(nextStart)) {
        return;
      }
      try {
        Files.createDirectories(plan.log().getParent());
        ProcessBuilder pb = new ProcessBuilder(plan.command());
        pb.environment().putAll(plan.env());
        pb.directory(plan.root().toFile());
        Files.createDirectories(plan.root());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(plan.log().toFile()));
        process = pb.start();
        startedAt = clock.instant();
        state = "Running";
        LOG.info(
            "{}/{}: started pid {} on port {}",
            plan.namespace(),
            plan.deployment(),
            process.pid(),
            plan.port());
      } catch (IOException e) {
        state = "StartError";
        nextStart = clock.instant().plus(backoff);
        LOG.warn(
            "{}/{}: cannot start {}: {}",
            plan.namespace(),
            plan.deployment(),
            plan.command(),
            e.getMessage());
      }
    }

    void probe() {
      if (process == null || !process.isAlive()) {
        ready = false;
        return;
      }
      if (plan.readinessPath() == null) {
        ready = true;
        return;
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection)
                URI.create("http://127.0.0.1:" + plan.port() + plan.readinessPath())
                    .toURL()
                    .openConnection();
        c.setConnectTimeout(300);
        c.setReadTimeout(500);
        int code = c.getResponseCode();
        c.disconnect();
        boolean nowReady = code >= 200 && code < 400;
        if (nowReady) {
          backoff = Duration.ofSeconds(1);
        }
        ready = nowReady;
      } catch (IOException e) {
        ready = false;
      }
    }

    Map<String, Object> podStatus() {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("phase", process != null && process.isAlive() ? "Running" : "Pending");
      s.put("podIP", "127.0.0.1");
      s.put("hostIP", "127.0.0.1");
      s.put("conditions", List.of(Map.of("type", "Ready", "status", ready ? "True" : "False")));
      Map<String, Object> container = new LinkedHashMap<>();
      container.put("name", "main");
      container.put("ready", ready);
      container.put("restartCount", restarts);
      container.put(
          "state",
          "Running".equals(state) && startedAt != null
              ? Map.of("running", Map.of("startedAt", startedAt.toString()))
              : Map.of("waiting", Map.of("reason", state)));
      s.put("containerStatuses", List.of(container));
      return s;
    }

    void kill() {
      if (process != null) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }

    void stop() {
      if (process == null) {
        return;
      }
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }

    PodView view() {
      return new PodView(
          plan.namespace(),
          plan.deployment(),
          plan.podName(),
          process == null ? -1 : process.pid(),
          plan.port(),
          ready,
          restarts,
          state,
          plan.root(),
          plan.log());
    }
  }
}
