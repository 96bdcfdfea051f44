package io.plantops.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.Stage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The approval webhook's rules one by one, its HTTP edge, and its SubjectAccessReview. */
class AdmissionWebhookTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String AT = "2026-12-01T10:00:00Z";
  static final Approval CORPORATE =
      new Approval(Stage.ClosedLoop, null, "k.schmidt", "corporate-ai-lead", AT, null);
  static final Approval ENGINEER =
      new Approval(Stage.Advisory, null, "j.dupont", "plant-process-engineer", AT, null);

  final ClusterReader empty = ClusterReader.of(List.of(), List.of(), List.of());

  @Test
  void keepsStoredApprovalsOfOthersOnAnUnrelatedEdit() {
    AdmissionWebhook webhook = new AdmissionWebhook(empty, (who, ns, role) -> false);
    JsonNode answer = webhook.approvals(review("j.dupont", List.of(CORPORATE), List.of(CORPORATE)));
    assertThat(allowed(answer)).isTrue();
  }

  @Test
  void admitsAnApprovalInTheRequestersOwnNameAndHeldRole() {
    AdmissionWebhook webhook =
        new AdmissionWebhook(
            empty, (who, ns, role) -> who.username().equals("j.dupont") && ns.equals("plant-lyon"));
    assertThat(allowed(webhook.approvals(review("j.dupont", List.of(ENGINEER), List.of()))))
        .isTrue();
  }

  @Test
  void admitsRemovingAnApprovalOfSomeoneElse() {
    AdmissionWebhook webhook = new AdmissionWebhook(empty, (who, ns, role) -> false);
    assertThat(allowed(webhook.approvals(review("j.dupont", List.of(), List.of(CORPORATE)))))
        .isTrue();
  }

  @Test
  void refusesWhenTheRoleCannotBeCheckedFailingClosed() {
    AdmissionWebhook webhook =
        new AdmissionWebhook(
            empty,
            (who, ns, role) -> {
              throw new Authorizer.AuthorizationUnavailable("API server unreachable", null);
            });
    JsonNode answer = webhook.approvals(review("j.dupont", List.of(ENGINEER), List.of()));
    assertThat(allowed(answer)).isFalse();
    assertThat(answer.path("response").path("status").path("code").asInt()).isEqualTo(403);
    assertThat(message(answer)).contains("could not be checked", "fail closed");
  }

  @Test
  void asksTheApiServerWithTheRequestersIdentityAndTheRoleAsResourceName() {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    List<SubjectAccessReview> asked = new CopyOnWriteArrayList<>();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews")
        .andReply(
            201,
            request -> {
              try {
                SubjectAccessReview sar =
                    JSON.readValue(request.getBody().readUtf8(), SubjectAccessReview.class);
                asked.add(sar);
                return new SubjectAccessReviewBuilder(sar)
                    .withNewStatus()
                    .withAllowed(false)
                    .endStatus()
                    .build();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .always();
    try (KubernetesClient client = server.createClient()) {
      AdmissionWebhook webhook =
          new AdmissionWebhook(
              empty, new SubjectAccessReviewAuthorizer(client), Set.of("corporate-ai-lead"));
      JsonNode answer = webhook.approvals(review("k.schmidt", List.of(CORPORATE), List.of()));
      assertThat(allowed(answer)).isFalse();
      assertThat(message(answer))
          .contains("k.schmidt does not hold the approver role corporate-ai-lead cluster-wide")
          .contains("a ClusterRoleBinding of the ClusterRole plantops-approver-corporate-ai-lead");
      assertThat(asked).hasSize(1);
      var spec = asked.get(0).getSpec();
      assertThat(spec.getUser()).isEqualTo("k.schmidt");
      assertThat(spec.getGroups()).containsExactly("corporate-ai-team");
      var attributes = spec.getResourceAttributes();
      assertThat(attributes.getGroup()).isEqualTo("plantops.io");
      assertThat(attributes.getResource()).isEqualTo("sitedeployments");
      assertThat(attributes.getSubresource()).isEqualTo("approval");
      assertThat(attributes.getVerb()).isEqualTo("approve");
      assertThat(attributes.getName()).isEqualTo("corporate-ai-lead");
      // a corporate role is asked cluster-wide: a RoleBinding in plant-lyon does not give it
      assertThat(attributes.getNamespace()).isNull();
    } finally {
      server.destroy();
    }
  }

  @Test
  void servesAdmissionReviewsOverHttp() throws Exception {
    AdmissionWebhook webhook = new AdmissionWebhook(empty, (who, ns, role) -> false);
    try (AdmissionServer server =
        AdmissionServer.start(webhook, new InetSocketAddress("127.0.0.1", 0), null)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + server.port() + AdmissionWebhook.APPROVALS_PATH))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          review("j.dupont", List.of(CORPORATE), List.of()).toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(200);
      JsonNode answer = JSON.readTree(refused.body());
      assertThat(answer.path("kind").asText()).isEqualTo("AdmissionReview");
      assertThat(allowed(answer)).isFalse();
      assertThat(message(answer)).contains("spec.approvals[0].approvedBy k.schmidt");

      HttpResponse<String> garbage =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.port() + AdmissionWebhook.SPECS_PATH))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(garbage.statusCode()).isEqualTo(400);
    }
  }

  static boolean allowed(JsonNode answer) {
    return answer.path("response").path("allowed").asBoolean();
  }

  static String message(JsonNode answer) {
    return answer.path("response").path("status").path("message").asText();
  }

  static JsonNode review(String user, List<Approval> approvals, List<Approval> old) {
    ObjectNode review = JSON.createObjectNode();
    ObjectNode request = review.putObject("request");
    request.put("uid", "u").put("namespace", "plant-lyon").put("name", "kiln1-energy");
    request.put("operation", old.isEmpty() ? "CREATE" : "UPDATE");
    request.putObject("kind").put("kind", "SiteDeployment");
    request
        .putObject("userInfo")
        .put("username", user)
        .putArray("groups")
        .add(user.equals("k.schmidt") ? "corporate-ai-team" : "plant-lyon-team");
    request.set("object", sd(approvals));
    if (!old.isEmpty()) {
      request.set("oldObject", sd(old));
    }
    return review;
  }

  static JsonNode sd(List<Approval> approvals) {
    ObjectNode sd = JSON.createObjectNode().put("kind", "SiteDeployment");
    sd.putObject("metadata").put("name", "kiln1-energy").put("namespace", "plant-lyon");
    sd.putObject("spec").set("approvals", JSON.valueToTree(approvals));
    return sd;
  }
}
