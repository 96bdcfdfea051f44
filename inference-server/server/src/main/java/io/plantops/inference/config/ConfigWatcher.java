package io.plantops.inference.config;

import io.plantops.contract.ConfigException;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.expressions.ExpressionException;
import io.plantops.inference.engine.Engine;
import io.plantops.inference.model.ModelLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls the resolved plant config file by content digest and applies each new version.
 *
 * <p>Polling rather than a WatchService: Kubernetes updates a ConfigMap volume by swapping a {@code
 * ..data} symlink atomically, which inotify-based watches on the file miss; reading a small file
 * every two seconds and comparing its SHA-256 sees every change, whatever the mechanism.
 */
public final class ConfigWatcher implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ConfigWatcher.class.getName());

  private final Path file;
  private final Engine engine;
  private final ScheduledExecutorService timer;
  private String lastDigest;

  public ConfigWatcher(Path file, Engine engine) {
    this.file = file;
    this.engine = engine;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantops-config-watcher");
              t.setDaemon(true);
              return t;
            });
  }

  /** Reads the file now, then every {@code periodMs}. */
  public void start(long periodMs) {
    poll();
    timer.scheduleWithFixedDelay(this::pollSafely, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      // keep polling: the next change may fix whatever this was
      LOG.log(System.Logger.Level.ERROR, "config reload of " + file + " failed unexpectedly", e);
    }
  }

  /** Checks the file once; applies it when its content changed. */
  public synchronized void poll() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      refuse(
          "config file " + file + " does not exist (set PLANTOPS_CONFIG_FILE or mount it)", null);
      return;
    } catch (IOException e) {
      refuse("cannot read config file " + file + ": " + e, null);
      return;
    }
    String digest = ModelLoader.sha256(bytes);
    if (digest.equals(lastDigest)) {
      return;
    }
    lastDigest = digest;
    ResolvedPlantConfig config;
    try {
      config = PlantConfigCodec.parse(new String(bytes, StandardCharsets.UTF_8));
      engine.apply(config);
    } catch (ConfigException e) {
      refuse(file + ": " + e.getMessage(), digest);
      return;
    } catch (ExpressionException e) {
      refuse(file + ": resolved plant config refused: " + e.getMessage(), digest);
      return;
    }
    engine.metrics().configReload(true);
    LOG.log(
        System.Logger.Level.INFO,
        "applied config {0} of plant {1} ({2} use cases)",
        config.configVersion(),
        config.plant().name(),
        config.useCases().size());
  }

  private void refuse(String reason, String digest) {
    boolean news = !reason.equals(engine.configError());
    engine.refuse(reason);
    if (news) {
      // once per distinct problem: a file that stays broken must not flood the log
      engine.metrics().configReload(false);
      LOG.log(
          System.Logger.Level.ERROR,
          reason
              + (engine.snapshot().isPresent()
                  ? "; the previous config keeps serving"
                  : "; no config served yet"));
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
