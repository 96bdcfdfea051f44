package io.plantops.inference;

import ai.onnxruntime.OrtEnvironment;
import io.plantops.contract.ConfigWatcher;
import io.plantops.inference.config.EngineConfigListener;
import io.plantops.inference.engine.Engine;
import io.plantops.inference.http.HttpApi;
import io.plantops.inference.http.HttpServer;
import io.plantops.inference.metrics.InferenceMetrics;
import io.plantops.inference.model.ModelLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The assembled server: engine, config watcher and HTTP API. Tests start it in-process. */
public final class InferenceServer implements AutoCloseable {

  private final Engine engine;
  private final ConfigWatcher watcher;
  private final HttpServer http;
  private final int port;

  private InferenceServer(Engine engine, ConfigWatcher watcher, HttpServer http) {
    this.engine = engine;
    this.watcher = watcher;
    this.http = http;
    this.port = http.port();
  }

  /**
   * Starts everything.
   *
   * @param settings where to listen and what to read
   * @param clock the clock of evaluations and status timestamps
   * @param cacheDir where downloaded models are cached
   * @param autoSchedule evaluate at each use case's cadence (tests may drive evaluations)
   */
  public static InferenceServer start(
      Settings settings, Clock clock, Path cacheDir, boolean autoSchedule) {
    InferenceMetrics metrics = new InferenceMetrics();
    ModelLoader loader =
        new ModelLoader(OrtEnvironment.getEnvironment(), settings.aliases(), cacheDir, clock);
    Engine engine = new Engine(clock, loader, metrics, autoSchedule);
    ConfigWatcher watcher =
        new ConfigWatcher(
                settings.configFile(),
                Duration.ofMillis(settings.configPollMs()),
                new EngineConfigListener(engine))
            .start();
    HttpServer http =
        new HttpApi(engine, settings.http(), settings.dataPath())
            .start(settings.host(), settings.port());
    return new InferenceServer(engine, watcher, http);
  }

  public Engine engine() {
    return engine;
  }

  public ConfigWatcher watcher() {
    return watcher;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return port;
  }

  @Override
  public void close() {
    http.close();
    watcher.close();
    engine.close();
  }
}
