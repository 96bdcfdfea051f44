package io.plantops.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;

/**
 * The images this module's build made (target/images, written by images/build.sh), and podman to
 * run them. Where podman cannot run, {@link #orSkip()} skips the calling tests with the reason the
 * build recorded: a skipped test says why, it never passes.
 */
record BuiltImages(Path dir, String version, Podman podman) {

  static final Path ROOT =
      Path.of(System.getProperty("plantops.root", "..")).toAbsolutePath().normalize();
  static final ObjectMapper JSON = new ObjectMapper();

  /** The built images, or the calling tests skipped with the reason podman cannot run here. */
  static BuiltImages orSkip() {
    Path dir =
        Path.of(
            System.getProperty(
                "plantops.images.dir", ROOT.resolve("images/target/images").toString()));
    Path unavailable = dir.resolve("unavailable.txt");
    if (Files.exists(unavailable)) {
      Assumptions.abort("podman cannot run on this machine: " + read(unavailable).strip());
    }
    assertThat(dir.resolve("images.txt"))
        .as("images/build.sh ran (mvn package in images/) and wrote the list of images it built")
        .exists();
    Podman.Availability a = Podman.detect(ROOT);
    Assumptions.assumeTrue(a.podman().isPresent(), () -> "podman cannot run here: " + a.reason());
    return new BuiltImages(
        dir, System.getProperty("plantops.images.version", "0.1.0-SNAPSHOT"), a.podman().get());
  }

  /** {@code localhost/plantops/NAME:VERSION}. */
  String reference(String name) {
    return "localhost/plantops/" + name + ":" + version;
  }

  /** The image config of {@code name} as podman inspected it after the build. */
  ImageConfig config(String name) {
    try {
      JsonNode inspect = JSON.readTree(dir.resolve(name + ".inspect.json").toFile());
      return ImageConfig.of(inspect.get(0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What of an image's config a runtime uses to start it. */
  record ImageConfig(
      Optional<String> user,
      List<String> entrypoint,
      List<String> cmd,
      TreeSet<String> exposedPorts,
      TreeSet<String> volumes,
      Map<String, String> env,
      Map<String, String> labels,
      Optional<String> stopSignal,
      long size) {

    static ImageConfig of(JsonNode image) {
      JsonNode c = image.path("Config");
      Map<String, String> env = new TreeMap<>();
      c.path("Env")
          .forEach(
              e -> {
                String[] kv = e.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
              });
      Map<String, String> labels = new TreeMap<>();
      c.path("Labels")
          .fields()
          .forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
      return new ImageConfig(
          text(c.path("User")),
          strings(c.path("Entrypoint")),
          strings(c.path("Cmd")),
          keys(c.path("ExposedPorts")),
          keys(c.path("Volumes")),
          env,
          labels,
          text(c.path("StopSignal")),
          image.path("Size").asLong());
    }

    private static Optional<String> text(JsonNode n) {
      return n.isTextual() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
    }

    private static List<String> strings(JsonNode n) {
      List<String> out = new ArrayList<>();
      n.forEach(e -> out.add(e.asText()));
      return out;
    }

    private static TreeSet<String> keys(JsonNode n) {
      TreeSet<String> out = new TreeSet<>();
      n.fieldNames().forEachRemaining(out::add);
      return out;
    }
  }
}
