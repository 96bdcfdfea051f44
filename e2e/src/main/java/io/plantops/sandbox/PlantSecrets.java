package io.plantops.sandbox;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.plantops.api.v1alpha1.OpcUaEndpoint;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SecretRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Secrets a Plant's OPC UA endpoint references, filled for the plant the sandbox simulates: the
 * connector's client certificate, its user and password, and the simulated server's certificate for
 * the connector to trust. On a cluster the plant team creates them; the sandbox makes them.
 */
final class PlantSecrets {

  /** The name the client certificate Secret has when the Plant does not name one. */
  static final String DEFAULT_CLIENT_CERTIFICATE = "opcua-client-cert";

  private PlantSecrets() {}

  /**
   * The credentials the sandbox generated for one plant.
   *
   * @param certificatePem the connector's certificate (PEM)
   * @param privateKeyPem its private key (PEM)
   * @param user the user the connector logs in with
   * @param password its password
   * @param serverCertificatePem the simulated server's certificate (PEM)
   */
  record Credentials(
      String certificatePem,
      String privateKeyPem,
      String user,
      String password,
      String serverCertificatePem) {}

  /** The Secrets {@code plant} references, in its namespace. */
  static List<Secret> of(Plant plant, Credentials credentials) {
    String namespace = plant.getMetadata().getNamespace();
    OpcUaEndpoint opcua = plant.getSpec().opcua();
    List<Secret> secrets = new ArrayList<>();
    String certificate =
        Optional.ofNullable(opcua.clientCertificateSecretRef())
            .map(SecretRef::name)
            .orElse(DEFAULT_CLIENT_CERTIFICATE);
    secrets.add(
        new SecretBuilder()
            .withNewMetadata()
            .withName(certificate)
            .withNamespace(namespace)
            .endMetadata()
            .withType("kubernetes.io/tls")
            .addToStringData("tls.crt", credentials.certificatePem())
            .addToStringData("tls.key", credentials.privateKeyPem())
            .build());
    Optional.ofNullable(opcua.userSecretRef())
        .ifPresent(
            ref ->
                secrets.add(
                    new SecretBuilder()
                        .withNewMetadata()
                        .withName(ref.name())
                        .withNamespace(namespace)
                        .endMetadata()
                        .addToStringData(ref.usernameKey(), credentials.user())
                        .addToStringData(ref.passwordKey(), credentials.password())
                        .build()));
    Optional.ofNullable(opcua.trustedServerCertificatesSecretRef())
        .ifPresent(
            ref ->
                secrets.add(
                    new SecretBuilder()
                        .withNewMetadata()
                        .withName(ref.name())
                        .withNamespace(namespace)
                        .endMetadata()
                        .addToStringData(
                            plant.getMetadata().getName() + "-dcs.crt",
                            credentials.serverCertificatePem())
                        .build()));
    return secrets;
  }
}
