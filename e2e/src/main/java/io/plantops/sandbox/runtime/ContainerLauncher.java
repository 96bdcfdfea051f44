package io.plantops.sandbox.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.plantops.contract.HostAliases;
import io.plantops.contract.MountPaths;
import io.plantops.images.Podman;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a local pod as a podman container of the Deployment's own image instead of a local JVM
 * ({@code ./sandbox --containers}): the same mounts (the pod's projected volumes, read-only where
 * the Deployment says so), env, user, read-only root filesystem, dropped capabilities and memory
 * limit as on a cluster. Pods share the host network, as the local runtime's processes do, so the
 * port and the host alias file stay the runtime's.
 */
public final class ContainerLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerLauncher.class);

  /** The user a container runs as when its Deployment names none (the images' own user). */
  public static final long DEFAULT_UID = 65532;

  /** Where the host alias file is mounted in every container. */
  static final String ALIASES_DIR = "/etc/plantops/sandbox";

  private final Podman podman;

  public ContainerLauncher(Podman podman) {
    this.podman = podman;
  }

  /** The container name of a pod. */
  static String containerName(PodPlan plan) {
    return ("plantops-sandbox-" + plan.namespace() + "-" + plan.deployment())
        .replaceAll("[^a-zA-Z0-9_.-]", "-");
  }

  /**
   * The plan of {@code plan}'s pod run as a container: its command is {@code podman run} in the
   * foreground (SIGTERM to it reaches the container), its fingerprint the process plan's.
   */
  PodPlan containerised(Deployment d, PodPlan plan, Path aliasFile) {
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    long uid = runAsUser(pod, c);
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--rm",
                "--replace",
                "--pull=never",
                "--name",
                containerName(plan),
                "--network",
                "host",
                "--user",
                uid + ":" + uid));
    SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElse(new SecurityContext());
    if (Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
      args.add("--read-only");
    }
    if (Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
      args.addAll(List.of("--security-opt", "no-new-privileges"));
    }
    if (sc.getCapabilities() != null && sc.getCapabilities().getDrop().contains("ALL")) {
      args.addAll(List.of("--cap-drop", "ALL"));
    }
    PodPlan.memoryLimit(c).ifPresent(bytes -> args.addAll(List.of("--memory", bytes.toString())));
    Map<String, String> env = new TreeMap<>(plan.env());
    // inside the container every path is the container path itself, and the heap follows the
    // container's memory limit (cgroup), not -XX:MaxRAM
    env.remove(MountPaths.MOUNT_ROOT_ENV);
    env.remove("JAVA_TOOL_OPTIONS");
    env.put(HostAliases.FILE_ENV, ALIASES_DIR + "/" + aliasFile.getFileName());
    env.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
    args.addAll(List.of("-v", aliasFile.getParent() + ":" + ALIASES_DIR + ":ro"));
    Set<Path> emptyDirs = Set.copyOf(plan.volumes().emptyDirs());
    for (VolumeMount m : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
      Path host = MountPaths.resolve(plan.root().toString(), m.getMountPath());
      createOwned(host, emptyDirs.contains(host) ? uid : -1);
      args.addAll(
          List.of(
              "-v",
              host + ":" + m.getMountPath() + (Boolean.TRUE.equals(m.getReadOnly()) ? ":ro" : "")));
    }
    args.add(c.getImage());
    Optional.ofNullable(c.getArgs()).ifPresent(args::addAll);
    return new PodPlan(
        plan.namespace(),
        plan.deployment(),
        plan.podName(),
        podman.command(args),
        Map.of(),
        plan.volumes(),
        plan.root(),
        plan.log(),
        plan.port(),
        plan.readinessPath(),
        plan.fingerprint());
  }

  /** Kills a pod's container at once (SIGKILL), as a node failure would. */
  void kill(PodPlan plan) {
    try {
      podman.run(Duration.ofSeconds(30), "kill", containerName(plan));
    } catch (IOException e) {
      LOG.warn("{}: cannot kill container {}: {}", plan.key(), containerName(plan), e.getMessage());
    }
  }

  /** Removes a pod's container if it is still there (after its podman client was stopped). */
  void remove(PodPlan plan) {
    try {
      podman.run(Duration.ofSeconds(60), "rm", "-f", "-t", "10", containerName(plan));
    } catch (IOException e) {
      LOG.warn(
          "{}: cannot remove container {}: {}", plan.key(), containerName(plan), e.getMessage());
    }
  }

  private static long runAsUser(PodSpec pod, Container c) {
    return Optional.ofNullable(c.getSecurityContext())
        .map(SecurityContext::getRunAsUser)
        .or(() -> Optional.ofNullable(pod.getSecurityContext()).map(s -> s.getRunAsUser()))
        .orElse(DEFAULT_UID);
  }

  /** Gives {@code dir} and everything in it to {@code uid} (a container's user writes there). */
  public static void ownedBy(Path dir, long uid) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.toList()) {
        Files.setAttribute(p, "unix:uid", (int) uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", (int) uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      }
    }
  }

  /** Creates a mounted directory; an emptyDir belongs to the pod's user, as fsGroup makes it. */
  private static void createOwned(Path dir, long uid) {
    try {
      Files.createDirectories(dir);
      if (uid >= 0) {
        Files.setAttribute(dir, "unix:uid", (int) uid);
        Files.setAttribute(dir, "unix:gid", (int) uid);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot prepare " + dir, e);
    }
  }
}
