package io.plantops.operator.admission;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;

/**
 * Starts the admission webhook server when {@code plantops.admission.enabled} is true (the chart
 * sets it with the ValidatingWebhookConfiguration it registers).
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "plantops.admission", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(AdmissionConfiguration.AdmissionProperties.class)
public class AdmissionConfiguration {

  /**
   * The webhook server.
   *
   * @param enabled serve the admission webhook
   * @param port its port
   * @param tlsCertFile PEM certificate (chain) the server presents; empty serves plain HTTP, which
   *     only the sandbox does, on loopback
   * @param tlsKeyFile PEM private key of that certificate
   * @param corporateRoles approver roles that only a cluster-wide binding grants (the chart's
   *     rbac.approverRoles.corporate)
   */
  @ConfigurationProperties("plantops.admission")
  public record AdmissionProperties(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("9443") int port,
      @DefaultValue("") String tlsCertFile,
      @DefaultValue("") String tlsKeyFile,
      @DefaultValue List<String> corporateRoles) {}

  @Bean
  AdmissionWebhook admissionWebhook(KubernetesClient client, AdmissionProperties properties) {
    return new AdmissionWebhook(
        ClusterReader.of(client),
        new SubjectAccessReviewAuthorizer(client),
        Set.copyOf(properties.corporateRoles()));
  }

  @Bean(destroyMethod = "close")
  AdmissionServer admissionServer(AdmissionWebhook webhook, AdmissionProperties properties)
      throws IOException {
    SSLContext tls =
        properties.tlsCertFile().isBlank()
            ? null
            : AdmissionServer.tls(
                Path.of(properties.tlsCertFile()), Path.of(properties.tlsKeyFile()));
    return AdmissionServer.start(webhook, new InetSocketAddress(properties.port()), tls);
  }
}
