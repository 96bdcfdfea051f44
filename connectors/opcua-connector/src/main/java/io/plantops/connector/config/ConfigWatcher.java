package io.plantops.connector.config;

import io.plantops.contract.ConfigException;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot-reloads the resolved plant config. A ConfigMap volume is updated by an atomic swap of a
 * symlinked directory, which file-system events report unreliably, so the file is read every period
 * and compared by digest: a changed, valid config is applied; a broken one is reported and the
 * previous config stays in use.
 */
public final class ConfigWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

  private final Path file;
  private final Consumer<ResolvedPlantConfig> onConfig;
  private final Consumer<String> onError;
  private final ScheduledExecutorService executor;
  private byte[] lastDigest;
  private boolean missingReported;

  public ConfigWatcher(
      Path file, long periodMs, Consumer<ResolvedPlantConfig> onConfig, Consumer<String> onError) {
    this.file = file;
    this.onConfig = onConfig;
    this.onError = onError;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantops-config");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(this::check, 0, periodMs, TimeUnit.MILLISECONDS);
  }

  /** Reads the file now; applies it when it changed. */
  public synchronized void check() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      if (!missingReported) {
        onError.accept("the resolved plant config " + file + " does not exist (yet)");
        missingReported = true;
      }
      return;
    } catch (IOException e) {
      onError.accept("cannot read " + file + ": " + e.getMessage());
      return;
    }
    missingReported = false;
    byte[] digest = sha256(bytes);
    if (Arrays.equals(digest, lastDigest)) {
      return;
    }
    lastDigest = digest;
    try {
      ResolvedPlantConfig config =
          PlantConfigCodec.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      onConfig.accept(config);
    } catch (ConfigException e) {
      LOG.error("{}: {} (the previous config stays in use)", file, e.getMessage());
      onError.accept(e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("applying {} failed (the previous config stays in use)", file, e);
      onError.accept("applying the config failed: " + e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
