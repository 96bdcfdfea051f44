package io.plantops.contract;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rewrites host:port pairs in URLs, the sandbox's stand-in for cluster DNS and Services.
 *
 * <p>{@code PLANTOPS_HOST_ALIASES=lyon-inference.plant-lyon.svc:8080=127.0.0.1:41234,...}: each
 * entry maps an authority the config names to the one to dial. Unset on a cluster, where it is a
 * no-op.
 */
public final class HostAliases {

  /** The environment variable read by {@link #fromEnvironment()}. */
  public static final String ENV = "PLANTOPS_HOST_ALIASES";

  private final Map<String, String> aliases;

  private HostAliases(Map<String, String> aliases) {
    this.aliases = Map.copyOf(aliases);
  }

  /** Aliases from {@link #ENV}, or none. */
  public static HostAliases fromEnvironment() {
    return parse(System.getenv(ENV));
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
    return aliases;
  }
}
