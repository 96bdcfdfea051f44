package io.plantops.operator.admission;

import io.plantops.api.v1alpha1.ApiGroup;
import io.plantops.api.v1alpha1.Approval;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Binds approvals to the authenticated requester. An approval entry that the old object did not
 * hold (a new one, or an existing one changed in any field) must name the requester in {@code
 * approvedBy}, and the requester must hold its role in Kubernetes RBAC ({@link Authorizer}).
 * Entries the old object already held are not checked again, so an unrelated edit by someone else
 * keeps them; removing an approval is always allowed. Pure but for the authorizer.
 */
public final class ApprovalChecks {

  private ApprovalChecks() {}

  /**
   * Every refusal, each naming the field and who may grant what is missing; empty when the write
   * may go on.
   *
   * @param oldApprovals the approvals stored before this write (empty on create)
   * @param corporateRoles roles that only a cluster-wide grant gives: they are checked without a
   *     namespace, so that a RoleBinding in a plant namespace never confers them
   */
  public static List<String> check(
      Requester requester,
      String namespace,
      List<Approval> newApprovals,
      List<Approval> oldApprovals,
      Authorizer authorizer,
      Set<String> corporateRoles) {
    List<String> refusals = new ArrayList<>();
    Set<Approval> stored = new HashSet<>(oldApprovals);
    for (int i = 0; i < newApprovals.size(); i++) {
      Approval a = newApprovals.get(i);
      if (stored.contains(a)) {
        continue;
      }
      String at = "spec.approvals[" + i + "]";
      if (requester.username().isBlank()) {
        refusals.add(
            at + ": the request carries no authenticated user, so no approval is recorded");
        continue;
      }
      if (!requester.username().equals(a.approvedBy())) {
        refusals.add(
            at
                + ".approvedBy "
                + a.approvedBy()
                + " is not the user making this request ("
                + requester.username()
                + "): an approval is recorded only for the person who writes it; write approvedBy: "
                + requester.username()
                + ", or ask "
                + a.approvedBy()
                + " to add it");
        continue;
      }
      boolean corporate = corporateRoles.contains(a.role());
      boolean allowed;
      try {
        allowed = authorizer.mayApprove(requester, corporate ? "" : namespace, a.role());
      } catch (Authorizer.AuthorizationUnavailable e) {
        refusals.add(
            at
                + ".role "
                + a.role()
                + ": whether "
                + requester.username()
                + " holds it could not be checked ("
                + e.getMessage()
                + "); approvals fail closed, try again");
        continue;
      }
      if (!allowed) {
        refusals.add(
            at
                + ".role "
                + a.role()
                + ": "
                + requester.username()
                + " does not hold the approver role "
                + a.role()
                + (corporate ? " cluster-wide" : " in namespace " + namespace)
                + " (RBAC verb "
                + Authorizer.VERB
                + " on "
                + Authorizer.RESOURCE
                + "/"
                + Authorizer.SUBRESOURCE
                + " named "
                + a.role()
                + " in "
                + ApiGroup.GROUP
                + "); it is granted by "
                + (corporate ? "a ClusterRoleBinding" : "a RoleBinding or ClusterRoleBinding")
                + " of the ClusterRole "
                + Authorizer.clusterRoleFor(a.role())
                + ", which a cluster administrator makes"
                + (corporate ? " (a corporate role is never granted per namespace)" : "")
                + "; or have someone who holds "
                + a.role()
                + " approve");
      }
    }
    return refusals;
  }
}
