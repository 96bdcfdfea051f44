package io.plantops.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.contract.Autonomy;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.contract.UseCaseConfig.Reference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The committed example models and Lyon configs that use them. */
public final class Fixtures {

  public static final Path ROOT =
      Path.of(System.getProperty("plantops.root", "../..")).toAbsolutePath().normalize();
  public static final Path MODELS = ROOT.resolve("examples/models");
  public static final String KILN = "kiln-energy-optimization";
  public static final String LIME = "clinker-free-lime-soft-sensor";

  private Fixtures() {}

  public static Path modelFile(String template, String version) {
    return MODELS.resolve(template).resolve(version).resolve("model.onnx");
  }

  /** The model of examples/models as a config slot, file:// URI, real digest and reference. */
  public static Model model(String template, String version) {
    try {
      JsonNode card =
          new ObjectMapper()
              .readTree(MODELS.resolve(template).resolve(version).resolve("model.json").toFile());
      List<Reference> refs = new ArrayList<>();
      for (JsonNode s : card.path("reference").path("signals")) {
        List<Double> edges = new ArrayList<>();
        s.path("binEdges").forEach(e -> edges.add(e.asDouble()));
        List<Double> fractions = new ArrayList<>();
        s.path("binFractions").forEach(e -> fractions.add(e.asDouble()));
        refs.add(
            new Reference(
                s.path("signal").asText(),
                s.path("mean").asDouble(),
                s.path("stddev").asDouble(),
                edges,
                fractions));
      }
      return new Model(
          version,
          modelFile(template, version).toUri().toString(),
          card.path("sha256").asText(),
          "input",
          "output",
          refs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lyon with the real kiln model (and an optional candidate) and the real free-lime model. */
  public static ResolvedPlantConfig lyon(
      Autonomy kilnPhase, Model kilnActive, Model kilnCandidate) {
    ResolvedPlantConfig sample = SampleConfigs.lyon(kilnPhase);
    List<UseCaseConfig> useCases =
        List.of(
            SampleConfigs.kilnEnergy(kilnPhase, kilnActive, kilnCandidate),
            SampleConfigs.freeLime(Autonomy.Advisory, model(LIME, "1.0.0")));
    return PlantConfigCodec.seal(
        new ResolvedPlantConfig(
            sample.schemaVersion(),
            null,
            sample.plant(),
            sample.opcua(),
            sample.connector(),
            sample.signals(),
            useCases));
  }

  public static ResolvedPlantConfig lyon(Autonomy kilnPhase) {
    return lyon(kilnPhase, model(KILN, "1.2.0"), null);
  }

  /** A clock the test moves. */
  public static final class TestClock extends Clock {
    private final AtomicLong millis;

    public TestClock(long startMs) {
      millis = new AtomicLong(startMs);
    }

    public void advance(long ms) {
      millis.addAndGet(ms);
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
