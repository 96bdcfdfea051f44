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

  @Test
  void requiresTheDataPathTokenWhenItsFileIsMountedOrWhenToldTo(@TempDir Path dir)
      throws Exception {
    Path token = dir.resolve("etc/plantops/secrets/datapath/token");
    Map<String, String> root = Map.of("PLANTOPS_MOUNT_ROOT", dir.toString());

    assertThat(Settings.fromEnvironment(root).dataPath().enabled()).isFalse();
    // fails closed: told to require it, a missing file refuses rather than opens
    Settings told =
        Settings.fromEnvironment(
            Map.of("PLANTOPS_MOUNT_ROOT", dir.toString(), "PLANTOPS_DATAPATH_AUTH", "required"));
    assertThat(told.dataPath().tokenFile()).hasValue(token);
    assertThat(told.dataPath().modelEndpoints()).isTrue();
    assertThat(told.dataPath().graceMs()).isEqualTo(600_000);

    Files.createDirectories(token.getParent());
    Files.writeString(token, "t\n");
    assertThat(Settings.fromEnvironment(root).dataPath().enabled()).isTrue();
    Settings open =
        Settings.fromEnvironment(
            Map.of(
                "PLANTOPS_MOUNT_ROOT", dir.toString(),
                "PLANTOPS_DATAPATH_AUTH", "required",
                "PLANTOPS_DATAPATH_AUTH_MODEL_ENDPOINTS", "false",
                "PLANTOPS_DATAPATH_GRACE_MS", "1000"));
    assertThat(open.dataPath().modelEndpoints()).isFalse();
    assertThat(open.dataPath().graceMs()).isEqualTo(1000);
    assertThat(
            Settings.fromEnvironment(
                    Map.of("PLANTOPS_MOUNT_ROOT", dir.toString(), "PLANTOPS_DATAPATH_AUTH", "off"))
                .dataPath()
                .enabled())
        .isFalse();
    assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("PLANTOPS_DATAPATH_AUTH", "yes")))
        .hasMessageContaining("PLANTOPS_DATAPATH_AUTH=yes must be 'required' or 'off'");
  }
}
