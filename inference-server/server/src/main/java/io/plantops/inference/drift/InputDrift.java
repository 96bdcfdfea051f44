package io.plantops.inference.drift;

import io.plantops.contract.DriftStatus;
import io.plantops.contract.UseCaseConfig.Drift;
import io.plantops.contract.UseCaseConfig.Reference;
import java.util.List;

/**
 * Streaming drift of one input against its reference distribution: PSI over the reference bins and
 * a two-sided Page-Hinkley test on the mean, in reference standard deviations.
 *
 * <p>PSI is computed over the last {@link #WINDOW} samples with a fixed ring of bin indices: each
 * update is a binary search over at most 63 edges, one decrement and one increment, no allocation.
 * A sliding window (rather than decayed counts) keeps PSI's usual meaning, "this distribution
 * versus that one", and its thresholds (0.1 / 0.25) comparable with the literature. The PSI value
 * itself is computed on read, O(bins).
 *
 * <p>Page-Hinkley with the reference mean as the in-control mean: with {@code z = (x - mean) /
 * stddev}, {@code up = max(0, up + z - delta)} and {@code down = max(0, down - z - delta)}; the
 * statistic is the larger of the two, in standard deviations accumulated beyond the tolerance
 * delta. It reacts to a persistent mean shift that PSI's window smooths out.
 *
 * <p>Not thread-safe: one evaluation thread updates it; readers see a possibly stale but
 * consistent-enough snapshot of plain fields (status is advisory).
 */
public final class InputDrift {

  /** Samples in the PSI window: one day at the templates' 60 s cadence. */
  public static final int WINDOW = 1440;

  /** Laplace-style floor for empty bins, so PSI stays finite. */
  private static final double EPSILON = 1e-4;

  private final String signal;
  private final double[] edges;
  private final double[] expected;
  private final double mean;
  private final double stddev;
  private final int[] counts;
  private final short[] ring = new short[WINDOW];
  private int ringNext;
  private int filled;
  private long samples;
  private double up;
  private double down;

  public InputDrift(Reference reference) {
    this.signal = reference.signal();
    List<Double> e = reference.binEdges();
    this.edges = new double[e.size()];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = e.get(i);
    }
    List<Double> f = reference.binFractions();
    if (f.size() != edges.length + 1) {
      throw new IllegalArgumentException(
          "reference of "
              + signal
              + ": binFractions has "
              + f.size()
              + " values for "
              + edges.length
              + " edges; it needs edges + 1");
    }
    this.expected = new double[f.size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = Math.max(f.get(i), EPSILON);
    }
    this.counts = new int[expected.length];
    this.mean = reference.mean();
    this.stddev = reference.stddev() > 0 ? reference.stddev() : 1.0;
  }

  /** Adds one feature value. Constant work, no allocation. */
  public void update(double x, double delta) {
    int bin = bin(x);
    if (filled == WINDOW) {
      counts[ring[ringNext]]--;
    } else {
      filled++;
    }
    ring[ringNext] = (short) bin;
    counts[bin]++;
    ringNext = ringNext + 1 == WINDOW ? 0 : ringNext + 1;
    samples++;
    double z = (x - mean) / stddev;
    up = Math.max(0.0, up + z - delta);
    down = Math.max(0.0, down - z - delta);
  }

  /** Index of the bin holding {@code x}: edges are lower-inclusive. */
  int bin(double x) {
    int lo = 0;
    int hi = edges.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (x >= edges[mid]) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** PSI of the window against the reference; 0 before any sample. */
  public double psi() {
    if (filled == 0) {
      return 0.0;
    }
    double psi = 0;
    for (int i = 0; i < counts.length; i++) {
      double actual = Math.max((double) counts[i] / filled, EPSILON);
      psi += (actual - expected[i]) * Math.log(actual / expected[i]);
    }
    return psi;
  }

  /** Page-Hinkley statistic, reference standard deviations beyond the tolerance. */
  public double meanShift() {
    return Math.max(up, down);
  }

  /** Samples seen since the model was activated. */
  public long samples() {
    return samples;
  }

  public String signal() {
    return signal;
  }

  /** Status per the use case's thresholds; Unknown until {@code minSamples}. */
  public DriftStatus status(Drift thresholds) {
    if (samples < thresholds.minSamples()) {
      return DriftStatus.Unknown;
    }
    double psi = psi();
    double shift = meanShift();
    if (psi >= thresholds.psiAlert() || shift >= thresholds.meanShiftAlert()) {
      return DriftStatus.Alert;
    }
    if (psi >= thresholds.psiWarn() || shift >= thresholds.meanShiftWarn()) {
      return DriftStatus.Warn;
    }
    return DriftStatus.Ok;
  }
}
