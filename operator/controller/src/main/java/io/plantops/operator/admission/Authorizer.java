package io.plantops.operator.admission;

/**
 * Whether a requester holds an approver role: Kubernetes RBAC grants verb {@value #VERB} on {@code
 * sitedeployments/approval} in {@code plantops.io} with the role as resource name. On a cluster
 * this is a SubjectAccessReview ({@link SubjectAccessReviewAuthorizer}); the sandbox evaluates the
 * chart's RBAC objects itself.
 */
@FunctionalInterface
public interface Authorizer {

  /** The verb an approver role is granted with. */
  String VERB = "approve";

  /** The resource the verb is granted on. */
  String RESOURCE = "sitedeployments";

  /** The subresource the verb is granted on. */
  String SUBRESOURCE = "approval";

  /** The ClusterRole the chart makes for an approver role, whose bindings grant it. */
  static String clusterRoleFor(String role) {
    return "plantops-approver-" + role;
  }

  /**
   * Whether {@code requester} may approve as {@code role} in {@code namespace}.
   *
   * @throws AuthorizationUnavailable when the answer cannot be had (approvals then fail closed)
   */
  boolean mayApprove(Requester requester, String namespace, String role);

  /** The authorizer could not answer, e.g. the SubjectAccessReview call failed. */
  final class AuthorizationUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthorizationUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
