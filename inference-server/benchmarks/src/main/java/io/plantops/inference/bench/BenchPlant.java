package io.plantops.inference.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.contract.Aggregation;
import io.plantops.contract.Autonomy;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Drift;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.contract.UseCaseConfig.Output;
import io.plantops.contract.UseCaseConfig.Reference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A plant with one use case on the committed 16-input benchmark model. */
final class BenchPlant {

  static final int INPUTS = 16;
  static final String USE_CASE = "bench-16";

  private BenchPlant() {}

  static Path modelDir() {
    return Path.of(System.getProperty("plantops.root", "."))
        .resolve("examples/models/benchmark-16-inputs/1.0.0");
  }

  static Model model() throws IOException {
    JsonNode card = new ObjectMapper().readTree(modelDir().resolve("model.json").toFile());
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
        "1.0.0",
        modelDir().resolve("model.onnx").toUri().toString(),
        card.path("sha256").asText(),
        "input",
        "output",
        refs);
  }

  static String signal(int j) {
    return String.format("bench.x%02d", j);
  }

  /** Mean of the signal in the synthetic training data. */
  static double mean(int j) {
    return 100.0 + 10.0 * j;
  }

  static ResolvedPlantConfig config() throws IOException {
    List<Feature> inputs = new ArrayList<>();
    List<ResolvedPlantConfig.SignalMapping> signals = new ArrayList<>();
    for (int j = 0; j < INPUTS; j++) {
      inputs.add(new Feature(signal(j), "1", Aggregation.Mean, 60, 0.0, 1000.0));
      signals.add(
          new ResolvedPlantConfig.SignalMapping(
              signal(j), "ns=2;s=B" + j, "1", "1", 1.0, 0.0, 1000, false));
    }
    UseCaseConfig u =
        new UseCaseConfig(
            USE_CASE,
            "benchmark-16-inputs",
            Autonomy.Advisory,
            60,
            inputs,
            List.of(),
            List.of(
                new Output(
                    "y",
                    "bench.y",
                    UseCaseConfig.OutputKind.Prediction,
                    "1",
                    0.0,
                    100.0,
                    0.0,
                    100.0,
                    0.0,
                    null,
                    0.0,
                    null,
                    false)),
            model(),
            null,
            List.of(),
            new Drift(0.1, 0.25, 20, 50, 0.5, 200));
    return PlantConfigCodec.seal(
        new ResolvedPlantConfig(
            ResolvedPlantConfig.SCHEMA_VERSION,
            null,
            new ResolvedPlantConfig.PlantInfo("bench", "bench", "Benchmark", "UTC"),
            null,
            new ResolvedPlantConfig.ConnectorSettings(
                "http://127.0.0.1", 1 << 20, 3, 900, false, 30),
            signals,
            List.of(u)));
  }
}
