package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.plantops.deploy.HelmChartTest.Rendered;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chart's admission webhook (docs/admission.md): registered with approvals failing closed,
 * served over TLS the chart or cert-manager provides, and the approver roles as ClusterRoles that
 * only the intended bindings grant.
 */
class ChartAdmissionTest {

  static final String NS = HelmChartTest.NAMESPACE;

  @Test
  void approvalsFailClosedAndSpecsFollowTheirPolicy() throws Exception {
    JsonNode vwc = HelmChartTest.defaults().get("ValidatingWebhookConfiguration", "", "plantops");
    JsonNode approvals = webhook(vwc, "approvals.plantops.io");
    assertThat(approvals.path("failurePolicy").asText()).isEqualTo("Fail");
    assertThat(approvals.at("/clientConfig/service/path").asText())
        .isEqualTo("/validate/approvals");
    assertThat(approvals.at("/rules/0/resources").toString()).isEqualTo("[\"sitedeployments\"]");
    JsonNode specs = webhook(vwc, "specs.plantops.io");
    assertThat(specs.path("failurePolicy").asText()).isEqualTo("Ignore");
    assertThat(specs.at("/clientConfig/service/name").asText()).isEqualTo("plantops-webhook");
    assertThat(specs.at("/clientConfig/service/path").asText()).isEqualTo("/validate/specs");

    JsonNode failing =
        HelmChartTest.render(t -> t.set("admission.specsFailurePolicy", "Fail"))
            .get("ValidatingWebhookConfiguration", "", "plantops");
    assertThat(webhook(failing, "specs.plantops.io").path("failurePolicy").asText())
        .isEqualTo("Fail");
    assertThat(webhook(failing, "approvals.plantops.io").path("failurePolicy").asText())
        .isEqualTo("Fail");
  }

  @Test
  void chartManagedCertificateIsSignedByTheCaTheWebhookTrustsAndMounted() throws Exception {
    Rendered r = HelmChartTest.defaults();
    JsonNode vwc = r.get("ValidatingWebhookConfiguration", "", "plantops");
    X509Certificate ca = pem(webhook(vwc, "approvals.plantops.io").at("/clientConfig/caBundle"));
    JsonNode secret = r.get("Secret", NS, "plantops-webhook-tls");
    X509Certificate serving = pem(secret.at("/data/tls.crt"));
    serving.verify(ca.getPublicKey());
    assertThat(serving.getSubjectAlternativeNames())
        .anyMatch(san -> san.get(1).equals("plantops-webhook.plantops-system.svc"));

    Container c = r.deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(HelmChartTest.env(c))
        .containsEntry("PLANTOPS_ADMISSION_ENABLED", "true")
        .containsEntry("PLANTOPS_ADMISSION_TLSCERTFILE", "/etc/plantops/webhook/tls.crt")
        .containsEntry("PLANTOPS_ADMISSION_CORPORATEROLES", "corporate-ai-lead");
    assertThat(c.getPorts())
        .anyMatch(p -> p.getName().equals("webhook") && p.getContainerPort() == 9443);
    assertThat(c.getVolumeMounts())
        .anyMatch(m -> m.getMountPath().equals("/etc/plantops/webhook") && m.getReadOnly());
  }

  @Test
  void certManagerIssuesTheCertificateAndInjectsItsCa() throws Exception {
    Rendered r = HelmChartTest.render(t -> t.set("admission.certManager.enabled", true));
    assertThat(r.objects()).doesNotContainKey("Secret/" + NS + "/plantops-webhook-tls");
    JsonNode cert = r.get("Certificate", NS, "plantops-webhook");
    assertThat(cert.at("/spec/secretName").asText()).isEqualTo("plantops-webhook-tls");
    assertThat(cert.at("/spec/issuerRef/name").asText()).isEqualTo("plantops-webhook-selfsigned");
    assertThat(r.get("Issuer", NS, "plantops-webhook-selfsigned").at("/spec/selfSigned").isObject())
        .isTrue();
    JsonNode vwc = r.get("ValidatingWebhookConfiguration", "", "plantops");
    assertThat(vwc.at("/metadata/annotations/cert-manager.io~1inject-ca-from").asText())
        .isEqualTo(NS + "/plantops-webhook");
    assertThat(webhook(vwc, "approvals.plantops.io").at("/clientConfig").has("caBundle")).isFalse();

    Rendered own =
        HelmChartTest.render(
            t ->
                t.set("admission.certManager.enabled", true)
                    .set("admission.certManager.issuerRef.kind", "ClusterIssuer")
                    .set("admission.certManager.issuerRef.name", "corporate-ca"));
    assertThat(own.objects()).doesNotContainKey("Issuer/" + NS + "/plantops-webhook-selfsigned");
    assertThat(own.get("Certificate", NS, "plantops-webhook").at("/spec/issuerRef/kind").asText())
        .isEqualTo("ClusterIssuer");
  }

