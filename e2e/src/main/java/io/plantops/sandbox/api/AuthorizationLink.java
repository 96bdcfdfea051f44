package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.plantops.sandbox.rbac.Attributes;

/**
 * Authorization by RBAC over the stored Roles, ClusterRoles and bindings (the chart's, rendered
 * with the sandbox's groups): a request its user may not make is answered 403 Forbidden with the
 * API server's message, e.g. {@code User "l.petit" cannot patch resource "sitedeployments" in API
 * group "plantops.io" in the namespace "plant-lyon"}. A write of an RBAC object makes the next
 * request read them again.
 */
final class AuthorizationLink implements Link {

  private final Authenticator authenticator;
  private final StoredRbac rbac;

  AuthorizationLink(Authenticator authenticator, StoredRbac rbac) {
    this.authenticator = authenticator;
    this.rbac = rbac;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request, Dispatcher next) {
    SandboxUser user =
        authenticator
            .authenticate(request)
            .orElseThrow(() -> new IllegalStateException("authorization before authentication"));
    Attributes attributes = Attributes.of(request.getMethod(), request.getPath());
    if (!rbac.current().allows(user.requester(), attributes)) {
      ObjectNode details = null;
      if (attributes.resourceRequest()) {
        details = Messages.JSON.createObjectNode();
        if (!attributes.name().isEmpty()) {
          details.put("name", attributes.name());
        }
        details.put("group", attributes.apiGroup()).put("kind", attributes.resource());
      }
      return Messages.status(403, "Forbidden", attributes.forbiddenMessage(user.name()), details);
    }
    MockResponse response = next.dispatch(request);
    if (attributes.resourceRequest()
        && attributes.apiGroup().equals(StoredRbac.GROUP)
        && !"GET".equals(request.getMethod())) {
      rbac.invalidate();
    }
    return response;
  }
}
