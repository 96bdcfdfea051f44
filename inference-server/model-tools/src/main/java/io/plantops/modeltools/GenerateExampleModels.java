package io.plantops.modeltools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.plantops.contract.rules.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Regenerates examples/models and the {@code models:} sections of examples/templates.
 * Deterministic: the same sources give the same bytes, which a test checks against the committed
 * files.
 *
 * <p>Usage: {@code GenerateExampleModels <models-dir> <templates-dir>}; from the repository root
 * {@code ./mvnw -B -pl inference-server/model-tools -am -Pgenerate-models package}.
 */
public final class GenerateExampleModels {

  /** Store URI of a model, served by the sandbox from examples/models. */
  public static final String MODEL_STORE =
      "http://model-store.plantops-system.svc:8080/models/%s/%s/model.onnx";

  private static final int BINS = 10;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  /**
   * What examples/models/&lt;template&gt;/&lt;version&gt;/model.json says about a model.
   *
   * @param template template name
   * @param version version
   * @param file ONNX file name beside this one
   * @param uri URI the template uses
   * @param sha256 SHA-256 of the ONNX file
   * @param inputTensor input tensor name
   * @param outputTensor output tensor name
   * @param inputs input signals in column order
   * @param outputs output names in column order
   * @param training how it was trained and how well it fits its training data
   * @param reference drift reference, as in the template
   */
  public record ModelCard(
      String template,
      String version,
      String file,
      String uri,
      String sha256,
      String inputTensor,
      String outputTensor,
      List<String> inputs,
      List<String> outputs,
      Map<String, Object> training,
      Reference reference) {}

  /**
   * The template's reference block.
   *
   * @param sampleCount training rows
   * @param source where the data came from
   * @param signals per input
   */
  public record Reference(long sampleCount, String source, List<ReferenceStatistics> signals) {}

  private GenerateExampleModels() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException(
          "usage: GenerateExampleModels <models-dir> <templates-dir>");
    }
    Path models = Path.of(args[0]);
    Path templates = Path.of(args[1]);
    List<ModelCard> cards = generate(models, templates);
    for (ModelCard card : cards) {
      System.out.printf(
          "%s %s sha256=%s rows=%s rmse=%s%n",
          card.template(),
          card.version(),
          card.sha256(),
          card.training().get("rows"),
          card.training().get("rmse"));
    }
    updateTemplates(templates, cards);
  }

  /** Trains every example model and writes model.onnx and model.json under {@code models}. */
  public static List<ModelCard> generate(Path models, Path templates) throws IOException {
    List<ModelCard> cards = new ArrayList<>();
    for (ExampleModels.Spec spec : ExampleModels.all()) {
      TemplateSpec template = TemplateSpec.read(templates.resolve(spec.template() + ".yaml"));
      TrainingData data =
          KilnDataset.generate(
              template, spec.seed(), spec.days(), spec.stepEveryHours(), spec.label());
      cards.add(
          write(
              models,
              template,
              spec.version(),
              data,
              spec.seed(),
              "Label: " + spec.labelName() + ". " + spec.notes()));
    }
    TemplateSpec bench =
        new TemplateSpec(
            ExampleModels.BENCHMARK_TEMPLATE,
            IntStream.range(0, 16)
                .mapToObj(j -> new TemplateSpec.Input(String.format("bench.x%02d", j), "Mean", 60))
                .toList(),
            List.of("y"));
    cards.add(
        write(
            models,
            bench,
            "1.0.0",
            ExampleModels.benchmarkData(bench, 16, 20_000),
            16,
            "Synthetic 16-input linear model for the inference server benchmark."));
    return cards;
  }

  private static ModelCard write(
      Path models, TemplateSpec template, String version, TrainingData data, long seed, String doc)
      throws IOException {
    String graphName = template.name() + "-" + version;
    long modelVersion = Long.parseLong(version.replace(".", ""));
    LinearModelTrainer.Trained trained =
        LinearModelTrainer.train(
            data, template.outputs().get(0), graphName, modelVersion, doc, seed, 8);
    Path dir = models.resolve(template.name()).resolve(version);
    Files.createDirectories(dir);
    Files.write(dir.resolve("model.onnx"), trained.onnx());
    List<ReferenceStatistics> stats = new ArrayList<>();
    for (int j = 0; j < data.inputs().size(); j++) {
      stats.add(ReferenceStatistics.of(data.inputs().get(j), data.column(j), BINS));
    }
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("trainer", "Tribuo 4.3 LinearSGDTrainer, squared loss, AdaGrad, 8 epochs");
    training.put("seed", seed);
    training.put("rows", trained.rows());
    training.put("rmse", round(trained.rmse()));
    training.put("mae", round(trained.mae()));
    training.put("notes", doc);
    ModelCard card =
        new ModelCard(
            template.name(),
            version,
            "model.onnx",
            String.format(MODEL_STORE, template.name(), version),
            Digests.sha256Hex(trained.onnx()),
            "input",
            "output",
            data.inputs(),
            template.outputs(),
            training,
            new Reference(data.rows(), data.source(), stats));
    Files.writeString(
        dir.resolve("model.json"), JSON.writeValueAsString(card) + "\n", StandardCharsets.UTF_8);
    return card;
  }

  /** Rewrites the {@code models:} section of each template that has generated models. */
  public static void updateTemplates(Path templates, List<ModelCard> cards) throws IOException {
    Map<String, List<ModelCard>> byTemplate = new LinkedHashMap<>();
    for (ModelCard c : cards) {
      byTemplate.computeIfAbsent(c.template(), k -> new ArrayList<>()).add(c);
    }
    for (ExampleModels.Spec spec : ExampleModels.all()) {
      Path file = templates.resolve(spec.template() + ".yaml");
      String yaml = Files.readString(file, StandardCharsets.UTF_8);
      Files.writeString(
          file,
          TemplateModels.replace(yaml, byTemplate.get(spec.template()), ExampleModels.all()),
          StandardCharsets.UTF_8);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
