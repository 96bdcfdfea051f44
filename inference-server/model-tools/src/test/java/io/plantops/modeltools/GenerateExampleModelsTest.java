package io.plantops.modeltools;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.plantops.contract.rules.Digests;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateExampleModelsTest {

  private static final Path MODELS = Path.of(System.getProperty("plantops.models.dir"));
  private static final Path TEMPLATES = MODELS.getParent().resolve("templates");

  @TempDir static Path fresh;
  static List<GenerateExampleModels.ModelCard> cards;

  @BeforeAll
  static void regenerate() throws Exception {
    cards = GenerateExampleModels.generate(fresh, TEMPLATES);
  }

  @Test
  void committedModelsMatchAFreshRegenerationByteForByte() throws Exception {
    assertThat(cards).hasSize(4);
    for (GenerateExampleModels.ModelCard card : cards) {
      Path rel = Path.of(card.template(), card.version());
      assertThat(Files.readAllBytes(MODELS.resolve(rel).resolve("model.onnx")))
          .as(
              "%s: committed model.onnx differs from a regeneration; run the generate-models profile",
              rel)
          .isEqualTo(Files.readAllBytes(fresh.resolve(rel).resolve("model.onnx")));
      assertThat(Files.readString(MODELS.resolve(rel).resolve("model.json")))
          .as("%s/model.json", rel)
          .isEqualTo(Files.readString(fresh.resolve(rel).resolve("model.json")));
      assertThat(Digests.sha256Hex(Files.readAllBytes(MODELS.resolve(rel).resolve("model.onnx"))))
          .isEqualTo(card.sha256());
    }
  }

  @Test
  void templatesCarryTheGeneratedDigestsAndReferenceStatistics() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (ExampleModels.Spec spec : ExampleModels.all()) {
      JsonNode template = yaml.readTree(TEMPLATES.resolve(spec.template() + ".yaml").toFile());
      GenerateExampleModels.ModelCard card =
          cards.stream()
              .filter(
                  c -> c.template().equals(spec.template()) && c.version().equals(spec.version()))
              .findFirst()
              .orElseThrow();
      JsonNode model = null;
      for (JsonNode m : template.path("spec").path("models")) {
        if (m.path("version").asText().equals(spec.version())) {
          model = m;
        }
      }
      assertThat(model).as("%s has version %s", spec.template(), spec.version()).isNotNull();
      assertThat(model.path("sha256").asText()).isEqualTo(card.sha256());
      JsonNode signals = model.path("reference").path("signals");
      assertThat(signals.size()).isEqualTo(card.inputs().size());
      for (int j = 0; j < signals.size(); j++) {
        JsonNode s = signals.get(j);
        assertThat(s.path("signal").asText())
            .isEqualTo(template.path("spec").path("inputs").get(j).path("signal").asText());
        assertThat(s.path("binFractions").size()).isEqualTo(s.path("binEdges").size() + 1);
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode f : s.path("binFractions")) {
          sum = sum.add(f.decimalValue());
        }
        assertThat(sum).isEqualByComparingTo(BigDecimal.ONE);
      }
    }
  }

  @Test
  void everyModelLoadsInOnnxRuntimeWithThePlantopsTensorContract() throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    for (GenerateExampleModels.ModelCard card : cards) {
      Path file = MODELS.resolve(card.template()).resolve(card.version()).resolve("model.onnx");
      try (OrtSession session = env.createSession(Files.readAllBytes(file))) {
        assertThat(session.getInputNames()).containsExactly("input");
        assertThat(session.getOutputNames()).containsExactly("output");
        TensorInfo in = (TensorInfo) session.getInputInfo().get("input").getInfo();
        TensorInfo out = (TensorInfo) session.getOutputInfo().get("output").getInfo();
        assertThat(in.getShape()).containsExactly(-1, card.inputs().size());
        assertThat(out.getShape()).containsExactly(-1, 1);
        // the mean input row must give a prediction near the training label's mean
        float[][] row = new float[1][card.inputs().size()];
        for (int j = 0; j < row[0].length; j++) {
          row[0][j] = card.reference().signals().get(j).mean().floatValue();
        }
        try (OnnxTensor t = OnnxTensor.createTensor(env, row);
            OrtSession.Result r = session.run(Map.of("input", t))) {
          float y = ((float[][]) r.get(0).getValue())[0][0];
          assertThat(y).as("%s %s at the mean input", card.template(), card.version()).isFinite();
          double expected =
              switch (card.template()) {
                case "kiln-energy-optimization" -> 11.2; // optimal fuel, t/h
                case "clinker-free-lime-soft-sensor" -> 0.9; // % free lime
                default -> 50.0;
              };
          assertThat((double) y)
              .isCloseTo(expected, org.assertj.core.data.Offset.offset(expected * 0.5));
        }
      }
    }
  }
}
