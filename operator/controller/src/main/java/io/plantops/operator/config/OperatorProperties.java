package io.plantops.operator.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator's configuration, every key under {@code plantops.operator}, with its default.
 * docs/operator.md lists the same keys; a test keeps the two in step.
 *
 * @param watchedNamespaces namespaces whose Plants, TagMappings and SiteDeployments are reconciled;
 *     empty (the default) watches all namespaces
 * @param resyncInterval every resource is reconciled at least this often even without events
 *     (JOSDK's maxReconciliationInterval); a resync that finds nothing changed writes nothing
 * @param reconciliationThreads concurrent reconciliations across all kinds
 * @param fleetMaxEntries largest number of per-plant entries in a template's fleet view (uncovered
 *     plants first); the counts always cover every plant
 * @param hostAliases {@code host:port=host:port,...} rewrites of the workload URLs the operator
 *     polls (the sandbox maps Service DNS names to local ports); application.yaml reads it from the
 *     environment variable PLANTOPS_HOST_ALIASES
 * @param workloads what the per-plant Deployments run
 * @param statusPolling polling of the workloads' status endpoints
 * @param leaderElection the Lease that keeps a second replica from reconciling
 * @param exitOnInformerFailure exit the process when an informer stops on an error it does not
 *     retry (an object it cannot read), so that Kubernetes restarts the operator with a fresh cache
 *     rather than leaving it blind to one kind; watch errors it can retry never stop an informer
 */
@Validated
@ConfigurationProperties("plantops.operator")
public record OperatorProperties(
    @DefaultValue
        List<@Pattern(regexp = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String> watchedNamespaces,
    @DefaultValue("10m") @NotNull Duration resyncInterval,
    @DefaultValue("10") @Min(1) int reconciliationThreads,
    @DefaultValue("50") @Min(0) int fleetMaxEntries,
    @DefaultValue("") String hostAliases,
    @DefaultValue @Valid Workloads workloads,
    @DefaultValue @Valid StatusPolling statusPolling,
    @DefaultValue @Valid LeaderElection leaderElection,
    @DefaultValue("true") boolean exitOnInformerFailure) {

  /**
   * What the per-plant Deployments run.
   *
   * @param inferenceServer image of the inference server
   * @param connector image of the OPC UA connector
   * @param imagePullPolicy Always, IfNotPresent or Never
   * @param inferenceServerResources requests and limits when the Plant gives none
   * @param connectorResources requests and limits when the Plant gives none
   * @param runAsUser UID (and GID, fsGroup) the workload containers run as; never 0
   * @param connectorWatchdog the connector's write path is unhealthy when the inference server has
   *     not answered for this long (written into the resolved config)
   * @param modelEndpointsRequireToken whether the inference servers' Open Inference Protocol v2
   *     endpoints require the plant's data-path token, as {@code /v1/signals} and {@code
   *     /v1/recommendations} always do
   */
  public record Workloads(
      @DefaultValue @Valid Image inferenceServer,
      @DefaultValue @Valid Image connector,
      @DefaultValue("IfNotPresent") @Pattern(regexp = "^(Always|IfNotPresent|Never)$")
          String imagePullPolicy,
      @DefaultValue @Valid Resources inferenceServerResources,
      @DefaultValue @Valid Resources connectorResources,
      @DefaultValue("65532") @Min(1) long runAsUser,
      @DefaultValue("30s") @NotNull Duration connectorWatchdog,
      @DefaultValue("true") boolean modelEndpointsRequireToken) {

    public Workloads {
      inferenceServer =
          inferenceServer.repository() == null
              ? new Image("ghcr.io/plantops/inference-server", inferenceServer.tag())
              : inferenceServer;
      connector =
          connector.repository() == null
              ? new Image("ghcr.io/plantops/opcua-connector", connector.tag())
              : connector;
      inferenceServerResources =
          inferenceServerResources.requestsCpu() == null
              ? new Resources("250m", "512Mi", "1", "1Gi")
              : inferenceServerResources;
      connectorResources =
          connectorResources.requestsCpu() == null
              ? new Resources("100m", "256Mi", "500m", "512Mi")
              : connectorResources;
    }
  }

  /**
   * A container image.
   *
   * @param repository image repository, e.g. ghcr.io/plantops/inference-server
   * @param tag image tag; defaults to the operator's own version
   */
  public record Image(String repository, String tag) {

    public Image {
      tag = tag == null || tag.isBlank() ? OperatorVersion.get() : tag;
    }

    /** {@code repository:tag}. */
    public String reference() {
      return repository + ":" + tag;
    }
  }

  /**
   * Requests and limits as Kubernetes quantities.
   *
   * @param requestsCpu CPU request
   * @param requestsMemory memory request
   * @param limitsCpu CPU limit
   * @param limitsMemory memory limit
   */
  public record Resources(
      String requestsCpu, String requestsMemory, String limitsCpu, String limitsMemory) {}

  /**
   * Polling of each plant's inference server and connector status endpoints.
   *
   * @param enabled poll at all (off: no status figures, ModelVerified stays Unknown)
   * @param interval time between two polls of one plant
   * @param timeout connect and answer timeout of one poll
   */
  public record StatusPolling(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("15s") @NotNull Duration interval,
      @DefaultValue("5s") @NotNull Duration timeout) {}

  /**
   * Leader election through a coordination.k8s.io Lease.
   *
   * @param enabled elect a leader (on for any deployment with more than one replica)
   * @param leaseName name of the Lease
   * @param leaseNamespace namespace of the Lease; empty: the operator's own namespace
   * @param identity this replica's identity; empty: the HOSTNAME environment variable (the pod
   *     name)
   * @param leaseDuration how long a lease is valid without renewal
   * @param renewDeadline how long the leader keeps trying to renew before it gives up
   * @param retryPeriod time between two attempts to acquire or renew
   * @param exitOnLoss stop the process when leadership is lost (so that it restarts as a follower
   *     and never reconciles beside the new leader)
   */
  public record LeaderElection(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("plantops-operator") @NotBlank String leaseName,
      @DefaultValue("") String leaseNamespace,
      @DefaultValue("") String identity,
      @DefaultValue("15s") @NotNull Duration leaseDuration,
      @DefaultValue("10s") @NotNull Duration renewDeadline,
      @DefaultValue("2s") @NotNull Duration retryPeriod,
      @DefaultValue("true") boolean exitOnLoss) {

    /** The lease namespace, when configured. */
    public Optional<String> namespace() {
      return Optional.ofNullable(leaseNamespace).filter(s -> !s.isBlank());
    }
  }
}
