package io.plantops.sandbox.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox's stand-in for pod networking, Services and DNS. Each Deployment's first container
 * port gets a free local port; each Service port backed by a local pod becomes host aliases ({@code
 * name.namespace}, {@code .svc}, {@code .svc.cluster.local}) to that port, beside static aliases
 * (simulated plants, the model store). The aliases go to one file that every process reads through
 * {@code PLANTOPS_HOST_ALIASES_FILE} and re-reads when it changes.
 */
final class LocalNetwork {

  private final Path aliasFile;
  private final Map<String, String> staticAliases;
  private final Map<String, Integer> ports = new ConcurrentHashMap<>();
  private String lastWritten = "";

  LocalNetwork(Path aliasFile, Map<String, String> staticAliases) {
    this.aliasFile = aliasFile;
    this.staticAliases = Map.copyOf(staticAliases);
  }

  Path aliasFile() {
    return aliasFile;
  }

  /** The local port of a Deployment ({@code namespace/name}), allocated on first use. */
  int portFor(String deployment) {
    return ports.computeIfAbsent(
        deployment,
        k -> {
          try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for " + k, e);
          }
        });
  }

  /** The static aliases and one per Service port that selects a Deployment's first port. */
  Map<String, String> aliases(List<Service> services, List<Deployment> deployments) {
    Map<String, String> aliases = new TreeMap<>(staticAliases);
    for (Service s : services) {
      if (s.getSpec() == null || s.getSpec().getSelector() == null) {
        continue;
      }
      String namespace = s.getMetadata().getNamespace();
      for (Deployment d : deployments) {
        if (!namespace.equals(d.getMetadata().getNamespace()) || !selects(s, d)) {
          continue;
        }
        for (ServicePort sp : s.getSpec().getPorts()) {
          IntOrString target =
              sp.getTargetPort() == null ? new IntOrString(sp.getPort()) : sp.getTargetPort();
          if (!targetsFirstPort(d, target)) {
            continue;
          }
          String local = "127.0.0.1:" + portFor(namespace + "/" + d.getMetadata().getName());
          String name = s.getMetadata().getName() + "." + namespace;
          for (String host : List.of(name, name + ".svc", name + ".svc.cluster.local")) {
            aliases.put(host + ":" + sp.getPort(), local);
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

  /** Whether a Service's target port (number or name) is the container's first port. */
  private static boolean targetsFirstPort(Deployment d, IntOrString target) {
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<ContainerPort> declared = Optional.ofNullable(c.getPorts()).orElse(List.of());
    if (declared.isEmpty()) {
      return false;
    }
    ContainerPort first = declared.get(0);
    return target.getIntVal() != null
        ? Objects.equals(target.getIntVal(), first.getContainerPort())
        : Objects.equals(target.getStrVal(), first.getName());
  }

  /**
   * Writes the alias file ({@code host:port=127.0.0.1:port} per line) when it changed, atomically,
   * so that a process re-reading it never sees half of it.
   */
  void writeAliasFile(Map<String, String> aliases) throws IOException {
    StringBuilder b = new StringBuilder();
    aliases.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    String content = b.toString();
    if (content.equals(lastWritten)) {
      return;
    }
    Files.createDirectories(aliasFile.getParent());
    Path tmp = aliasFile.resolveSibling("." + aliasFile.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, aliasFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    lastWritten = content;
  }
}
