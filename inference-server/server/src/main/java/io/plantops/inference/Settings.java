package io.plantops.inference;

import io.plantops.contract.HostAliases;
import io.plantops.contract.MountPaths;
import io.plantops.contract.Ports;
import io.plantops.inference.http.HttpLimits;
import java.nio.file.Path;
import java.util.Map;

/**
 * The server's settings, all from the environment with a default each.
 *
 * @param port HTTP port ({@code PLANTOPS_HTTP_PORT}, default 8080)
 * @param host bind address ({@code PLANTOPS_HTTP_HOST}, default 0.0.0.0)
 * @param configFile resolved plant config ({@code PLANTOPS_CONFIG_FILE}, default {@link
 *     MountPaths#CONFIG_FILE} under {@code PLANTOPS_MOUNT_ROOT})
 * @param configPollMs how often the config file's digest is checked ({@code
 *     PLANTOPS_CONFIG_POLL_MS}, default 2000)
 * @param http what HTTP clients are allowed: {@code PLANTOPS_MAX_BODY_BYTES} (default 4 MiB),
 *     {@code PLANTOPS_HTTP_HEADER_TIMEOUT_MS} (10 s), {@code PLANTOPS_HTTP_BODY_TIMEOUT_MS} (30 s),
 *     {@code PLANTOPS_HTTP_IDLE_TIMEOUT_MS} (60 s), {@code PLANTOPS_HTTP_MAX_CONNECTIONS} (512)
 * @param aliases host aliases applied to http(s) model URIs ({@code PLANTOPS_HOST_ALIASES}, {@code
 *     PLANTOPS_HOST_ALIASES_FILE})
 */
public record Settings(
    int port,
    String host,
    Path configFile,
    long configPollMs,
    HttpLimits http,
    HostAliases aliases) {

  /** Reads the settings; a malformed value is an error naming the variable. */
  public static Settings fromEnvironment(Map<String, String> env) {
    String file = env.get("PLANTOPS_CONFIG_FILE");
    return new Settings(
        (int) number(env, Ports.HTTP_PORT_ENV, Ports.INFERENCE_HTTP, 0, 65535),
        env.getOrDefault("PLANTOPS_HTTP_HOST", "0.0.0.0"),
        file == null || file.isBlank()
            ? MountPaths.resolve(env.get(MountPaths.MOUNT_ROOT_ENV), MountPaths.CONFIG_FILE)
            : MountPaths.resolve(env.get(MountPaths.MOUNT_ROOT_ENV), file),
        number(env, "PLANTOPS_CONFIG_POLL_MS", 2000, 100, 3_600_000),
        new HttpLimits(
            number(env, "PLANTOPS_MAX_BODY_BYTES", 4L << 20, 1024, 1L << 30),
            number(env, "PLANTOPS_HTTP_HEADER_TIMEOUT_MS", 10_000, 100, 600_000),
            number(env, "PLANTOPS_HTTP_BODY_TIMEOUT_MS", 30_000, 100, 3_600_000),
            number(env, "PLANTOPS_HTTP_IDLE_TIMEOUT_MS", 60_000, 100, 3_600_000),
            (int) number(env, "PLANTOPS_HTTP_MAX_CONNECTIONS", 512, 1, 100_000)),
        HostAliases.fromEnvironment(env));
  }

  private static long number(
      Map<String, String> env, String name, long fallback, long min, long max) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < min || n > max) {
        throw new IllegalArgumentException(
            name + "=" + v + " must lie in [" + min + ", " + max + "]");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + v + " is not an integer", e);
    }
  }
}
