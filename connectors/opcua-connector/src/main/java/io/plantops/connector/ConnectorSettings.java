package io.plantops.connector;

import io.plantops.connector.http.HttpLimits;
import io.plantops.connector.opcua.OpcUaTuning;
import io.plantops.contract.HostAliases;
import io.plantops.contract.MountPaths;
import io.plantops.contract.Ports;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/**
 * How the connector process runs (as opposed to what it connects to, which is the resolved plant
 * config).
 *
 * @param configFile the resolved plant config
 * @param dataDir writable directory: store-and-forward buffer and audit log
 * @param httpBind HTTP bind address
 * @param httpPort HTTP port (0: a free one)
 * @param aliases host aliases for the OPC UA endpoint and the inference URL
 * @param resolve container path to local path (mounted Secrets)
 * @param clock the clock
 * @param flushIntervalMs batch period
 * @param maxBatchSamples samples per batch at most
 * @param ringCapacity samples the mapping ring holds
 * @param pollIntervalMs recommendation poll period
 * @param configPollMs config file check period
 * @param fsync force buffer appends to disk
 * @param tuning OPC UA tuning
 * @param httpLimits bounds of the HTTP surface (body size, browse/suggest pool)
 */
public record ConnectorSettings(
    Path configFile,
    Path dataDir,
    String httpBind,
    int httpPort,
    HostAliases aliases,
    Function<String, Path> resolve,
    Clock clock,
    long flushIntervalMs,
    int maxBatchSamples,
    int ringCapacity,
    long pollIntervalMs,
    long configPollMs,
    boolean fsync,
    OpcUaTuning tuning,
    HttpLimits httpLimits) {

  /** Settings for a container: mount paths, {@code PLANTOPS_*} environment variables. */
  public static ConnectorSettings fromEnvironment() {
    String port = System.getenv(Ports.HTTP_PORT_ENV);
    return new ConnectorSettings(
        MountPaths.resolve(MountPaths.CONFIG_FILE),
        MountPaths.resolve(MountPaths.DATA_DIR),
        "0.0.0.0",
        port == null || port.isBlank() ? Ports.CONNECTOR_HTTP : Integer.parseInt(port.trim()),
        HostAliases.fromEnvironment(),
        MountPaths::resolve,
        Clock.systemUTC(),
        1000,
        5000,
        1 << 17,
        1000,
        2000,
        true,
        OpcUaTuning.defaults(),
        HttpLimits.fromEnvironment(System.getenv()));
  }

  /** A copy with other paths and port (tests, the CLI). */
  public ConnectorSettings with(Path configFile, Path dataDir, String httpBind, int httpPort) {
    return new ConnectorSettings(
        configFile,
        dataDir,
        httpBind,
        httpPort,
        aliases,
        resolve,
        clock,
        flushIntervalMs,
        maxBatchSamples,
        ringCapacity,
        pollIntervalMs,
        configPollMs,
        fsync,
        tuning,
        httpLimits);
  }

  /** A copy with other host aliases and path resolution. */
  public ConnectorSettings with(HostAliases aliases, Function<String, Path> resolve) {
    return new ConnectorSettings(
        configFile,
        dataDir,
        httpBind,
        httpPort,
        aliases,
        resolve,
        clock,
        flushIntervalMs,
        maxBatchSamples,
        ringCapacity,
        pollIntervalMs,
        configPollMs,
        fsync,
        tuning,
        httpLimits);
  }

  /** A copy with other HTTP limits. */
  public ConnectorSettings with(HttpLimits httpLimits) {
    return new ConnectorSettings(
        configFile,
        dataDir,
        httpBind,
        httpPort,
        aliases,
        resolve,
        clock,
        flushIntervalMs,
        maxBatchSamples,
        ringCapacity,
        pollIntervalMs,
        configPollMs,
        fsync,
        tuning,
        httpLimits);
  }

  /** A copy with another OPC UA tuning. */
  public ConnectorSettings with(OpcUaTuning tuning) {
    return new ConnectorSettings(
        configFile,
        dataDir,
        httpBind,
        httpPort,
        aliases,
        resolve,
        clock,
        flushIntervalMs,
        maxBatchSamples,
        ringCapacity,
        pollIntervalMs,
        configPollMs,
        fsync,
        tuning,
        httpLimits);
  }
}
