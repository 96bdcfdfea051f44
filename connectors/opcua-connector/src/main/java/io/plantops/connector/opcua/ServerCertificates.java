package io.plantops.connector.opcua;

import io.plantops.contract.rules.Digests;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;

/**
 * The certificates a plant's server presents in its endpoints (GetEndpoints, Part 4 §5.4.4, which
 * needs no secure channel), for a person to check before trusting one: subject, issuer, validity,
 * the SAN URI (the server's ApplicationUri, Part 6 §6.2.2) and the thumbprints. SHA-1 is the
 * thumbprint OPC UA itself uses (Part 6 §6.2.3) and that UaExpert and server trust lists show;
 * SHA-256 is what openssl users compare.
 */
public final class ServerCertificates {

  private static final long TIMEOUT_SECONDS = 15;

  private ServerCertificates() {}

  /**
   * One certificate as offered.
   *
   * @param certificate the certificate (the first of the chain an endpoint sends)
   * @param endpoints the security policies and modes offered with it, e.g. Basic256Sha256/Sign
   */
  public record Offered(X509Certificate certificate, List<String> endpoints) {

    /** SHA-1 thumbprint, colon-separated upper-case hex. */
    public String sha1() throws UaException {
      return colons(CertificateUtil.thumbprint(certificate).bytesOrEmpty());
    }

    /**
     * SHA-256 fingerprint, colon-separated upper-case hex (as {@code openssl x509 -fingerprint}).
     */
    public String sha256() throws CertificateEncodingException {
      return colons(Digests.sha256(certificate.getEncoded()));
    }

    /** The lines {@code browse --server-certificate} prints. */
    public List<String> describe() throws UaException, CertificateEncodingException {
      List<String> lines = new ArrayList<>();
      lines.add("  subject:    " + certificate.getSubjectX500Principal().getName());
      lines.add("  issuer:     " + certificate.getIssuerX500Principal().getName());
      lines.add(
          "  valid:      "
              + certificate.getNotBefore().toInstant()
              + " to "
              + certificate.getNotAfter().toInstant());
      lines.add(
          "  SAN URI:    " + CertificateUtil.getSanUri(certificate).orElse("(none: not OPC UA)"));
      List<String> dns = CertificateUtil.getSanDnsNames(certificate);
      if (!dns.isEmpty()) {
        lines.add("  SAN DNS:    " + String.join(", ", dns));
      }
      lines.add("  SHA-1:      " + sha1());
      lines.add("  SHA-256:    " + sha256());
      lines.add("  endpoints:  " + String.join(", ", endpoints));
      return lines;
    }
  }

  /** The distinct certificates the server at {@code url} offers, in the order it lists them. */
  public static List<Offered> fetch(String url) throws UaException {
    List<EndpointDescription> endpoints;
    try {
      endpoints = DiscoveryClient.getEndpoints(url).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking " + url + " for its endpoints", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "GetEndpoints on "
              + url
              + " failed: "
              + (e.getCause() == null ? e : e.getCause()).getMessage()
              + "; check the endpoint URL and that the server is reachable",
          e);
    }
    Map<String, Offered> byCertificate = new LinkedHashMap<>();
    for (EndpointDescription e : endpoints) {
      ByteString der = e.getServerCertificate();
      if (der == null || der.isNull() || der.length() == 0) {
        continue;
      }
      X509Certificate cert = CertificateUtil.decodeCertificates(der.bytesOrEmpty()).get(0);
      String key = colons(thumbprint(cert));
      byCertificate
          .computeIfAbsent(key, k -> new Offered(cert, new ArrayList<>()))
          .endpoints()
          .add(e.getSecurityPolicyUri().replaceAll(".*#", "") + "/" + e.getSecurityMode());
    }
    return List.copyOf(byCertificate.values());
  }

  /**
   * Prints the certificates the server at {@code url} offers and, with {@code save}, writes the
   * first one as PEM for the trusted server certificates Secret. Returns the exit code.
   */
  public static int print(String url, Optional<Path> save, PrintStream out)
      throws UaException, CertificateEncodingException, IOException {
    List<Offered> offered = fetch(url);
    if (offered.isEmpty()) {
      out.println(
          url
              + " offers no certificate: its endpoints are all SecurityPolicy None, so there is"
              + " nothing to trust and nothing to sign with");
      return 1;
    }
    for (Offered o : offered) {
      out.println("Server certificate of " + url + ":");
      o.describe().forEach(out::println);
    }
    if (save.isPresent()) {
      Files.writeString(save.get(), pem(offered.get(0).certificate()));
      out.println(
          "saved to "
              + save.get()
              + ": compare the thumbprint with the one the server shows on its own console before"
              + " putting it in the trusted server certificates Secret");
    }
    return 0;
  }

  /** The certificate in PEM. */
  public static String pem(X509Certificate cert) throws CertificateEncodingException {
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(cert.getEncoded());
    return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
  }

  private static byte[] thumbprint(X509Certificate cert) throws UaException {
    return CertificateUtil.thumbprint(cert).bytesOrEmpty();
  }

  private static String colons(byte[] bytes) {
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes).toUpperCase(Locale.ROOT);
  }
}
