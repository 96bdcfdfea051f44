package io.plantops.simulator;

import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/** Plain Milo clients for tests of the simulator (not the connector's client). */
public final class TestClients {

  private TestClients() {}

  /** A connected client on SecurityPolicy None, anonymous. */
  public static OpcUaClient anonymous(String endpointUrl) throws UaException {
    return connect(
        endpointUrl, SecurityPolicy.None, MessageSecurityMode.None, new AnonymousProvider(), null);
  }

  /**
   * A connected client on a secure endpoint with a user, whose fresh certificate the simulator
   * trusts and which trusts the simulator's certificate.
   */
  public static OpcUaClient secure(
      PlantSimulator simulator,
      SecurityPolicy policy,
      MessageSecurityMode mode,
      String user,
      String password)
      throws UaException {
    ClientIdentity identity = ClientIdentity.generate("urn:plantops:test-client");
    simulator.trustClientCertificate(identity.certificate());
    var trust = new MemoryTrustListManager();
    trust.addTrustedCertificate(simulator.serverCertificate());
    return connect(
        simulator.endpointUrl(),
        policy,
        mode,
        user == null ? new AnonymousProvider() : new UsernameProvider(user, password),
        new Secure(identity, trust));
  }

  private record Secure(ClientIdentity identity, MemoryTrustListManager trust) {}

  private static OpcUaClient connect(
      String endpointUrl,
      SecurityPolicy policy,
      MessageSecurityMode mode,
      IdentityProvider identityProvider,
      Secure secure)
      throws UaException {
    URI uri = URI.create(endpointUrl);
    OpcUaClient client =
        OpcUaClient.create(
            endpointUrl,
            endpoints ->
                endpoints.stream()
                    .filter(e -> e.getSecurityPolicyUri().equals(policy.getUri()))
                    .filter(e -> e.getSecurityMode() == mode)
                    .findFirst()
                    .map(e -> EndpointUtil.updateUrl(e, uri.getHost(), uri.getPort())),
            transport -> {},
            config -> {
              config
                  .setApplicationName(LocalizedText.english("plantops test client"))
                  .setApplicationUri("urn:plantops:test-client")
                  .setIdentityProvider(identityProvider);
              if (secure != null) {
                config
                    .setKeyPair(secure.identity().keyPair())
                    .setCertificate(secure.identity().certificate())
                    .setCertificateChain(new X509Certificate[] {secure.identity().certificate()})
                    .setCertificateValidator(
                        new DefaultClientCertificateValidator(
                            secure.trust(), new MemoryCertificateQuarantine()));
              }
            });
    client.connect();
    return client;
  }

  /**
   * A client application instance certificate for tests.
   *
   * @param keyPair RSA key pair
   * @param certificate self-signed certificate with the application URI
   */
  public record ClientIdentity(KeyPair keyPair, X509Certificate certificate) {

    /** A fresh identity for {@code applicationUri}. */
    public static ClientIdentity generate(String applicationUri) {
      try {
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate certificate =
            new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("plantops test client")
                .setApplicationUri(applicationUri)
                .addDnsName("localhost")
                .addIpAddress("127.0.0.1")
                .build();
        return new ClientIdentity(keyPair, certificate);
      } catch (Exception e) {
        throw new IllegalStateException("cannot generate a client certificate", e);
      }
    }

    /** Certificate PEM. */
    public String certificatePem() {
      return ServerIdentity.pem(certificate);
    }

    /** Private key PEM. */
    public String privateKeyPem() {
      return ServerIdentity.pem(keyPair.getPrivate());
    }
  }
}
