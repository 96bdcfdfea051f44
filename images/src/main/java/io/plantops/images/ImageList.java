package io.plantops.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The images the last build made: {@code images/target/images/images.txt}, by images/build.sh. */
public final class ImageList {

  private ImageList() {}

  /**
   * The local reference of image {@code name} ({@code localhost/plantops/NAME:VERSION}).
   *
   * @throws IllegalStateException naming the command that builds it, when it was not built
   */
  public static String reference(Path root, String name) {
    Path list = root.resolve("images/target/images/images.txt");
    try {
      List<String> refs = Files.exists(list) ? Files.readAllLines(list) : List.of();
      return refs.stream()
          .filter(r -> r.contains("/plantops/" + name + ":"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no "
                          + name
                          + " image in "
                          + list
                          + "; build the images first: ./mvnw -B -DskipTests -pl images -am package"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + list, e);
    }
  }
}
