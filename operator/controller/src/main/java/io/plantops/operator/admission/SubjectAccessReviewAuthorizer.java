package io.plantops.operator.admission;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.plantops.api.v1alpha1.ApiGroup;

/**
 * {@link Authorizer} by SubjectAccessReview: the API server's own authorizers (RBAC, and whatever
 * else the cluster runs) answer for the requester's name, uid, groups and extra, exactly as
 * authenticated.
 */
public final class SubjectAccessReviewAuthorizer implements Authorizer {

  private final KubernetesClient client;

  public SubjectAccessReviewAuthorizer(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public boolean mayApprove(Requester requester, String namespace, String role) {
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(requester.username())
            .withUid(requester.uid())
            .withGroups(requester.groups())
            .withExtra(requester.extra())
            .withNewResourceAttributes()
            .withGroup(ApiGroup.GROUP)
            .withResource(RESOURCE)
            .withSubresource(SUBRESOURCE)
            .withVerb(VERB)
            .withNamespace(namespace.isEmpty() ? null : namespace)
            .withName(role)
            .endResourceAttributes()
            .endSpec()
            .build();
    try {
      SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(review);
      return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    } catch (KubernetesClientException e) {
      throw new AuthorizationUnavailable(
          "the SubjectAccessReview for role " + role + " failed: " + e.getMessage(), e);
    }
  }
}
