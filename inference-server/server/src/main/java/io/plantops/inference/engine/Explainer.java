package io.plantops.inference.engine;

import ai.onnxruntime.OrtException;
import io.plantops.contract.Recommendation.Contribution;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.UseCaseConfig.Reference;
import io.plantops.inference.model.LoadedModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Local sensitivity explanation of the first output, for any ONNX model: one batched run of N + 1
 * rows, the feature row and the row with input j moved by its reference standard deviation. The
 * finite-difference slope of input j times the input's deviation from its reference mean is its
 * contribution: how much this input being where it is (rather than at its typical value) moves the
 * output, in the output's unit. For a linear model this is exact ({@code w_j (x_j - mean_j)}); for
 * a non-linear one it is the first-order (gradient x deviation) approximation around x.
 */
public final class Explainer {

  /** Contributions returned, largest absolute first. */
  public static final int TOP = 5;

  private final double[] step;
  private final double[] center;
  private final List<Feature> inputs;

  /**
   * @param inputs the use case's inputs, in column order
   * @param references the model's reference statistics (step = stddev, center = mean)
   */
  public Explainer(List<Feature> inputs, List<Reference> references) {
    this.inputs = inputs;
    int n = inputs.size();
    step = new double[n];
    center = new double[n];
    for (int j = 0; j < n; j++) {
      step[j] = Double.NaN;
      center[j] = Double.NaN;
      for (Reference r : references) {
        if (r.signal().equals(inputs.get(j).signal()) && r.stddev() > 0) {
          step[j] = r.stddev();
          center[j] = r.mean();
        }
      }
    }
  }

  /** Top contributions to output 0 at {@code row}. */
  public List<Contribution> explain(LoadedModel model, double[] row) throws OrtException {
    int n = row.length;
    int outs = model.outputs();
    float[] batch = new float[(n + 1) * n];
    double[] h = new double[n];
    for (int r = 0; r <= n; r++) {
      for (int j = 0; j < n; j++) {
        batch[r * n + j] = (float) row[j];
      }
    }
    for (int j = 0; j < n; j++) {
      // without reference statistics: 1 % of the value (or 1 unit at zero) as the step
      h[j] = Double.isNaN(step[j]) ? Math.max(Math.abs(row[j]) * 0.01, 1.0) : step[j];
      batch[(j + 1) * n + j] = (float) (row[j] + h[j]);
    }
    float[] out = model.run(batch, n + 1);
    double base = out[0];
    List<Contribution> all = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      // the float input may not move by exactly h: use the step the model actually saw
      double actualStep = (double) batch[(j + 1) * n + j] - (double) batch[j];
      double slope = actualStep == 0 ? 0 : (out[(j + 1) * outs] - base) / actualStep;
      double deviation = Double.isNaN(center[j]) ? h[j] : row[j] - center[j];
      all.add(new Contribution(inputs.get(j).signal(), row[j], slope * deviation));
    }
    all.sort(Comparator.comparingDouble((Contribution c) -> -Math.abs(c.contribution())));
    return List.copyOf(all.subList(0, Math.min(TOP, all.size())));
  }
}
