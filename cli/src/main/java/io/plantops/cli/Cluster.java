package io.plantops.cli;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a command talks to, as kubectl decides it: the kubeconfig ({@code --kubeconfig}, else
 * {@code KUBECONFIG}, else {@code ~/.kube/config}), its current context or {@code --context}, and
 * the context's namespace or {@code -n}. kubectl hands a plugin every argument after the plugin's
 * name unchanged, so the plugin reads these flags itself.
 */
final class Cluster {

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
  File kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "The kubeconfig context to use (default: the current context).")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description = "The namespace (default: the context's namespace).")
  String namespace;

  /** The client configuration these flags select. */
  Config config() {
    Config config =
        kubeconfig != null
            ? Config.fromKubeconfig(context, kubeconfig)
            : Config.autoConfigure(context);
    if (context != null
        && (config.getCurrentContext() == null
            || !context.equals(config.getCurrentContext().getName()))) {
      throw new PlantopsException(
          "context \""
              + context
              + "\" does not exist in the kubeconfig: see kubectl config get-contexts");
    }
    return config;
  }

  KubernetesClient connect(Config config) {
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The namespace to act in: {@code -n}, else the context's, else {@code default}. */
  String namespace(Config config) {
    if (namespace != null) {
      return namespace;
    }
    return Optional.ofNullable(config.getNamespace()).orElse("default");
  }

  /**
   * The user the kubeconfig context names (its {@code user} entry), else the basic-auth user name.
   * Only a label for the approval: the API server's admission stamps and checks the requester.
   */
  static Optional<String> kubeconfigUser(Config config) {
    return Optional.ofNullable(config.getCurrentContext())
        .map(NamedContext::getContext)
        .map(c -> c.getUser())
        .filter(u -> !u.isBlank())
        .or(() -> Optional.ofNullable(config.getUsername()).filter(u -> !u.isBlank()));
  }
}
