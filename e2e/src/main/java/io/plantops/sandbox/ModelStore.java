package io.plantops.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * Serves {@code examples/models} over HTTP at {@code /models/<template>/<version>/model.onnx}, the
 * sandbox's stand-in for the model store the example templates point at ({@code
 * http://model-store.plantops-system.svc:8080/models/...}). Read-only; paths cannot leave the
 * directory.
 */
public final class ModelStore implements AutoCloseable {

  /** The authority the example templates use. */
  public static final String AUTHORITY = "model-store.plantops-system.svc:8080";

  private final HttpServer server;

  private ModelStore(HttpServer server) {
    this.server = server;
  }

  /** Starts serving {@code modelsDir} on a free loopback port. */
  public static ModelStore start(Path modelsDir) throws IOException {
    Path root = modelsDir.toAbsolutePath().normalize();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "model-store");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/models/", x -> serve(root, x));
    server.start();
    return new ModelStore(server);
  }

  private static void serve(Path root, HttpExchange x) throws IOException {
    try (x) {
      String relative = x.getRequestURI().getPath().substring("/models/".length());
      Path file = root.resolve(relative).normalize();
      if (!"GET".equals(x.getRequestMethod())
          || !file.startsWith(root)
          || !Files.isRegularFile(file)) {
        x.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = Files.readAllBytes(file);
      x.getResponseHeaders().add("Content-Type", "application/octet-stream");
      x.sendResponseHeaders(200, body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** {@code 127.0.0.1:<port>}, the alias target for {@link #AUTHORITY}. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
