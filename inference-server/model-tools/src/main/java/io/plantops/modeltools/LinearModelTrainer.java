package io.plantops.modeltools;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import java.util.Map;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDModel;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * Trains a linear regression with Tribuo's SGD trainer on standardised features and writes it as
 * one ONNX graph with the plantops tensor contract: {@code input} float [N, inputs] in the
 * template's column order, {@code output} float [N, 1].
 *
 * <p>Standardisation is part of the graph (Sub, Mul before Tribuo's Gemm; Mul, Add after it), so
 * the served model takes raw canonical values. Tribuo orders features by name, hence the
 * zero-padded column prefix on every feature name. The model proto is assembled here rather than by
 * {@code ONNXExportable.exportONNXModel}, which embeds Tribuo's provenance (training time, host,
 * JVM): that would make every regeneration differ by bytes, and the digest is the model's identity.
 */
public final class LinearModelTrainer {

  /** The result of one training run. */
  public record Trained(byte[] onnx, double rmse, double mae, int rows) {}

  private LinearModelTrainer() {}

  /**
   * Trains and exports.
   *
   * @param data training rows
   * @param outputName the template's output name
   * @param graphName graph name, e.g. kiln-energy-optimization-1.2.0
   * @param modelVersion ONNX model_version field
   * @param docString what the model is, stored in the ONNX file
   * @param seed trainer seed
   * @param epochs SGD epochs
   */
  public static Trained train(
      TrainingData data,
      String outputName,
      String graphName,
      long modelVersion,
      String docString,
      long seed,
      int epochs) {
    int n = data.inputs().size();
    double[] mean = new double[n];
    double[] scale = new double[n];
    for (int j = 0; j < n; j++) {
      double[] c = data.column(j);
      double m = 0;
      for (double v : c) {
        m += v;
      }
      m /= c.length;
      double var = 0;
      for (double v : c) {
        var += (v - m) * (v - m);
      }
      double sd = Math.sqrt(var / c.length);
      mean[j] = m;
      scale[j] = sd > 1e-9 ? 1.0 / sd : 1.0;
    }
    double yMean = 0;
    for (double v : data.y()) {
      yMean += v;
    }
    yMean /= data.rows();
    double yVar = 0;
    for (double v : data.y()) {
      yVar += (v - yMean) * (v - yMean);
    }
    double ySd = Math.max(Math.sqrt(yVar / data.rows()), 1e-9);

    String[] names = new String[n];
    for (int j = 0; j < n; j++) {
      names[j] = String.format("c%02d_%s", j, data.inputs().get(j));
    }
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> dataset =
        new MutableDataset<>(new SimpleDataSourceProvenance(data.source(), factory), factory);
    for (int i = 0; i < data.rows(); i++) {
      double[] z = new double[n];
      for (int j = 0; j < n; j++) {
        z[j] = (data.x()[i][j] - mean[j]) * scale[j];
      }
      dataset.add(
          new ArrayExample<>(new Regressor(outputName, (data.y()[i] - yMean) / ySd), names, z));
    }
    LinearSGDTrainer trainer =
        new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.05, 0.1), epochs, -1, 1, seed);
    LinearSGDModel model = trainer.train(dataset);

    ONNXContext ctx = new ONNXContext();
    ctx.setName(graphName);
    ONNXPlaceholder input = ctx.floatInput("input", n);
    ONNXNode standardised =
        input
            .apply(ONNXOperators.SUB, ctx.array("feature_mean", toFloat(mean)))
            .apply(ONNXOperators.MUL, ctx.array("feature_inverse_stddev", toFloat(scale)));
    ONNXNode prediction = model.writeONNXGraph(standardised);
    ONNXNode rescaled =
        prediction
            .apply(ONNXOperators.MUL, ctx.array("label_stddev", new float[] {(float) ySd}))
            .apply(ONNXOperators.ADD, ctx.array("label_mean", new float[] {(float) yMean}));
    rescaled.assignTo(ctx.floatOutput("output", 1));

    OnnxMl.ModelProto proto =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(7)
            .addOpsetImport(ONNXOperators.getOpsetProto())
            .setProducerName("plantops-model-tools")
            .setProducerVersion("1")
            .setDomain("io.plantops")
            .setModelVersion(modelVersion)
            .setDocString(docString)
            .setGraph(ctx.buildGraph())
            .addAllMetadataProps(
                metadata(
                    Map.of(
                        "plantops.inputs", String.join(",", data.inputs()),
                        "plantops.outputs", outputName,
                        "plantops.training", data.source())))
            .build();

    double se = 0;
    double ae = 0;
    for (int i = 0; i < data.rows(); i++) {
      double[] z = new double[n];
      for (int j = 0; j < n; j++) {
        z[j] = (data.x()[i][j] - mean[j]) * scale[j];
      }
      double p =
          model
                      .predict(new ArrayExample<>(factory.getUnknownOutput(), names, z))
                      .getOutput()
                      .getValues()[0]
                  * ySd
              + yMean;
      se += (p - data.y()[i]) * (p - data.y()[i]);
      ae += Math.abs(p - data.y()[i]);
    }
    return new Trained(
        proto.toByteArray(), Math.sqrt(se / data.rows()), ae / data.rows(), data.rows());
  }

  private static List<OnnxMl.StringStringEntryProto> metadata(Map<String, String> entries) {
    return entries.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(
            e ->
                OnnxMl.StringStringEntryProto.newBuilder()
                    .setKey(e.getKey())
                    .setValue(e.getValue())
                    .build())
        .toList();
  }

  private static float[] toFloat(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }
}
