package io.plantops.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The webhook over HTTPS with PEM files as cert-manager (ECDSA, PKCS#8) and the chart's
 * genSignedCert (RSA, PKCS#1) write them, made here with openssl; a client that trusts only that
 * certificate gets an AdmissionReview back.
 */
class AdmissionServerTlsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ecdsa-pkcs8", "rsa-pkcs1"})
  void servesAdmissionReviewsOverTlsFromPemFiles(String keyKind, @TempDir Path dir)
      throws Exception {
    Path key = dir.resolve("tls.key");
    Path cert = dir.resolve("tls.crt");
    if (keyKind.startsWith("ecdsa")) {
      run(
          dir,
          "openssl",
          "genpkey",
          "-algorithm",
          "EC",
          "-pkeyopt",
          "ec_paramgen_curve:P-256",
          "-out",
          key.toString());
    } else {
      run(dir, "openssl", "genrsa", "-traditional", "-out", key.toString(), "2048");
      assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    }
    run(
        dir,
        "openssl",
        "req",
        "-new",
        "-x509",
        "-key",
        key.toString(),
        "-out",
        cert.toString(),
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost");

    AdmissionWebhook webhook =
        new AdmissionWebhook(ClusterReader.of(List.of(), List.of(), List.of()), (u, n, r) -> true);
    try (AdmissionServer server =
        AdmissionServer.start(
            webhook, new InetSocketAddress("127.0.0.1", 0), AdmissionServer.tls(cert, key))) {
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(cert)).build();
      HttpResponse<String> answer =
          https.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "https://localhost:" + server.port() + AdmissionWebhook.SPECS_PATH))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"request\":{\"uid\":\"u1\",\"operation\":\"DELETE\"}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode review = new ObjectMapper().readTree(answer.body());
      assertThat(review.at("/response/uid").asText()).isEqualTo("u1");
      assertThat(review.at("/response/allowed").asBoolean()).isTrue();
    }
  }

  static SSLContext trusting(Path cert) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry(
          "webhook", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  static void run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
  }
}
