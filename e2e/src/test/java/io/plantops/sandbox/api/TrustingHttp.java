package io.plantops.sandbox.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Raw GETs for tests that send requests to the sandbox's API server themselves: it serves HTTPS
 * with the mock server's self-signed certificate, which names no host, so neither the certificate
 * nor the host name is checked (as the kubeconfig's {@code insecure-skip-tls-verify} tells
 * kubectl).
 */
final class TrustingHttp {

  /** The status code and body of an answer. */
  record Response(int statusCode, String body) {}

  private TrustingHttp() {}

  /** GET {@code uri} with {@code headers} given as name, value, name, value... */
  static Response get(URI uri, String... headers) throws Exception {
    HttpsURLConnection c = (HttpsURLConnection) uri.toURL().openConnection();
    c.setSSLSocketFactory(trustAll().getSocketFactory());
    c.setHostnameVerifier((host, session) -> true);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      c.setRequestProperty(headers[i], headers[i + 1]);
    }
    int code = c.getResponseCode();
    try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
      return new Response(code, in == null ? "" : read(in));
    } finally {
      c.disconnect();
    }
  }

  private static String read(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static SSLContext trustAll() throws Exception {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    return tls;
  }
}
