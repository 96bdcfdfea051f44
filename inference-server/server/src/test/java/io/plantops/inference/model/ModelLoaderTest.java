package io.plantops.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import com.sun.net.httpserver.HttpServer;
import io.plantops.contract.HostAliases;
import io.plantops.contract.ModelRefusalReason;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.contract.rules.Digests;
import io.plantops.inference.Fixtures;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {

  @TempDir Path dir;

  private ModelLoader loader(String mountRoot, HostAliases aliases) {
    return new ModelLoader(
        OrtEnvironment.getEnvironment(),
        aliases,
        dir.resolve("cache"),
        Clock.systemUTC(),
        mountRoot);
  }

  private ModelLoader loader() {
    return loader(null, HostAliases.parse(null));
  }

  private static Model at(Model m, String uri, String sha256) {
    return new Model(m.version(), uri, sha256, m.inputTensor(), m.outputTensor(), m.reference());
  }

  private static ModelRefusalReason refusal(ThrowingLoad load) {
    try {
      load.run();
    } catch (ModelRefusedException e) {
      return e.reason();
    }
    throw new AssertionError("the model was not refused");
  }

  private interface ThrowingLoad {
    void run() throws ModelRefusedException;
  }

  @Test
  void loadsCommittedModelFromFileUriAfterVerifyingItsDigest() throws Exception {
    Model m = Fixtures.model(Fixtures.KILN, "1.2.0");
    LoadedModel loaded = loader().load(m, 7, 1);
    assertThat(loaded.sha256()).isEqualTo(m.sha256());
    float[] y = loaded.run(new float[] {160, 3.5f, 1478, 2.05f, 11.65f, 336, 620}, 1);
    assertThat(y[0]).isBetween(9f, 14f);
    loaded.retire();
  }

  @Test
  void refusesDigestMismatchBeforeCreatingASession() {
    Model m = Fixtures.model(Fixtures.KILN, "1.2.0");
    assertThatThrownBy(() -> loader().load(at(m, m.uri(), "2".repeat(64)), 7, 1))
        .isInstanceOfSatisfying(
            ModelRefusedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ModelRefusalReason.DigestMismatch);
              assertThat(e.getMessage()).contains(m.sha256()).contains("2222");
            });
  }

  @Test
  void refusesMissingOrGarbageFilesAsUnreadable() throws Exception {
    Model m = Fixtures.model(Fixtures.KILN, "1.2.0");
    Path missing = dir.resolve("missing.onnx");
    assertThat(refusal(() -> loader().load(at(m, missing.toUri().toString(), m.sha256()), 7, 1)))
        .isEqualTo(ModelRefusalReason.Unreadable);
    Path garbage = dir.resolve("garbage.onnx");
    byte[] bytes = "this is not a protobuf, it is text".getBytes();
    Files.write(garbage, bytes);
    assertThat(
            refusal(
                () ->
                    loader()
                        .load(at(m, garbage.toUri().toString(), Digests.sha256Hex(bytes)), 7, 1)))
        .isEqualTo(ModelRefusalReason.Unreadable);
  }

  @Test
  void refusesModelWhoseShapeDiffersFromTheTemplate() {
    // the free-lime model has 6 inputs; the kiln use case declares 7
    Model lime = Fixtures.model(Fixtures.LIME, "1.0.0");
    assertThatThrownBy(() -> loader().load(lime, 7, 1))
        .isInstanceOfSatisfying(
            ModelRefusedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ModelRefusalReason.SignatureMismatch);
              assertThat(e.getMessage()).contains("[-1, 6]").contains("[N, 7]");
            });
    Model renamed =
        new Model(lime.version(), lime.uri(), lime.sha256(), "features", "output", List.of());
    assertThat(refusal(() -> loader().load(renamed, 6, 1)))
        .isEqualTo(ModelRefusalReason.SignatureMismatch);
  }

  private Model externalModel(Path modelDir, String location) throws Exception {
    Files.createDirectories(modelDir);
    byte[] base = Files.readAllBytes(Fixtures.modelFile(Fixtures.KILN, "1.2.0"));
    byte[] edited = OnnxBytes.withExternalInitializer(base, "extra_weight", location);
    Path file = modelDir.resolve("model.onnx");
    Files.write(file, edited);
    assertThat(OnnxExternalData.references(edited))
        .containsExactly(new OnnxExternalData.Reference("extra_weight", location));
    Model m = Fixtures.model(Fixtures.KILN, "1.2.0");
    return at(m, file.toUri().toString(), Digests.sha256Hex(edited));
  }

  @Test
  void refusesExternalDataOutsideTheModelDirectory() throws Exception {
    Files.write(dir.resolve("outside.bin"), new byte[4]);
    Model parent = externalModel(dir.resolve("a"), "../outside.bin");
    assertThat(refusal(() -> loader().load(parent, 7, 1)))
        .isEqualTo(ModelRefusalReason.ExternalDataOutsideModelDir);
    Model absolute = externalModel(dir.resolve("b"), dir.resolve("outside.bin").toString());
    assertThat(refusal(() -> loader().load(absolute, 7, 1)))
        .isEqualTo(ModelRefusalReason.ExternalDataOutsideModelDir);
    Model viaLink = externalModel(dir.resolve("c"), "link.bin");
    Files.createSymbolicLink(dir.resolve("c/link.bin"), dir.resolve("outside.bin"));
    assertThat(refusal(() -> loader().load(viaLink, 7, 1)))
        .isEqualTo(ModelRefusalReason.ExternalDataOutsideModelDir);
  }

  @Test
  void loadsExternalDataInsideTheModelDirectory() throws Exception {
    Model inside = externalModel(dir.resolve("d"), "weights.bin");
    Files.write(dir.resolve("d/weights.bin"), new byte[4]);
    LoadedModel loaded = loader().load(inside, 7, 1);
    assertThat(loaded.version()).isEqualTo("1.2.0");
    loaded.retire();
  }

  @Test
  void downloadsHttpModelThroughHostAliasesAndServesItFromCacheAfterwards() throws Exception {
    HttpServer store = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] bytes = Files.readAllBytes(Fixtures.modelFile(Fixtures.KILN, "1.3.0"));
    int[] hits = {0};
    store.createContext(
        "/models/kiln-energy-optimization/1.3.0/model.onnx",
        ex -> {
          hits[0]++;
          ex.sendResponseHeaders(200, bytes.length);
          ex.getResponseBody().write(bytes);
          ex.close();
        });
    store.start();
    try {
      HostAliases aliases =
          HostAliases.parse(
              "model-store.plantops-system.svc:8080=127.0.0.1:" + store.getAddress().getPort());
      Model m = Fixtures.model(Fixtures.KILN, "1.3.0");
      Model remote =
          at(
              m,
              "http://model-store.plantops-system.svc:8080/models/kiln-energy-optimization/1.3.0/model.onnx",
              m.sha256());
      loader(null, aliases).load(remote, 7, 1).retire();
      assertThat(hits[0]).isEqualTo(1);
      assertThat(dir.resolve("cache").resolve(m.sha256() + ".onnx")).exists();
      loader(null, aliases).load(remote, 7, 1).retire();
      assertThat(hits[0]).as("second load is served from the verified cache").isEqualTo(1);

      // the cache is content-addressed: another digest must be downloaded, and 404s
      Model wrong = at(remote, remote.uri().replace("1.3.0/model", "9.9.9/model"), "3".repeat(64));
      assertThatThrownBy(() -> loader(null, aliases).load(wrong, 7, 1))
          .isInstanceOfSatisfying(
              ModelRefusedException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ModelRefusalReason.Unreadable);
                assertThat(e.getMessage()).contains("HTTP 404");
              });
    } finally {
      store.stop(0);
    }
  }

  @Test
  void resolvesConfigmapUriUnderTheModelsMount() throws Exception {
    Path mounted = dir.resolve("root/etc/plantops/models/kiln-models");
    Files.createDirectories(mounted);
    Files.copy(Fixtures.modelFile(Fixtures.KILN, "1.2.0"), mounted.resolve("model.onnx"));
    Model m = Fixtures.model(Fixtures.KILN, "1.2.0");
    loader(dir.resolve("root").toString(), HostAliases.parse(null))
        .load(at(m, "configmap://kiln-models/model.onnx", m.sha256()), 7, 1)
        .retire();
    assertThat(
            refusal(
                () ->
                    loader(dir.resolve("root").toString(), HostAliases.parse(null))
                        .load(at(m, "configmap://kiln-models/..", m.sha256()), 7, 1)))
        .isEqualTo(ModelRefusalReason.Unreadable);
  }

  @Test
  void findsNoExternalDataInTheExampleModelsAndRefusesTruncatedProtobuf() throws Exception {
    byte[] bytes = Files.readAllBytes(Fixtures.modelFile(Fixtures.KILN, "1.2.0"));
    assertThat(OnnxExternalData.references(bytes)).isEmpty();
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 7);
    assertThatThrownBy(() -> OnnxExternalData.references(truncated))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
