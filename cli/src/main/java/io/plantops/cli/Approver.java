package io.plantops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds an approval to a SiteDeployment's {@code spec.approvals} in the form the promotion engine
 * counts: a stage approval names the live version (status.activeModel), a version approval names
 * the candidate (status.candidateModel) and no stage; {@code at} is now.
 *
 * <p>The write is a JSON patch (RFC 6902) that appends one entry to the list and sets the
 * resourceVersion read: the API server takes the resourceVersion of the patched object as a
 * precondition and answers 409 Conflict if anyone changed the object since (Kubernetes API
 * conventions, "Concurrency Control and Consistency"); the approval is then recomputed from a fresh
 * read. So a concurrent edit is never overwritten. A JSON merge patch would replace the whole list
 * (RFC 7386), which is what the precondition guards against but not what an append means.
 */
final class Approver {

  /** What the user asked for: a stage or a version, and optionally the role and a comment. */
  record Request(
      String site,
      Optional<Stage> stage,
      Optional<String> version,
      Optional<String> role,
      Optional<String> comment) {}

  static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String namespace;
  private final String user;
  private final Clock clock;

  Approver(KubernetesClient client, String namespace, String user, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.user = user;
    this.clock = clock;
  }

  /** Writes the approval and returns it as stored. */
  Approval approve(Request request) {
    for (int attempt = 1; ; attempt++) {
      SiteDeployment sd =
          client
              .resources(SiteDeployment.class)
              .inNamespace(namespace)
              .withName(request.site())
              .get();
      if (sd == null) {
        throw new PlantopsException(
            "sitedeployment "
                + request.site()
                + " not found in namespace "
                + namespace
                + ": check the name (kubectl get sitedeployments -n "
                + namespace
                + ") or give -n");
      }
      Approval approval = approvalFor(sd, request, user, timestamp(clock));
      try {
        client
            .resources(SiteDeployment.class)
            .inNamespace(namespace)
            .withName(request.site())
            .patch(
                PatchContext.of(PatchType.JSON),
                client.getKubernetesSerialization().asJson(appendPatch(sd, approval)));
        return approval;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** RFC 3339 with second precision, as Kubernetes writes timestamps. */
  static String timestamp(Clock clock) {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  /** The approval {@code request} makes on {@code sd} as it is now. */
  static Approval approvalFor(SiteDeployment sd, Request request, String user, String at) {
    String name = sd.getMetadata().getNamespace() + "/" + sd.getMetadata().getName();
    SiteDeploymentStatus status = sd.getStatus();
    String role = request.role().orElseGet(() -> pendingRole(sd, request));
    if (request.stage().isPresent()) {
      Stage stage = request.stage().get();
      if (stage == Stage.Shadow) {
        throw new PlantopsException(
            "--stage Shadow: Shadow needs no approval; approve Advisory or ClosedLoop");
      }
      String live =
          Optional.ofNullable(status)
              .map(SiteDeploymentStatus::activeModel)
              .map(ActiveModel::version)
              .orElseThrow(
                  () ->
                      new PlantopsException(
                          "sitedeployment "
                              + name
                              + " has no live version yet (status.activeModel is empty, phase "
                              + (status == null ? "not reported" : status.phase())
                              + "): approve a stage once it runs in Shadow"));
      return new Approval(stage, live, user, role, at, request.comment().orElse(null));
    }
    String version = request.version().orElseThrow();
    Optional<String> candidate =
        Optional.ofNullable(status)
            .map(SiteDeploymentStatus::candidateModel)
            .map(CandidateModel::version);
    if (!candidate.equals(Optional.of(version))) {
      throw new PlantopsException(
          "version "
              + version
              + " is not the candidate of sitedeployment "
              + name
              + " (status.candidateModel: "
              + candidate.orElse("none")
              + "): approve the version that runs in shadow");
    }
    return new Approval(null, version, user, role, at, request.comment().orElse(null));
  }

  /**
   * The one role the site still waits for, when it waits for what is requested; otherwise the user
   * must name the role.
   */
  private static String pendingRole(SiteDeployment sd, Request request) {
    SiteDeploymentStatus status = sd.getStatus();
    String requested =
        request
            .stage()
            .map(s -> "Stage:" + s)
            .orElseGet(() -> "Version:" + request.version().get());
    List<String> roles =
        status != null
                && requested.equals(status.pendingPromotion())
                && status.pendingApprovals() != null
            ? status.pendingApprovals()
            : List.of();
    if (roles.size() == 1) {
      return roles.get(0);
    }
    throw new PlantopsException(
        "give --role: sitedeployment "
            + sd.getMetadata().getNamespace()
            + "/"
            + sd.getMetadata().getName()
            + (roles.isEmpty()
                ? " waits for no approval of " + requested + " by a single role"
                : " waits for " + requested + " approvals by " + String.join(", ", roles)));
  }

  /**
   * The JSON patch that appends {@code approval} to the list as stored, with the resourceVersion
   * read as the precondition.
   */
  static List<Map<String, Object>> appendPatch(SiteDeployment sd, Approval approval) {
    List<Approval> given = sd.getSpec().approvals();
    Map<String, Object> append =
        given.isEmpty()
            ? operation("add", "/spec/approvals", List.of(approval))
            : operation("add", "/spec/approvals/-", approval);
    return List.of(
        operation("replace", "/metadata/resourceVersion", sd.getMetadata().getResourceVersion()),
        append);
  }

  private static Map<String, Object> operation(String op, String path, Object value) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("op", op);
    o.put("path", path);
    o.put("value", value);
    return o;
  }
}
