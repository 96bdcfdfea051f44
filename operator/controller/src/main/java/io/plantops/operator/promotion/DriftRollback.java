package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.Stage;
import io.plantops.contract.DriftStatus;
import io.plantops.operator.promotion.Outcome.RollbackCause;
import java.util.Optional;

/**
 * Input drift at Alert in ClosedLoop: back to Advisory, so that no setpoint is written from inputs
 * unlike the model's training data (rollback.onDriftAlert). Drift is judged only on a current
 * report from the inference server.
 */
final class DriftRollback implements Policy {

  @Override
  public Verdict evaluate(Situation s) {
    Observed facts = s.observed();
    if (s.liveStage() != Stage.ClosedLoop
        || !Boolean.TRUE.equals(s.rollbackPolicy().onDriftAlert())
        || !facts.known()
        || facts.drift() != DriftStatus.Alert) {
      return Verdict.pass();
    }
    return Verdict.decide(
        new Outcome.RolledBack(
            new RollbackCause.DriftAlert(facts.worstSignal(), facts.driftScore()),
            Stage.ClosedLoop,
            s.active().version(),
            Stage.Advisory,
            s.active(),
            Optional.of(s.candidate())));
  }
}
