package io.plantops.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.plantops.contract.HostAliases;
import io.plantops.contract.rules.Digests;
import io.plantops.inference.Fixtures;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSourceTest {

  @TempDir Path dir;

  @Test
  void hashesTheBytesAsItReadsThemAndOffersTheModelsDirectoryForExternalData() throws Exception {
    Path file = Fixtures.modelFile(Fixtures.KILN, "1.2.0");
    byte[] bytes = Files.readAllBytes(file);

    ModelSource.Fetched f =
        new ModelSource(HostAliases.parse(null), dir, null)
            .fetch(file.toUri().toString(), "unused for files");

    assertThat(f.bytes()).isEqualTo(bytes);
    assertThat(f.sha256()).isEqualTo(Digests.sha256Hex(bytes));
    assertThat(f.file()).contains(file);
    assertThat(f.directory()).contains(file.toAbsolutePath().getParent());
    assertThat(f.cacheTarget()).isEmpty();
  }

  @Test
  void downloadsAgainWhenTheCachedFileNoLongerHasItsDigest() throws Exception {
    byte[] bytes = Files.readAllBytes(Fixtures.modelFile(Fixtures.KILN, "1.3.0"));
    String sha = Digests.sha256Hex(bytes);
    Files.write(dir.resolve(sha + ".onnx"), "corrupted on disk".getBytes());
    HttpServer store = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    int[] hits = {0};
    store.createContext(
        "/model.onnx",
        ex -> {
          hits[0]++;
          ex.sendResponseHeaders(200, bytes.length);
          ex.getResponseBody().write(bytes);
          ex.close();
        });
    store.start();
    try {
      ModelSource source = new ModelSource(HostAliases.parse(null), dir, null);
      String uri = "http://127.0.0.1:" + store.getAddress().getPort() + "/model.onnx";

      ModelSource.Fetched f = source.fetch(uri, sha);

      assertThat(hits[0]).isEqualTo(1);
      assertThat(f.sha256()).isEqualTo(sha);
      assertThat(f.directory()).as("downloads carry no external data").isEmpty();
      assertThat(f.cacheTarget()).contains(dir.resolve(sha + ".onnx"));
      source.cache(f.cacheTarget().orElseThrow(), f.bytes());
      assertThat(source.fetch(uri, sha).file()).contains(dir.resolve(sha + ".onnx"));
      assertThat(hits[0]).as("the repaired cache entry serves the next load").isEqualTo(1);
    } finally {
      store.stop(0);
    }
  }
}
