package io.plantops.sandbox.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which local command stands in for which container image. The sandbox has no container engine: an
 * image {@code <registry>/<org>/inference-server:<tag>} runs as {@code java -jar
 * plantops-inference-server.jar} built from this repository.
 */
public final class ImageCatalog {

  private final Map<String, List<String>> commands = new LinkedHashMap<>();

  /** Registers the command for images whose repository name (last path segment) is {@code name}. */
  public ImageCatalog register(String name, List<String> command) {
    commands.put(name, List.copyOf(command));
    return this;
  }

  /** Registers {@code java [jvmArgs] -jar <jar>} for the image name. */
  public ImageCatalog registerJar(String name, Path jar, String... jvmArgs) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "image "
              + name
              + ": "
              + jar
              + " does not exist; build it first (./mvnw -DskipTests package)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmArgs));
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    return register(name, command);
  }

  /** The command for an image reference, if the catalog knows its repository name. */
  public Optional<List<String>> commandFor(String image) {
    return Optional.ofNullable(commands.get(repositoryName(image)));
  }

  /** {@code ghcr.io/plantops/inference-server:0.1.0@sha256:...} gives {@code inference-server}. */
  static String repositoryName(String image) {
    String withoutDigest = image.split("@", 2)[0];
    String last = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
    int colon = last.indexOf(':');
    return colon < 0 ? last : last.substring(0, colon);
  }
}
