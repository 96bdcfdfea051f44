package io.plantops.inference.drift;

import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus.DriftReport;
import io.plantops.contract.InferenceStatus.SignalDrift;
import io.plantops.contract.UseCaseConfig.Drift;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.UseCaseConfig.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Drift of every input of one active model version, against that version's reference statistics.
 * Inputs without reference statistics are not monitored (reported by name in the log once).
 *
 * <p>An input the plant gives as a declared constant (a substitute) is left out of the report: a
 * constant has no distribution, so its PSI against the reference is fixed by the choice of the
 * constant, not measured; counted, it would hold the use case at Alert (and roll it back) for a
 * value the plant declared on purpose. Inputs computed from a substitute expression vary with their
 * own inputs and are measured like any other.
 */
public final class DriftMonitor {

  private final InputDrift[] byColumn;

  /**
   * @param inputs the use case's inputs, in column order
   * @param references the active model's reference statistics
   */
  public DriftMonitor(List<Feature> inputs, List<Reference> references) {
    byColumn = new InputDrift[inputs.size()];
    for (int j = 0; j < inputs.size(); j++) {
      String signal = inputs.get(j).signal();
      for (Reference r : references) {
        if (r.signal().equals(signal)) {
          byColumn[j] = new InputDrift(r);
        }
      }
    }
  }

  /** Adds one feature row. Constant work per input, no allocation. */
  public void update(double[] row, double delta) {
    for (int j = 0; j < byColumn.length; j++) {
      InputDrift d = byColumn[j];
      if (d != null) {
        d.update(row[j], delta);
      }
    }
  }

  /** Inputs without reference statistics. */
  public List<Integer> unmonitoredColumns() {
    List<Integer> missing = new ArrayList<>();
    for (int j = 0; j < byColumn.length; j++) {
      if (byColumn[j] == null) {
        missing.add(j);
      }
    }
    return missing;
  }

  /** Monitors per column (null where not monitored). */
  public InputDrift[] columns() {
    return byColumn;
  }

  /**
   * The status document's drift block. An input below the drift rule's minimum samples is Unknown
   * and has no figures: its PSI and mean shift are noise then (a PSI of 8 after 3 rows), so they
   * are left out rather than reported as numbers, and they count for neither the score nor the
   * worst signal.
   */
  public DriftReport report(Drift thresholds) {
    return report(thresholds, Set.of());
  }

  /** The status document's drift block, leaving out the declared {@code constants}. */
  public DriftReport report(Drift thresholds, Set<String> constants) {
    List<SignalDrift> signals = new ArrayList<>();
    Double score = null;
    String worstSignal = null;
    DriftStatus worstSignalStatus = DriftStatus.Unknown;
    double worstSignalPsi = -1;
    for (InputDrift d : byColumn) {
      if (d == null || constants.contains(d.signal())) {
        continue;
      }
      DriftStatus s = d.status(thresholds);
      if (s == DriftStatus.Unknown) {
        signals.add(new SignalDrift(d.signal(), null, null, s, d.samples()));
        continue;
      }
      double psi = d.psi();
      signals.add(new SignalDrift(d.signal(), psi, d.meanShift(), s, d.samples()));
      score = score == null ? psi : Math.max(score, psi);
      if (worstSignal == null
          || s.ordinal() > worstSignalStatus.ordinal()
          || (s == worstSignalStatus && psi > worstSignalPsi)) {
        worstSignal = d.signal();
        worstSignalStatus = s;
        worstSignalPsi = psi;
      }
    }
    // one Unknown input keeps the whole use case Unknown only while every input is Unknown
    DriftStatus worst = DriftStatus.Unknown;
    for (SignalDrift s : signals) {
      worst = worst.worst(s.status());
    }
    return new DriftReport(worst, score, worstSignal, signals);
  }
}
