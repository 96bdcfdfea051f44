package io.plantops.inference.config;

import io.plantops.contract.ConfigException;
import io.plantops.contract.ConfigWatcher;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.expressions.ExpressionException;
import io.plantops.inference.engine.Engine;

/**
 * What the inference server does with the configs {@link ConfigWatcher} reads: applies each to the
 * engine, and records each refusal on it, so the reason appears in the status document ({@code
 * configError}) while the previous config keeps serving. Counts both in {@code
 * plantops_inference_config_reloads_total} and logs them.
 */
public final class EngineConfigListener implements ConfigWatcher.Listener {

  private static final System.Logger LOG = System.getLogger(EngineConfigListener.class.getName());

  private final Engine engine;

  public EngineConfigListener(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void apply(ResolvedPlantConfig config) throws ConfigException {
    try {
      engine.apply(config);
    } catch (ExpressionException e) {
      // a KPI expression that does not compile refuses the whole config, like a structural error
      throw new ConfigException(e.getMessage(), e);
    }
    engine.metrics().configReload(true);
    LOG.log(
        System.Logger.Level.INFO,
        "applied config {0} of plant {1} ({2} use cases)",
        config.configVersion(),
        config.plant().name(),
        config.useCases().size());
  }

  @Override
  public void refused(ConfigWatcher.Refusal refusal) {
    engine.refuse(refusal.reason());
    engine.metrics().configReload(false);
    String message =
        refusal.reason()
            + (engine.snapshot().isPresent()
                ? "; the previous config keeps serving"
                : "; no config served yet");
    refusal
        .unexpected()
        .ifPresentOrElse(
            e -> LOG.log(System.Logger.Level.ERROR, message, e),
            () -> LOG.log(System.Logger.Level.ERROR, message));
  }
}
