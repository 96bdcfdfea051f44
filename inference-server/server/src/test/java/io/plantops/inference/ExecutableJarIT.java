package io.plantops.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.plantops.contract.Autonomy;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.UseCaseConfig.Model;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as its own process, configured only by the environment, as a pod runs it. */
class ExecutableJarIT {

  @TempDir Path dir;

  private static Model storeUri(Model m, String template) {
    return new Model(
        m.version(),
        "http://model-store.plantops-system.svc:8080/models/"
            + template
            + "/"
            + m.version()
            + "/model.onnx",
        m.sha256(),
        m.inputTensor(),
        m.outputTensor(),
        m.reference());
  }

  @Test
  void runsFromTheExecutableJarWithConfigFromTheMountRoot() throws Exception {
    Path jar =
        Path.of("target")
            .toAbsolutePath()
            .resolve("plantops-inference-server-0.1.0-SNAPSHOT-exec.jar");
    assertThat(jar).exists();
    Path config = dir.resolve("etc/plantops/config/plant-config.json");
    Files.createDirectories(config.getParent());
    // models come from the model store by the templates' URIs, as in the sandbox
    HttpServer store = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    store.createContext(
        "/models/",
        ex -> {
          Path file =
              Fixtures.MODELS
                  .resolve(ex.getRequestURI().getPath().substring("/models/".length()))
                  .normalize();
          if (!file.startsWith(Fixtures.MODELS) || !Files.isRegularFile(file)) {
            ex.sendResponseHeaders(404, -1);
          } else {
            byte[] bytes = Files.readAllBytes(file);
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
          }
          ex.close();
        });
    store.start();
    Model kiln = storeUri(Fixtures.model(Fixtures.KILN, "1.2.0"), Fixtures.KILN);
    Files.writeString(
        config, PlantConfigCodec.toJson(Fixtures.lyon(Autonomy.Advisory, kiln, null)));
    Path log = dir.resolve("server.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("PLANTOPS_MOUNT_ROOT", dir.toString());
    pb.environment().put("PLANTOPS_HTTP_PORT", "0");
    pb.environment().put("PLANTOPS_HTTP_HOST", "127.0.0.1");
    pb.environment()
        .put(
            "PLANTOPS_HOST_ALIASES",
            "model-store.plantops-system.svc:8080=127.0.0.1:" + store.getAddress().getPort());
    Process p = pb.start();
    try {
      Pattern listening = Pattern.compile("listening on 127.0.0.1:(\\d+)");
      int[] port = {0};
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                Matcher m = listening.matcher(Files.readString(log));
                if (m.find()) {
                  port[0] = Integer.parseInt(m.group(1));
                }
                return port[0] > 0;
              });
      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + port[0]);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  http.send(
                              HttpRequest.newBuilder(base.resolve("/v2/health/ready")).build(),
                              HttpResponse.BodyHandlers.ofString())
                          .statusCode()
                      == 200);
      String body =
          http.send(
                  HttpRequest.newBuilder(base.resolve("/v1/status")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      InferenceStatus status = PlantConfigCodec.mapper().readValue(body, InferenceStatus.class);
      assertThat(status.plant()).isEqualTo("lyon");
      InferenceStatus.UseCaseStatus energy = status.useCases().get(0);
      assertThat(energy.active().state()).as(body).isEqualTo(ModelLoadState.Loaded);
      assertThat(energy.active().sha256()).isEqualTo(kiln.sha256());
      // the download was verified and cached under the mount root's data dir
      assertThat(dir.resolve("var/lib/plantops/plantops-model-cache/" + kiln.sha256() + ".onnx"))
          .exists();
      // file:// paths resolve under the mount root too: the free-lime model is not there
      assertThat(status.useCases().get(1).active().reason().toString())
          .startsWith("Unreadable: cannot read file://")
          .contains(dir.toString());
    } finally {
      store.stop(0);
      p.destroy();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
