package io.plantops.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the runnable jars this repository builds. */
public final class Artifacts {

  private Artifacts() {}

  /**
   * The executable jar under {@code <root>/<module>/target} whose name starts with {@code prefix}
   * and ends with {@code suffix}.
   *
   * @throws IllegalStateException naming the module and the command that builds it
   */
  public static Path jar(Path root, String module, String prefix, String suffix) {
    Path target = root.resolve(module).resolve("target");
    try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
      List<Path> found =
          files
              .filter(
                  p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith(prefix) && n.endsWith(suffix) && !n.startsWith("original-");
                  })
              .sorted()
              .toList();
      if (found.isEmpty()) {
        throw new IllegalStateException(
            "no "
                + prefix
                + "*"
                + suffix
                + " in "
                + target
                + "; build it with ./mvnw -B -DskipTests package");
      }
      return found.get(found.size() - 1);
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + target, e);
    }
  }
}
