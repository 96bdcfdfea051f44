package io.plantops.sandbox.runtime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.plantops.contract.HostAliases;
import io.plantops.contract.MountPaths;
import io.plantops.contract.Ports;
import io.plantops.contract.rules.Digests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything needed to run a Deployment's pod as a local process: its command (from the {@link
 * ImageCatalog}), its environment, its projected volumes, where it lives and logs, its port and
 * readiness probe. The {@link #fingerprint()} covers what a restart must follow (command,
 * environment, pod template), not the volume contents, which are rewritten in place.
 *
 * @param namespace namespace
 * @param deployment Deployment name
 * @param podName pod name: the Deployment's name and a hash of its pod template, as a ReplicaSet's
 * @param command command line
 * @param env environment
 * @param volumes projected volumes
 * @param root the pod's mount root ({@code PLANTOPS_MOUNT_ROOT}) and working directory
 * @param log log file
 * @param port local port of the first container port ({@code PLANTOPS_HTTP_PORT})
 * @param readinessPath path of the HTTP readiness probe, if the container has one
 * @param fingerprint digest of what a restart follows
 */
record PodPlan(
    String namespace,
    String deployment,
    String podName,
    List<String> command,
    Map<String, String> env,
    Volumes.Projection volumes,
    Path root,
    Path log,
    int port,
    Optional<String> readinessPath,
    String fingerprint) {

  /** {@code namespace/deployment}. */
  String key() {
    return namespace + "/" + deployment;
  }

  /** The process to run: in the pod's root, logging to its log, probed on its port. */
  ProcessSpec process() {
    return new ProcessSpec(key(), command, env, root, log, port, readinessPath);
  }

  /**
   * Plans the pod of {@code d}.
   *
   * @param command the image's command from the catalog
   * @param workDir the runtime's work directory (pods/ and logs/ live under it)
   * @param port the local port allocated to the Deployment
   * @param aliasFile the host alias file every process reads
   * @throws Volumes.MissingSource when a mounted volume's source is absent
   */
  static PodPlan of(
      Deployment d,
      List<String> command,
      Path workDir,
      int port,
      Path aliasFile,
      Volumes.Sources sources)
      throws Volumes.MissingSource {
    String ns = d.getMetadata().getNamespace();
    String name = d.getMetadata().getName();
    String owner = ns + "/" + name;
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> argv = new ArrayList<>(command);
    Optional.ofNullable(c.getArgs()).ifPresent(argv::addAll);
    Path root = workDir.resolve("pods").resolve(ns).resolve(name);
    Map<String, String> env = new TreeMap<>();
    for (EnvVar v : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
      env.put(v.getName(), resolve(ns, name, v, sources));
    }
    env.put(MountPaths.MOUNT_ROOT_ENV, root.toString());
    env.put(Ports.HTTP_PORT_ENV, Integer.toString(port));
    env.put(HostAliases.FILE_ENV, aliasFile.toString());
    memoryLimit(c).ifPresent(bytes -> env.put("JAVA_TOOL_OPTIONS", "-XX:MaxRAM=" + bytes));
    Volumes.Projection volumes =
        Volumes.project(ns, owner, root, d.getSpec().getTemplate().getSpec(), c, sources);
    Optional<String> readiness =
        Optional.ofNullable(c.getReadinessProbe()).map(p -> p.getHttpGet()).map(h -> h.getPath());
    String template = Serialization.asJson(d.getSpec().getTemplate());
    String podName = name + "-" + Digests.shortSha256Hex(template, 5);
    Path log = workDir.resolve("logs").resolve(ns).resolve(name + ".log");
    String fingerprint = Digests.sha256Hex(argv + "|" + env + "|" + template);
    return new PodPlan(
        ns, name, podName, argv, env, volumes, root, log, port, readiness, fingerprint);
  }

  /** A container's memory limit in bytes: the JVM of a local process sizes its heap from it. */
  static Optional<Long> memoryLimit(Container c) {
    if (c.getResources() == null || c.getResources().getLimits() == null) {
      return Optional.empty();
    }
    Quantity q = c.getResources().getLimits().get("memory");
    return q == null ? Optional.empty() : Optional.of(Quantity.getAmountInBytes(q).longValue());
  }

  /** An environment variable's value: literal, from the downward API, a ConfigMap or a Secret. */
  static String resolve(String ns, String pod, EnvVar v, Volumes.Sources sources) {
    if (v.getValue() != null) {
      return v.getValue();
    }
    EnvVarSource from = v.getValueFrom();
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
      return sources
          .configMap(ns, from.getConfigMapKeyRef().getName())
          .map(ConfigMap::getData)
          .map(data -> data.get(from.getConfigMapKeyRef().getKey()))
          .orElse("");
    }
    if (from.getSecretKeyRef() != null) {
      return sources
          .secret(ns, from.getSecretKeyRef().getName())
          .map(Secret::getData)
          .map(data -> data.get(from.getSecretKeyRef().getKey()))
          .map(b64 -> new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8))
          .orElse("");
    }
    return "";
  }
}
