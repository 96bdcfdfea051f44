package io.plantops.images;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code podman run} arguments for a Deployment's container, as a kubelet would run it: its user,
 * read-only root filesystem, dropped capabilities, no privilege escalation, memory limit, env
 * (literal values and the pod's name), emptyDirs as anonymous volumes, and host directories for the
 * volumes a test provides. Pods share the host network here, so the test may override env.
 */
final class DeploymentRun {

  private DeploymentRun() {}

  /**
   * The arguments after {@code podman run}, up to and including the image.
   *
   * @param name container name
   * @param image image to run (the Deployment's, or the local tag of the same build)
   * @param hostVolumes host directory for each non-emptyDir volume name, mounted read-only
   * @param envOverrides values that replace or add to the Deployment's env
   */
  static List<String> args(
      Deployment d,
      String name,
      String image,
      Map<String, Path> hostVolumes,
      Map<String, String> envOverrides) {
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    List<String> args = new ArrayList<>(List.of("-d", "--name", name, "--network", "host"));
    long uid =
        Optional.ofNullable(c.getSecurityContext())
            .map(s -> s.getRunAsUser())
            .or(() -> Optional.ofNullable(pod.getSecurityContext()).map(s -> s.getRunAsUser()))
            .orElseThrow(() -> new IllegalArgumentException(name + ": no runAsUser"));
    args.addAll(List.of("--user", uid + ":" + uid));
    if (c.getSecurityContext() != null) {
      if (Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem())) {
        args.add("--read-only");
      }
      if (Boolean.FALSE.equals(c.getSecurityContext().getAllowPrivilegeEscalation())) {
        args.addAll(List.of("--security-opt", "no-new-privileges"));
      }
      if (c.getSecurityContext().getCapabilities() != null
          && c.getSecurityContext().getCapabilities().getDrop().contains("ALL")) {
        args.addAll(List.of("--cap-drop", "ALL"));
      }
    }
    Optional.ofNullable(c.getResources())
        .map(r -> r.getLimits())
        .map(l -> l.get("memory"))
        .map(Quantity::getAmountInBytes)
        .ifPresent(bytes -> args.addAll(List.of("--memory", bytes.toBigInteger().toString())));
    Map<String, String> env = new java.util.TreeMap<>();
    for (EnvVar v : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
      if (v.getValue() != null) {
        env.put(v.getName(), v.getValue());
      } else if (v.getValueFrom() != null
          && v.getValueFrom().getFieldRef() != null
          && "metadata.name".equals(v.getValueFrom().getFieldRef().getFieldPath())) {
        env.put(v.getName(), name);
      } else {
        throw new IllegalArgumentException(name + ": env " + v.getName() + " has no literal value");
      }
    }
    env.putAll(envOverrides);
    env.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
    for (VolumeMount m : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
      Volume v =
          pod.getVolumes().stream()
              .filter(x -> x.getName().equals(m.getName()))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException(m.getName() + " is not defined"));
      if (v.getEmptyDir() != null) {
        args.addAll(List.of("-v", m.getMountPath()));
      } else {
        Path host = hostVolumes.get(m.getName());
        if (host == null) {
          throw new IllegalArgumentException(
              name + ": no host directory for volume " + m.getName());
        }
        args.addAll(List.of("-v", host + ":" + m.getMountPath() + ":ro"));
      }
    }
    args.add(image);
    return args;
  }
}
