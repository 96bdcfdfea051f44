package io.plantops.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void modelUrisAreRewrittenThroughTheAliasFileAsWellAsTheVariable(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("host-aliases");
    Files.writeString(file, "model-store.plantops-system.svc:8080=127.0.0.1:34463\n");
    Settings settings =
        Settings.fromEnvironment(
            Map.of(
                "PLANTOPS_HOST_ALIASES",
                "other.example:80=127.0.0.1:81",
                "PLANTOPS_HOST_ALIASES_FILE",
                file.toString()));

    assertThat(settings.aliases().rewrite("http://model-store.plantops-system.svc:8080/m.onnx"))
        .isEqualTo("http://127.0.0.1:34463/m.onnx");
    assertThat(settings.aliases().rewrite("http://other.example:80/m.onnx"))
        .isEqualTo("http://127.0.0.1:81/m.onnx");
  }

  @Test
  void aMalformedPortIsAnErrorNamingTheVariable() {
    assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("PLANTOPS_HTTP_PORT", "http")))
        .hasMessageContaining("PLANTOPS_HTTP_PORT");
  }
}
