package io.plantops.inference.engine;

import io.plantops.contract.InferenceStatus.DriftReport;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.inference.drift.DriftMonitor;
import io.plantops.inference.metrics.InferenceMetrics;
import io.plantops.inference.model.LoadedModel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a use case keeps about the model serving from its active slot, from the moment it starts
 * serving: drift of the inputs against that model's reference statistics, the explainer built on
 * the same reference, the model's metric points, and its count of evaluations.
 *
 * @param drift guarded by itself: the evaluation thread updates it, status and scrape read it
 */
record ActiveWatch(
    DriftMonitor drift,
    Explainer explainer,
    InferenceMetrics.ModelPoints points,
    AtomicLong evaluations) {

  private static final System.Logger LOG = System.getLogger(ActiveWatch.class.getName());

  /** Starts watching {@code model}, the wanted {@code want} of {@code useCase}'s config. */
  static ActiveWatch start(
      String useCase, List<Feature> inputs, Model want, LoadedModel model, InferenceMetrics m) {
    List<UseCaseConfig.Reference> refs = want.reference();
    DriftMonitor drift = new DriftMonitor(inputs, refs);
    if (!drift.unmonitoredColumns().isEmpty()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "use case {0}: model {1} has no reference statistics for inputs {2}: no drift for them",
          useCase,
          model.version(),
          drift.unmonitoredColumns().stream().map(j -> inputs.get(j).signal()).toList());
    }
    return new ActiveWatch(
        drift,
        new Explainer(inputs, refs),
        m.modelPoints(useCase, model.version()),
        new AtomicLong());
  }

  /** Adds one feature row to the drift statistics. */
  void observe(double[] row, double meanShiftTolerance) {
    synchronized (drift) {
      drift.update(row, meanShiftTolerance);
    }
  }

  /** The drift block of the status document, under the thresholds of {@code config}. */
  DriftReport driftReport(UseCaseConfig.Drift thresholds) {
    return driftReport(thresholds, Set.of());
  }

  /**
   * The drift block of the status document, under the thresholds of {@code config}, leaving out
   * {@code constants} (inputs given as declared constants, which have no distribution to measure).
   */
  DriftReport driftReport(UseCaseConfig.Drift thresholds, Set<String> constants) {
    synchronized (drift) {
      return drift.report(thresholds, constants);
    }
  }
}
