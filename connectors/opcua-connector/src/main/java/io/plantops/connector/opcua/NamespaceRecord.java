package io.plantops.connector.opcua;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace URI the connector first saw at each namespace index of a server, kept in its data
 * directory so that it outlives restarts of the connector and of the server. A server may number
 * its namespaces differently after a restart; only the URIs are stable (OPC UA Part 3 §8.2.2, Part
 * 4 §5.4). A mapping that names its namespace by index ({@code ns=N}) is checked against this
 * record on every connect ({@link MappedNodes}).
 *
 * <p>The record is keyed by endpoint URL and index. An index is recorded when a mapping first uses
 * it on a connected session, and never rewritten: a mapping whose namespace moved stays refused
 * until it names the namespace by URI ({@code nsu=}) or the record is deleted on purpose.
 */
public final class NamespaceRecord {

  private static final Logger LOG = LoggerFactory.getLogger(NamespaceRecord.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What was seen at one index.
   *
   * @param uri the namespace URI
   * @param firstSeen when the connector first saw it there
   */
  public record Seen(String uri, String firstSeen) {}

  private final Path file;
  private final Map<String, Map<Integer, Seen>> byEndpoint;

  private NamespaceRecord(Path file, Map<String, Map<Integer, Seen>> byEndpoint) {
    this.file = file;
    this.byEndpoint = byEndpoint;
  }

  /** A record that lives as long as the process (tests, the command-line tools). */
  public static NamespaceRecord inMemory() {
    return new NamespaceRecord(null, new TreeMap<>());
  }

  /**
   * The record kept in {@code file}, read when it exists.
   *
   * @throws UncheckedIOException when the file exists and cannot be read: the connector must not
   *     forget what it saw and accept a namespace that moved
   */
  public static NamespaceRecord open(Path file) {
    if (!Files.exists(file)) {
      return new NamespaceRecord(file, new TreeMap<>());
    }
    try {
      Map<String, Map<Integer, Seen>> read =
          JSON.readValue(
              file.toFile(), new TypeReference<TreeMap<String, Map<Integer, Seen>>>() {});
      Map<String, Map<Integer, Seen>> copy = new TreeMap<>();
      read.forEach((endpoint, seen) -> copy.put(endpoint, new TreeMap<>(seen)));
      return new NamespaceRecord(file, copy);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the namespace record "
              + file
              + " ("
              + e.getMessage()
              + "); repair or delete it: deleting it accepts the server's namespace indexes as"
              + " they are now",
          e);
    }
  }

  /**
   * What was first seen at {@code index} of {@code endpoint}; when nothing was, {@code uriNow} is
   * recorded (and kept on disk) and returned.
   */
  public synchronized Seen seen(String endpoint, int index, String uriNow, Instant now) {
    Map<Integer, Seen> seen = byEndpoint.computeIfAbsent(endpoint, e -> new TreeMap<>());
    Seen first = seen.get(index);
    if (first != null) {
      return first;
    }
    Seen recorded = new Seen(uriNow, now.toString());
    seen.put(index, recorded);
    save();
    return recorded;
  }

  /** What was first seen at {@code index} of {@code endpoint}, if anything. */
  public synchronized Optional<Seen> get(String endpoint, int index) {
    return Optional.ofNullable(byEndpoint.getOrDefault(endpoint, Map.of()).get(index));
  }

  private void save() {
    if (file == null) {
      return;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), byEndpoint);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the check still holds for this process; only its memory across restarts is at risk
      LOG.error(
          "cannot write the namespace record {} ({}): a namespace that moves while this connector"
              + " restarts would go unnoticed; check the data directory",
          file,
          e.toString());
    }
  }
}
