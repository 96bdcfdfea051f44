package io.plantops.contract;

import io.plantops.contract.rules.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hot-reloads the resolved plant config file, for both workloads.
 *
 * <p>It polls rather than watching for file-system events: Kubernetes updates a ConfigMap volume by
 * swapping a {@code ..data} symlink atomically, which inotify watches on the file miss. Reading a
 * small file every period and comparing its SHA-256 sees every change, whatever the mechanism.
 *
 * <p>A changed file is parsed and checked ({@link PlantConfigCodec#parse}) and handed to the
 * listener, which may still refuse it. A missing, unreadable, invalid or refused file leaves the
 * previous config in use; each distinct problem is reported once, so a file that stays broken does
 * not flood the log. The watcher never logs itself: the listener logs in its module's own way.
 */
public final class ConfigWatcher implements AutoCloseable {

  /** What a workload does with configs and refusals. */
  public interface Listener {
    /**
     * Applies a parsed, structurally valid config.
     *
     * @throws ConfigException when the workload refuses it (the previous config stays in use)
     */
    void apply(ResolvedPlantConfig config) throws ConfigException;

    /** A problem, reported once until the file changes to another problem or to a good config. */
    void refused(Refusal refusal);
  }

  /**
   * Why the newest file is not in use.
   *
   * @param reason what is wrong, naming the file
   * @param unexpected the exception when applying failed in a way nobody anticipated
   */
  public record Refusal(String reason, Optional<Throwable> unexpected) {}

  private final Path file;
  private final Duration period;
  private final Listener listener;
  private final ScheduledExecutorService timer;
  private byte[] lastDigest;
  private String lastProblem;

  public ConfigWatcher(Path file, Duration period, Listener listener) {
    this.file = Objects.requireNonNull(file, "file");
    this.period = period;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantops-config-watcher");
              t.setDaemon(true);
              return t;
            });
  }

  /** Reads the file now, on the caller's thread, then every period in the background. */
  public ConfigWatcher start() {
    poll();
    long ms = period.toMillis();
    timer.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Reads the file once; applies it when its content changed since the last read. */
  public synchronized void poll() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      lastDigest = null;
      refuse("the resolved plant config " + file + " does not exist (yet)", null);
      return;
    } catch (IOException e) {
      lastDigest = null;
      refuse("cannot read the resolved plant config " + file + ": " + e.getMessage(), null);
      return;
    }
    byte[] digest = Digests.sha256(bytes);
    if (Arrays.equals(digest, lastDigest)) {
      return;
    }
    lastDigest = digest;
    try {
      listener.apply(PlantConfigCodec.parse(new String(bytes, StandardCharsets.UTF_8)));
      lastProblem = null;
    } catch (ConfigException e) {
      refuse(file + ": " + e.getMessage(), null);
    } catch (RuntimeException e) {
      // keep polling: the next version of the file may fix whatever this was
      refuse(file + ": applying the config failed: " + e, e);
    }
  }

  private void refuse(String reason, Throwable unexpected) {
    if (reason.equals(lastProblem)) {
      return;
    }
    lastProblem = reason;
    listener.refused(new Refusal(reason, Optional.ofNullable(unexpected)));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
