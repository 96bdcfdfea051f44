package io.plantops.modeltools;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The drift reference of one input, in the template's format: mean, standard deviation, ascending
 * inner bin edges (training deciles) and the fraction of training rows in each of the edges + 1
 * bins. Edges are rounded to 6 significant digits first and the fractions counted against the
 * rounded edges, so what the template says is exactly what the data gives.
 *
 * @param signal canonical signal
 * @param mean training mean
 * @param stddev training (population) standard deviation
 * @param binEdges ascending inner edges
 * @param binFractions edges + 1 fractions, summing to exactly 1 in decimal
 */
public record ReferenceStatistics(
    String signal,
    BigDecimal mean,
    BigDecimal stddev,
    List<BigDecimal> binEdges,
    List<BigDecimal> binFractions) {

  private static final MathContext SIX = new MathContext(6, RoundingMode.HALF_EVEN);

  /** Statistics of {@code values} with {@code bins} equal-probability bins. */
  public static ReferenceStatistics of(String signal, double[] values, int bins) {
    int n = values.length;
    double mean = Arrays.stream(values).sum() / n;
    double var = 0;
    for (double v : values) {
      var += (v - mean) * (v - mean);
    }
    double stddev = Math.sqrt(var / n);
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    List<BigDecimal> edges = new ArrayList<>();
    for (int k = 1; k < bins; k++) {
      BigDecimal edge = round(sorted[(int) Math.floor((double) k * n / bins)]);
      // a constant stretch of data can repeat a decile: keep edges strictly ascending
      if (edges.isEmpty() || edge.compareTo(edges.get(edges.size() - 1)) > 0) {
        edges.add(edge);
      }
    }
    long[] counts = new long[edges.size() + 1];
    for (double v : values) {
      int bin = 0;
      while (bin < edges.size() && v >= edges.get(bin).doubleValue()) {
        bin++;
      }
      counts[bin]++;
    }
    List<BigDecimal> fractions = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    int largest = 0;
    for (int b = 0; b < counts.length; b++) {
      BigDecimal f =
          BigDecimal.valueOf(counts[b]).divide(BigDecimal.valueOf(n), 6, RoundingMode.HALF_EVEN);
      fractions.add(f);
      total = total.add(f);
      if (counts[b] > counts[largest]) {
        largest = b;
      }
    }
    // rounding leaves the sum a few millionths off 1: give the difference to the largest bin
    fractions.set(largest, fractions.get(largest).add(BigDecimal.ONE.subtract(total)));
    fractions.replaceAll(BigDecimal::stripTrailingZeros);
    return new ReferenceStatistics(
        signal, round(mean), round(stddev), List.copyOf(edges), List.copyOf(fractions));
  }

  private static BigDecimal round(double v) {
    return new BigDecimal(v).round(SIX).stripTrailingZeros();
  }

  /** One YAML flow mapping, as the templates write reference signals. */
  public String toYamlFlow() {
    return "{signal: "
        + signal
        + ", mean: "
        + mean.toPlainString()
        + ", stddev: "
        + stddev.toPlainString()
        + ", binEdges: "
        + list(binEdges)
        + ", binFractions: "
        + list(binFractions)
        + "}";
  }

  private static String list(List<BigDecimal> values) {
    return values.stream().map(BigDecimal::toPlainString).toList().toString();
  }
}
