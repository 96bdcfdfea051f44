package io.plantops.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantops.inference.http.HttpLimits;
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

  @Test
  void readsTheHttpLimitsWithADefaultEach() {
    Settings defaults = Settings.fromEnvironment(Map.of());
    Settings set =
        Settings.fromEnvironment(
            Map.of(
                "PLANTOPS_MAX_BODY_BYTES", "65536",
                "PLANTOPS_HTTP_HEADER_TIMEOUT_MS", "2000",
                "PLANTOPS_HTTP_BODY_TIMEOUT_MS", "3000",
                "PLANTOPS_HTTP_IDLE_TIMEOUT_MS", "4000",
                "PLANTOPS_HTTP_MAX_CONNECTIONS", "5"));

    assertThat(defaults.http()).isEqualTo(new HttpLimits(4L << 20, 10_000, 30_000, 60_000, 512));
    assertThat(set.http()).isEqualTo(new HttpLimits(65536, 2000, 3000, 4000, 5));
    assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("PLANTOPS_HTTP_MAX_CONNECTIONS", "0")))
        .hasMessageContaining("PLANTOPS_HTTP_MAX_CONNECTIONS=0 must lie in [1, 100000]");
  }
}
