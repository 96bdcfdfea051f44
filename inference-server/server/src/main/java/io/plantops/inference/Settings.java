package io.plantops.inference;

import io.plantops.contract.DataPathToken;
import io.plantops.contract.HostAliases;
import io.plantops.contract.MountPaths;
import io.plantops.contract.Ports;
import io.plantops.inference.http.DataPathAuth;
import io.plantops.inference.http.HttpLimits;
import java.nio.file.Files;
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
 * @param dataPath the data path's authentication: {@code PLANTOPS_DATAPATH_AUTH} ({@code required}
 *     or {@code off}; default {@code required} when the token file exists at start, else {@code
 *     off}), {@code PLANTOPS_DATAPATH_TOKEN_FILE} (default {@link DataPathToken#FILE} under {@code
 *     PLANTOPS_MOUNT_ROOT}), {@code PLANTOPS_DATAPATH_AUTH_MODEL_ENDPOINTS} ({@code true} or {@code
 *     false}, default true), {@code PLANTOPS_DATAPATH_GRACE_MS} (default 600000)
 */
public record Settings(
    int port,
    String host,
    Path configFile,
    long configPollMs,
    HttpLimits http,
    HostAliases aliases,
    DataPathAuth dataPath) {

  /** Settings with an open data path (tests, benchmarks). */
  public Settings(
      int port,
      String host,
      Path configFile,
      long configPollMs,
      HttpLimits http,
      HostAliases aliases) {
    this(port, host, configFile, configPollMs, http, aliases, DataPathAuth.off());
  }

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
        HostAliases.fromEnvironment(env),
        dataPath(env));
  }

  private static DataPathAuth dataPath(Map<String, String> env) {
    String fileName = env.get(DataPathToken.FILE_ENV);
    Path file =
        MountPaths.resolve(
            env.get(MountPaths.MOUNT_ROOT_ENV),
            fileName == null || fileName.isBlank() ? DataPathToken.FILE : fileName.trim());
    String mode = env.getOrDefault(DataPathToken.AUTH_ENV, "").trim();
    boolean required =
        switch (mode) {
          case "required" -> true;
          case "off" -> false;
          case "" -> Files.exists(file);
          default ->
              throw new IllegalArgumentException(
                  DataPathToken.AUTH_ENV + "=" + mode + " must be 'required' or 'off'");
        };
    if (!required) {
      return DataPathAuth.off();
    }
    String model = env.getOrDefault(DataPathToken.MODEL_ENDPOINTS_ENV, "true").trim();
    if (!model.equals("true") && !model.equals("false")) {
      throw new IllegalArgumentException(
          DataPathToken.MODEL_ENDPOINTS_ENV + "=" + model + " must be 'true' or 'false'");
    }
    return DataPathAuth.required(
        file,
        model.equals("true"),
        number(env, "PLANTOPS_DATAPATH_GRACE_MS", 600_000, 0, 86_400_000));
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