  @Test
  void approverRolesAreClusterRolesGrantingApproveOnTheirNameOnly() throws Exception {
    Rendered r =
        HelmChartTest.render(
            t ->
                t.set(
                        "rbac.approverRoles.corporateBindings.corporate-ai-lead[0]",
                        "corporate-ai-leads")
                    .set(
                        "rbac.approverRoles.plantBindings.plant-lyon.plant-manager[0]",
                        "lyon-mgmt"));
    JsonNode role = r.get("ClusterRole", "", "plantops-approver-corporate-ai-lead");
    assertThat(role.at("/rules/0/apiGroups/0").asText()).isEqualTo("plantops.io");
    assertThat(role.at("/rules/0/resources/0").asText()).isEqualTo("sitedeployments/approval");
    assertThat(role.at("/rules/0/verbs").toString()).isEqualTo("[\"approve\"]");
    assertThat(role.at("/rules/0/resourceNames").toString()).isEqualTo("[\"corporate-ai-lead\"]");
    // an approval is written into the spec: the approver may patch SiteDeployments where bound
    assertThat(role.at("/rules/1/resources").toString()).isEqualTo("[\"sitedeployments\"]");
    assertThat(role.at("/rules/1/verbs").toString()).contains("\"patch\"", "\"update\"");
    // never aggregated into admin or edit: a namespace admin cannot hold nor grant it
    assertThat(role.at("/metadata/labels").toString()).doesNotContain("aggregate-to");

    JsonNode corporate = r.get("ClusterRoleBinding", "", "plantops-approver-corporate-ai-lead");
    assertThat(corporate.at("/subjects/0/name").asText()).isEqualTo("corporate-ai-leads");
    JsonNode plant = r.get("RoleBinding", "plant-lyon", "plantops-approver-plant-manager");
    assertThat(plant.at("/roleRef/name").asText()).isEqualTo("plantops-approver-plant-manager");
    assertThat(plant.at("/subjects/0/name").asText()).isEqualTo("lyon-mgmt");
  }

  @Test
  void refusesToBindACorporateRolePerNamespace() {
    assertThatThrownBy(
            () ->
                HelmChartTest.render(
                    t ->
                        t.set(
                            "rbac.approverRoles.plantBindings.plant-lyon.corporate-ai-lead[0]",
                            "lyon-admins")))
        .hasMessageContaining("corporate roles are bound cluster-wide only");
  }

  @Test
  void withoutAdmissionNothingOfItIsRendered() throws Exception {
    Rendered r = HelmChartTest.render(t -> t.set("admission.enabled", false));
    assertThat(r.kinds()).doesNotContain("ValidatingWebhookConfiguration", "Secret");
    Container c = r.deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(HelmChartTest.env(c)).doesNotContainKey("PLANTOPS_ADMISSION_ENABLED");
  }

  static JsonNode webhook(JsonNode vwc, String name) {
    List<String> names = new ArrayList<>();
    for (JsonNode w : vwc.path("webhooks")) {
      if (w.path("name").asText().equals(name)) {
        return w;
      }
      names.add(w.path("name").asText());
    }
    throw new AssertionError("no webhook " + name + " in " + names);
  }

  static X509Certificate pem(JsonNode base64) throws Exception {
    byte[] bytes = Base64.getDecoder().decode(base64.asText());
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(bytes));
  }
}
