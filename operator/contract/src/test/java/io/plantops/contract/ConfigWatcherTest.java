package io.plantops.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.contract.ConfigWatcher.Refusal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Polls are driven by hand ({@link ConfigWatcher#poll}); the timer is not started. */
class ConfigWatcherTest {

  @TempDir Path dir;

  private final List<ResolvedPlantConfig> applied = new ArrayList<>();
  private final List<Refusal> refused = new ArrayList<>();
  private boolean refuseNext;

  private ConfigWatcher watcher(Path file) {
    return new ConfigWatcher(
        file,
        Duration.ofSeconds(1),
        new ConfigWatcher.Listener() {
          @Override
          public void apply(ResolvedPlantConfig config) throws ConfigException {
            if (refuseNext) {
              throw new ConfigException(List.of("use case x: the model tensor is missing"));
            }
            applied.add(config);
          }

          @Override
          public void refused(Refusal refusal) {
            refused.add(refusal);
          }
        });
  }

  @Test
  void appliesAChangedFileOnceAndIgnoresAnUnchangedOne() throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, PlantConfigCodec.toJson(SampleConfigs.lyon(Autonomy.Shadow)));
    try (ConfigWatcher w = watcher(file)) {
      w.poll();
      w.poll();
      assertThat(applied).hasSize(1);
      Files.writeString(file, PlantConfigCodec.toJson(SampleConfigs.lyon(Autonomy.Advisory)));
      w.poll();
      assertThat(applied)
          .extracting(c -> c.useCases().get(0).phase())
          .containsExactly(Autonomy.Shadow, Autonomy.Advisory);
      assertThat(refused).isEmpty();
    }
  }

  @Test
  void reportsAMissingFileOnceUntilItAppears() throws Exception {
    Path file = dir.resolve("config.json");
    try (ConfigWatcher w = watcher(file)) {
      w.poll();
      w.poll();
      assertThat(refused)
          .singleElement()
          .extracting(Refusal::reason)
          .asString()
          .contains(file.toString())
          .contains("does not exist");
      Files.writeString(file, PlantConfigCodec.toJson(SampleConfigs.lyon(Autonomy.Shadow)));
      w.poll();
      assertThat(applied).hasSize(1);
    }
  }

  @Test
  void keepsThePreviousConfigWhenTheNextIsBrokenOrRefused() throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, PlantConfigCodec.toJson(SampleConfigs.lyon(Autonomy.Shadow)));
    try (ConfigWatcher w = watcher(file)) {
      w.poll();
      Files.writeString(file, "{\"schemaVersion\": ");
      w.poll();
      w.poll();
      assertThat(refused)
          .singleElement()
          .extracting(Refusal::reason)
          .asString()
          .contains("not valid JSON");
      refuseNext = true;
      Files.writeString(file, PlantConfigCodec.toJson(SampleConfigs.lyon(Autonomy.Advisory)));
      w.poll();
      assertThat(refused).hasSize(2);
      assertThat(refused.get(1).reason()).contains("the model tensor is missing");
      assertThat(applied).hasSize(1);
    }
  }

  @Test
  void anUnexpectedFailureIsReportedWithItsCauseAndPollingGoesOn() throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, PlantConfigCodec.toJson(SampleConfigs.lyon(Autonomy.Shadow)));
    ConfigWatcher w =
        new ConfigWatcher(
            file,
            Duration.ofSeconds(1),
            new ConfigWatcher.Listener() {
              @Override
              public void apply(ResolvedPlantConfig config) {
                throw new IllegalStateException("boom");
              }

              @Override
              public void refused(Refusal refusal) {
                refused.add(refusal);
              }
            });
    try (w) {
      w.poll();
      assertThat(refused)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.reason()).contains("applying the config failed");
                assertThat(r.unexpected()).get().isInstanceOf(IllegalStateException.class);
              });
    }
  }
}
