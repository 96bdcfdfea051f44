package io.plantops.contract;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rewrites host:port pairs in URLs, the sandbox's stand-in for cluster DNS and Services.
 *
 * <p>{@code PLANTOPS_HOST_ALIASES=lyon-inference.plant-lyon.svc:8080=127.0.0.1:41234,...}: each
 * entry maps an authority the config names to the one to dial. {@code PLANTOPS_HOST_ALIASES_FILE}
 * names a file with the same syntax (entries separated by commas or newlines) that is re-read
 * whenever it changes, so aliases can follow Services that appear later. Both unset on a cluster,
 * where this is a no-op. Thread-safe.
 */
public final class HostAliases {

  /** The environment variable read by {@link #fromEnvironment()}. */
  public static final String ENV = "PLANTOPS_HOST_ALIASES";

  /** The environment variable naming an alias file that is re-read when it changes. */
  public static final String FILE_ENV = "PLANTOPS_HOST_ALIASES_FILE";

  private final Map<String, String> fixed;
  private final Path file;
  private volatile Map<String, String> aliases;
  private volatile FileTime fileStamp;

  private HostAliases(Map<String, String> aliases, Path file) {
    this.fixed = Map.copyOf(aliases);
    this.aliases = this.fixed;
    this.file = file;
  }

  private HostAliases(Map<String, String> aliases) {
    this(aliases, null);
  }

  /** Aliases from {@link #ENV} and, when set, the file named by {@link #FILE_ENV}. */
  public static HostAliases fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Aliases from {@link #ENV} and, when set, the file named by {@link #FILE_ENV}, in {@code env}.
   */
  public static HostAliases fromEnvironment(Map<String, String> env) {
    HostAliases fromEnv = parse(env.get(ENV));
    String file = env.get(FILE_ENV);
    return file == null || file.isBlank() ? fromEnv : withFile(fromEnv, Path.of(file));
  }

  /** {@code base} plus the aliases of {@code file}, re-read when it changes. */
  public static HostAliases withFile(HostAliases base, Path file) {
    return new HostAliases(base.fixed, file);
  }

  /** Re-reads the alias file when its modification time changed; keeps the last good content. */
  private void refresh() {
    if (file == null) {
      return;
    }
    try {
      FileTime stamp = Files.getLastModifiedTime(file);
      if (stamp.equals(fileStamp)) {
        return;
      }
      String content = Files.readString(file, StandardCharsets.UTF_8).replace('\n', ',');
      Map<String, String> merged = new LinkedHashMap<>(parse(content).fixed);
      merged.putAll(fixed);
      aliases = Map.copyOf(merged);
      fileStamp = stamp;
    } catch (IOException | IllegalArgumentException e) {
      // no file yet, or a half-written one: keep the last good aliases
    }
  }

  /**
   * Parses {@code from=to,from=to}.
   *
   * @throws IllegalArgumentException naming the malformed entry
   */
  public static HostAliases parse(String spec) {
    Map<String, String> map = new LinkedHashMap<>();
    if (spec != null && !spec.isBlank()) {
      for (String entry : spec.split(",")) {
        if (entry.isBlank()) {
          continue;
        }
        String[] parts = entry.trim().split("=", 2);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
          throw new IllegalArgumentException(
              ENV + ": entry '" + entry + "' is not host:port=host:port");
        }
        map.put(parts[0].trim(), parts[1].trim());
      }
    }
    return new HostAliases(map);
  }

  /** The URL with its authority replaced when an alias names it; otherwise unchanged. */
  public String rewrite(String url) {
    refresh();
    Map<String, String> aliases = this.aliases;
    if (aliases.isEmpty()) {
      return url;
    }
    URI uri = URI.create(url);
    String authority = uri.getRawAuthority();
    String target = authority == null ? null : aliases.get(authority);
    if (target == null) {
      return url;
    }
    int start = url.indexOf(authority);
    return url.substring(0, start) + target + url.substring(start + authority.length());
  }

  /** The alias map. */
  public Map<String, String> asMap() {
    refresh();
    return aliases;
  }
}
