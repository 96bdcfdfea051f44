package io.plantops.operator.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * Serves {@link AdmissionWebhook} over HTTPS, as the API server calls a webhook: POST of an
 * AdmissionReview to {@value AdmissionWebhook#SPECS_PATH} or {@value
 * AdmissionWebhook#APPROVALS_PATH}. Plain HTTP only when no certificate is configured (the sandbox,
 * on loopback). A body that is not an AdmissionReview is answered 400; the API server then applies
 * the webhook's failurePolicy.
 */
public final class AdmissionServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 3 * 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;

  private AdmissionServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving {@code webhook}.
   *
   * @param tls the server's certificate and key, or null for plain HTTP
   */
  public static AdmissionServer start(
      AdmissionWebhook webhook, InetSocketAddress address, SSLContext tls) throws IOException {
    HttpServer server;
    if (tls == null) {
      server = HttpServer.create(address, 0);
    } else {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.createContext(AdmissionWebhook.SPECS_PATH, e -> answer(e, webhook::specs));
    server.createContext(AdmissionWebhook.APPROVALS_PATH, e -> answer(e, webhook::approvals));
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "admission-webhook");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    LOG.info(
        "admission webhook serving {} on {}", tls == null ? "HTTP" : "HTTPS", server.getAddress());
    return new AdmissionServer(server, executor);
  }

  /**
   * A TLS context presenting the PEM certificate (chain) and private key in these files (PKCS#8,
   * PKCS#1 RSA or SEC 1 EC keys), as cert-manager or the chart writes them into the Secret.
   */
  public static SSLContext tls(Path certificate, Path privateKey) {
    return SslBundle.of(
            new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate("file:" + certificate.toAbsolutePath())
                    .withPrivateKey("file:" + privateKey.toAbsolutePath()),
                null))
        .createSslContext();
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, Function<JsonNode, JsonNode> handler)
      throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "{\"message\":\"POST an AdmissionReview\"}");
        return;
      }
      JsonNode review;
      try (InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
          send(exchange, 413, "{\"message\":\"AdmissionReview larger than 3 MiB\"}");
          return;
        }
        review = JSON.readTree(body);
        send(exchange, 200, JSON.writeValueAsString(handler.apply(review)));
      } catch (IOException | IllegalArgumentException e) {
        send(
            exchange,
            400,
            JSON.createObjectNode()
                .put("message", "not an AdmissionReview: " + e.getMessage())
                .toString());
      }
    }
  }

  private static void send(HttpExchange exchange, int code, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
