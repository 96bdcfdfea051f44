package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How the plant's connector reaches its OPC UA server. Credentials are Secret references only; the
 * connector mounts them and reads them from files.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(self.securityPolicy == 'None') == (self.securityMode == 'None')",
    message =
        "securityPolicy None goes with securityMode None, and any other policy with Sign or"
            + " SignAndEncrypt")
@ValidationRule(
    value = "self.securityPolicy == 'None' || has(self.clientCertificateSecretRef)",
    message =
        "a secure securityPolicy needs clientCertificateSecretRef (a kubernetes.io/tls Secret"
            + " with the connector's application instance certificate)")
public record OpcUaEndpoint(
    @JsonPropertyDescription("Endpoint URL of the plant's OPC UA server, opc.tcp://host:port/path.")
        @Required
        @Pattern("^opc\\.tcp://[^\\s]+$")
        @Size(max = 512)
        String endpointUrl,
    @JsonPropertyDescription(
            "Security policy: Basic256Sha256 (default), Aes128_Sha256_RsaOaep,"
                + " Aes256_Sha256_RsaPss, or None (refused with ReadWrite mappings or a"
                + " userSecretRef unless allowInsecure).")
        @Default("Basic256Sha256")
        SecurityPolicy securityPolicy,
    @JsonPropertyDescription("Message security mode: SignAndEncrypt (default), Sign or None.")
        @Default("SignAndEncrypt")
        MessageSecurityMode securityMode,
    @JsonPropertyDescription(
            "kubernetes.io/tls Secret (tls.crt, tls.key) with the connector's application instance"
                + " certificate and private key.")
        SecretRef clientCertificateSecretRef,
    @JsonPropertyDescription(
            "Secret with the user name and password; without it the session is anonymous.")
        UserSecretRef userSecretRef,
    @JsonPropertyDescription(
            "Secret whose keys are the DER or PEM certificates of the OPC UA servers (or their"
                + " CAs) the connector trusts.")
        SecretRef trustedServerCertificatesSecretRef,
    @JsonPropertyDescription(
            "Allow SecurityPolicy None, mode None or an anonymous session even though a"
                + " TagMapping of the plant maps a tag ReadWrite, and a user name and password over"
                + " SecurityPolicy None. Only for isolated test benches; the connector logs a"
                + " warning at every start.")
        @Default("false")
        Boolean allowInsecure) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public OpcUaEndpoint {
    securityPolicy = securityPolicy == null ? SecurityPolicy.Basic256Sha256 : securityPolicy;
    securityMode = securityMode == null ? MessageSecurityMode.SignAndEncrypt : securityMode;
    allowInsecure = allowInsecure == null ? Boolean.FALSE : allowInsecure;
  }
}
