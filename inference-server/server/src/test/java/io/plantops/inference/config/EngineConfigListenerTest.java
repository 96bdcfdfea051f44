package io.plantops.inference.config;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import io.plantops.contract.Autonomy;
import io.plantops.contract.ConfigWatcher;
import io.plantops.contract.HostAliases;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.KpiDefinition;
import io.plantops.inference.Fixtures;
import io.plantops.inference.engine.Engine;
import io.plantops.inference.metrics.InferenceMetrics;
import io.plantops.inference.model.ModelLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared config watcher driving the engine through this listener, polled by the test. */
class EngineConfigListenerTest {

  @TempDir Path dir;
  private Path file;
  private Engine engine;
  private ConfigWatcher watcher;

  @BeforeEach
  void start() {
    file = dir.resolve("plant-config.json");
    Fixtures.TestClock clock = new Fixtures.TestClock(1_800_000_000_000L);
    engine =
        new Engine(
            clock,
            new ModelLoader(
                OrtEnvironment.getEnvironment(),
                HostAliases.parse(null),
                dir.resolve("cache"),
                clock,
                null),
            new InferenceMetrics(),
            false);
    watcher = new ConfigWatcher(file, Duration.ofHours(1), new EngineConfigListener(engine));
  }

  @AfterEach
  void stop() {
    watcher.close();
    engine.close();
  }

  private String metrics() throws Exception {
    return new String(engine.metrics().scrape(), StandardCharsets.UTF_8);
  }

  @Test
  void reportsAMissingFileInTheStatusUntilAConfigArrives() throws Exception {
    watcher.poll();

    assertThat(engine.status().configError()).contains(file.toString()).contains("does not exist");
    assertThat(engine.snapshot()).isEmpty();

    Files.writeString(file, PlantConfigCodec.toJson(Fixtures.lyon(Autonomy.Advisory)));
    watcher.poll();
    assertThat(engine.status().configError()).isNull();
    assertThat(engine.status().plant()).isEqualTo("lyon");
    assertThat(metrics())
        .contains("plantops_inference_config_reloads_total{plant=\"lyon\",result=\"applied\"} 1");
  }

  @Test
  void refusesAConfigWhoseKpiDoesNotCompileAndKeepsServingThePreviousOne() throws Exception {
    ResolvedPlantConfig good = Fixtures.lyon(Autonomy.Advisory);
    Files.writeString(file, PlantConfigCodec.toJson(good));
    watcher.poll();

    Files.writeString(file, PlantConfigCodec.toJson(withKpiExpression(good, "kiln.nowhere * 2.0")));
    watcher.poll();
    watcher.poll(); // the same problem again is reported once

    String error = engine.status().configError();
    assertThat(error)
        .startsWith(file + ": resolved plant config refused: use case kiln1-energy, KPI ")
        .contains("kiln.nowhere");
    assertThat(engine.status().configVersion()).isEqualTo(good.configVersion());
    assertThat(metrics())
        .contains("plantops_inference_config_reloads_total{plant=\"lyon\",result=\"refused\"} 1")
        .contains("plantops_inference_config_error{plant=\"lyon\"} 1");
  }

  private static ResolvedPlantConfig withKpiExpression(ResolvedPlantConfig c, String expression) {
    List<UseCaseConfig> useCases = new ArrayList<>(c.useCases());
    UseCaseConfig u = useCases.get(0);
    KpiDefinition k = u.kpis().get(0);
    useCases.set(
        0,
        new UseCaseConfig(
            u.name(),
            u.template(),
            u.phase(),
            u.cadenceSeconds(),
            u.inputs(),
            u.observed(),
            u.outputs(),
            u.activeModel(),
            u.candidateModel(),
            List.of(
                new KpiDefinition(
                    k.name(),
                    expression,
                    k.unit(),
                    k.lowerIsBetter(),
                    k.windowMinutes(),
                    k.baseline(),
                    k.baselineWindowHours())),
            u.drift()));
    return PlantConfigCodec.seal(
        new ResolvedPlantConfig(
            c.schemaVersion(), null, c.plant(), c.opcua(), c.connector(), c.signals(), useCases));
  }
}
