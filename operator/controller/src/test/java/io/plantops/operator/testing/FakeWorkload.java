package io.plantops.operator.testing;

import com.sun.net.httpserver.HttpServer;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for one workload's status endpoint: serves a canned status document on {@code GET
 * /v1/status} (the real inference server and connector are other modules; end-to-end tests run
 * them). The document can be replaced while the operator polls.
 */
public final class FakeWorkload implements AutoCloseable {

  private final HttpServer server;
  private final AtomicReference<Object> status = new AtomicReference<>();
  private final AtomicInteger polls = new AtomicInteger();

  public FakeWorkload() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        Ports.STATUS_PATH,
        exchange -> {
          polls.incrementAndGet();
          Object body = status.get();
          if (body == null) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
          }
          byte[] bytes =
              PlantConfigCodec.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  /** Serves {@code document} from now on (null: answer 503). */
  public void serve(Object document) {
    status.set(document);
  }

  /** {@code 127.0.0.1:port}. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many times the endpoint was polled. */
  public int polls() {
    return polls.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
