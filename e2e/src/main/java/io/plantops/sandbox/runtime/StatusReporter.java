package io.plantops.sandbox.runtime;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what the local runtime observes back to the API server, as the Deployment controller and
 * the kubelet would: the Deployment's status, and a Pod object per local pod with its status. A
 * status is written only when the desired value differs from the stored one; a write that fails is
 * retried by the next sync, which computes it again.
 */
final class StatusReporter {

  private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

  private final KubernetesClient client;
  private final Clock clock;

  StatusReporter(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Writes the Deployment's status when it changed. */
  void deployment(Deployment d, WorkloadStatus.Observed observed) {
    DeploymentStatus desired = WorkloadStatus.deployment(d, observed, clock.instant());
    if (!WorkloadStatus.changed(d.getStatus(), desired)) {
      return;
    }
    String ns = d.getMetadata().getNamespace();
    String name = d.getMetadata().getName();
    patchStatus(
        client.apps().deployments().inNamespace(ns).withName(name),
        "Deployment " + ns + "/" + name,
        desired);
  }

  /**
   * Creates (or replaces) the Pod object of a local pod.
   *
   * @return false when the API server refused it; the next sync tries again
   */
  boolean createPod(Deployment d, PodPlan plan) {
    Pod object =
        new PodBuilder()
            .withNewMetadata()
            .withName(plan.podName())
            .withNamespace(plan.namespace())
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
      client.pods().inNamespace(plan.namespace()).resource(object).createOr(r -> r.update());
      return true;
    } catch (KubernetesClientException e) {
      LOG.debug("pod {}: not created ({})", plan.podName(), e.getMessage());
      return false;
    }
  }

  /**
   * Writes a pod's status.
   *
   * @return false when it could not be written; the next sync tries again
   */
  boolean podStatus(PodPlan plan, PodStatus status) {
    return patchStatus(
        client.pods().inNamespace(plan.namespace()).withName(plan.podName()),
        "Pod " + plan.namespace() + "/" + plan.podName(),
        status);
  }

  /** Deletes the Pod object of a local pod that stopped. */
  void podGone(PodPlan plan) {
    try {
      client.pods().inNamespace(plan.namespace()).withName(plan.podName()).delete();
    } catch (KubernetesClientException e) {
      LOG.debug("pod {}: not deleted ({})", plan.podName(), e.getMessage());
    }
  }

  /** A JSON merge patch of the status subresource; conditions are replaced as a whole list. */
  private static boolean patchStatus(Resource<?> resource, String what, Object status) {
    try {
      resource
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(Map.of("status", status)));
      return true;
    } catch (KubernetesClientException e) {
      LOG.debug("{}: status not written ({}); the next sync retries", what, e.getMessage());
      return false;
    }
  }
}
