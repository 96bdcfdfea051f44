package io.plantops.sandbox.runtime;

import com.sun.net.httpserver.HttpServer;
import io.plantops.contract.MountPaths;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A minimal workload for the runtime's tests: ready once its config file exists; serves the config
 * file, the secret file and its host aliases so a test can see what the runtime gave it.
 */
public final class FakeWorkload {
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv("PLANTOPS_HTTP_PORT"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    Path config = MountPaths.resolve(MountPaths.CONFIG_FILE);
    Path secret = MountPaths.resolve(MountPaths.OPCUA_USER_DIR + "/username");
    Path data = MountPaths.resolve(MountPaths.DATA_DIR);
    server.createContext(
        "/v2/health/ready",
        x -> reply(x, Files.exists(config) && Files.isDirectory(data) ? 200 : 503, "ready"));
    server.createContext("/config", x -> reply(x, 200, Files.readString(config)));
    server.createContext("/secret", x -> reply(x, 200, Files.readString(secret)));
    io.plantops.contract.HostAliases aliases = io.plantops.contract.HostAliases.fromEnvironment();
    server.createContext("/aliases", x -> reply(x, 200, aliases.asMap().toString()));
    server.start();
  }

  private static void reply(com.sun.net.httpserver.HttpExchange x, int code, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }
}
