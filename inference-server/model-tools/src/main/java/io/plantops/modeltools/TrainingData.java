package io.plantops.modeltools;

import java.util.List;

/**
 * Feature rows and labels, one row per evaluation, features in the template's column order.
 *
 * @param inputs canonical input signals, in column order
 * @param x rows of features
 * @param y one label per row
 * @param source where the data came from, for the reference statistics
 */
public record TrainingData(List<String> inputs, double[][] x, double[] y, String source) {

  /** Number of rows. */
  public int rows() {
    return y.length;
  }

  /** Column {@code j} of the features. */
  public double[] column(int j) {
    double[] c = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      c[i] = x[i][j];
    }
    return c;
  }
}
