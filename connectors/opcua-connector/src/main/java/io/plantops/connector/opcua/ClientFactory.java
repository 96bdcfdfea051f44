package io.plantops.connector.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds Milo clients with the configured security (the connector and the CLI share it). */
public final class ClientFactory {

  private static final Logger LOG = LoggerFactory.getLogger(ClientFactory.class);

  static {
    // Aes256_Sha256_RsaPss needs BouncyCastle's RSA-PSS
    if (java.security.Security.getProvider(
            org.bouncycastle.jce.provider.BouncyCastleProvider.PROVIDER_NAME)
        == null) {
      java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    }
  }

  private ClientFactory() {}

  /**
   * A client for {@code url} on the endpoint matching the policy, mode and user token type of
   * {@code security}; it is not connected yet. The server certificate is validated against the
   * trusted certificates only (no trust on first use).
   */
  public static OpcUaClient create(
      String url, ClientSecurity security, String sessionName, OpcUaTuning tuning)
      throws UaException {
    URI uri = URI.create(url);
    UserTokenType tokenType =
        security.username().isPresent() ? UserTokenType.UserName : UserTokenType.Anonymous;
    MemoryTrustListManager trust = new MemoryTrustListManager();
    security.trusted().forEach(trust::addTrustedCertificate);
    IdentityProvider identity =
        security.username().isPresent()
            ? new UsernameProvider(security.username().get(), security.password().orElse(""))
            : new AnonymousProvider();
    return OpcUaClient.create(
        url,
        endpoints -> {
          Optional<EndpointDescription> chosen =
              endpoints.stream()
                  .filter(e -> security.policy().getUri().equals(e.getSecurityPolicyUri()))
                  .filter(e -> e.getSecurityMode() == security.mode())
                  .filter(e -> offers(e, tokenType))
                  .findFirst()
                  // the server names itself by its own host; dial the one configured (or aliased)
                  .map(e -> EndpointUtil.updateUrl(e, uri.getHost(), uri.getPort()));
          if (chosen.isEmpty()) {
            LOG.error(
                "{} offers no endpoint with {} / {} and {} users; it offers {}",
                url,
                security.policy().name(),
                security.mode(),
                tokenType,
                endpoints.stream()
                    .map(
                        e ->
                            e.getSecurityPolicyUri().replaceAll(".*#", "")
                                + "/"
                                + e.getSecurityMode())
                    .distinct()
                    .toList());
          }
          return chosen;
        },
        transport -> {},
        builder -> {
          builder
              .setApplicationName(LocalizedText.english("plantops OPC UA connector"))
              .setApplicationUri(security.applicationUri())
              .setProductUri("urn:plantops:opcua-connector")
              .setSessionName(() -> sessionName)
              .setIdentityProvider(identity)
              .setRequestTimeout(uint(tuning.requestTimeoutMs()))
              .setKeepAliveInterval(uint(tuning.keepAliveIntervalMs()))
              .setCertificateValidator(
                  new DefaultClientCertificateValidator(trust, new MemoryCertificateQuarantine()));
          security.keyPair().ifPresent(builder::setKeyPair);
          security
              .certificate()
              .ifPresent(
                  c -> builder.setCertificate(c).setCertificateChain(new X509Certificate[] {c}));
        });
  }

  private static boolean offers(EndpointDescription e, UserTokenType type) {
    UserTokenPolicy[] policies = e.getUserIdentityTokens();
    return policies != null && Stream.of(policies).anyMatch(p -> p.getTokenType() == type);
  }
}
