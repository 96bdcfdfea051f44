package io.plantops.sandbox.runtime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.plantops.contract.MountPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's volumes as the kubelet projects them, under the pod's mount root: each ConfigMap and
 * Secret key becomes a file (all keys, or the listed {@code items}), each emptyDir a directory.
 * Pure: it computes what the files hold; {@link ProjectedFiles} writes them.
 */
final class Volumes {

  private static final Logger LOG = LoggerFactory.getLogger(Volumes.class);

  private Volumes() {}

  /** Where the ConfigMaps and Secrets of a namespace are read from (the runtime's informers). */
  interface Sources {
    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);
  }

  /**
   * What a pod's mounts hold.
   *
   * @param files file contents by absolute path
   * @param emptyDirs directories to create
   */
  record Projection(Map<Path, byte[]> files, List<Path> emptyDirs) {}

  /** A mounted volume whose source does not exist: the pod cannot start, as on a cluster. */
  static final class MissingSource extends Exception {
    private static final long serialVersionUID = 1L;

    MissingSource(String message) {
      super(message);
    }
  }

  /**
   * Projects the volumes {@code container} mounts.
   *
   * @param owner namespace/name of the Deployment, for messages
   * @throws MissingSource when a mounted volume is undefined or its non-optional source is absent
   */
  static Projection project(
      String namespace, String owner, Path root, PodSpec pod, Container container, Sources sources)
      throws MissingSource {
    Map<String, Volume> volumes = new LinkedHashMap<>();
    Optional.ofNullable(pod.getVolumes())
        .orElse(List.of())
        .forEach(v -> volumes.put(v.getName(), v));
    Map<Path, byte[]> files = new TreeMap<>();
    List<Path> emptyDirs = new ArrayList<>();
    for (VolumeMount m : Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
      Volume v = volumes.get(m.getName());
      if (v == null) {
        throw new MissingSource("volume " + m.getName() + " is mounted but not defined");
      }
      Path at = MountPaths.resolve(root.toString(), m.getMountPath());
      if (v.getEmptyDir() != null) {
        emptyDirs.add(at);
      } else if (v.getConfigMap() != null) {
        String name = v.getConfigMap().getName();
        Optional<ConfigMap> cm = sources.configMap(namespace, name);
        if (cm.isEmpty()) {
          requireOptional(v.getConfigMap().getOptional(), "configmap", name);
          continue;
        }
        project(files, at, configMapData(cm.get()), v.getConfigMap().getItems());
      } else if (v.getSecret() != null) {
        String name = v.getSecret().getSecretName();
        Optional<Secret> s = sources.secret(namespace, name);
        if (s.isEmpty()) {
          requireOptional(v.getSecret().getOptional(), "secret", name);
          continue;
        }
        project(files, at, secretData(s.get()), v.getSecret().getItems());
      } else {
        LOG.warn("{}: volume {} has a type the sandbox does not run; ignored", owner, m.getName());
      }
    }
    return new Projection(files, emptyDirs);
  }

  private static void requireOptional(Boolean optional, String kind, String name)
      throws MissingSource {
    if (!Boolean.TRUE.equals(optional)) {
      // the kubelet's own wording, which kubectl describe shows
      throw new MissingSource(kind + " \"" + name + "\" not found");
    }
  }

  /** A ConfigMap's data (UTF-8) and binaryData (base64), by key. */
  static Map<String, byte[]> configMapData(ConfigMap cm) {
    Map<String, byte[]> data = new TreeMap<>();
    Optional.ofNullable(cm.getData())
        .orElse(Map.of())
        .forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    Optional.ofNullable(cm.getBinaryData())
        .orElse(Map.of())
        .forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    return data;
  }

  /** A Secret's data (base64) and stringData (UTF-8), by key. */
  static Map<String, byte[]> secretData(Secret s) {
    Map<String, byte[]> data = new TreeMap<>();
    Optional.ofNullable(s.getData())
        .orElse(Map.of())
        .forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    Optional.ofNullable(s.getStringData())
        .orElse(Map.of())
        .forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    return data;
  }

  private static void project(
      Map<Path, byte[]> files, Path at, Map<String, byte[]> data, List<KeyToPath> items) {
    if (items == null || items.isEmpty()) {
      data.forEach((k, v) -> files.put(at.resolve(k), v));
      return;
    }
    for (KeyToPath item : items) {
      byte[] v = data.get(item.getKey());
      if (v != null) {
        files.put(at.resolve(item.getPath()), v);
      }
    }
  }
}
