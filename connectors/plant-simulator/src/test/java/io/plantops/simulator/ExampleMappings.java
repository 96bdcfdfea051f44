package io.plantops.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mappings of {@code examples/plants/<plant>/tagmapping.yaml}, read as plain YAML. */
public final class ExampleMappings {

  /**
   * One mapping entry.
   *
   * @param signal canonical signal
   * @param nodeId NodeId string
   * @param unit site unit
   * @param scale raw multiplier (1 when absent)
   * @param offset added after scaling (0 when absent)
   * @param samplingIntervalMs sampling interval
   * @param readWrite true when access is ReadWrite
   */
  public record Entry(
      String signal,
      String nodeId,
      String unit,
      double scale,
      double offset,
      int samplingIntervalMs,
      boolean readWrite) {}

  private ExampleMappings() {}

  /** The repository's examples directory, found from the working directory upwards. */
  public static Path examplesDir() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("examples/plants"))) {
        return dir.resolve("examples");
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no examples/plants above " + Path.of("").toAbsolutePath());
  }

  /** The entries of a plant's example TagMapping. */
  public static List<Entry> of(String plant) {
    Path file = examplesDir().resolve("plants").resolve(plant).resolve("tagmapping.yaml");
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      List<Entry> entries = new ArrayList<>();
      for (JsonNode m : root.path("spec").path("mappings")) {
        entries.add(
            new Entry(
                m.path("signal").asText(),
                m.path("nodeId").asText(),
                m.path("unit").asText(),
                m.path("scale").asDouble(1.0),
                m.path("offset").asDouble(0.0),
                m.path("samplingIntervalMs").asInt(),
                "ReadWrite".equals(m.path("access").asText("Read"))));
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
