package io.plantops.operator.promotion;

import static io.plantops.operator.promotion.SiteState.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.RollbackPolicy;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.contract.DriftStatus;
import io.plantops.operator.observe.PlantObservation;
import io.plantops.operator.observe.Probe;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.promotion.Outcome.RollbackCause;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftRollbackTest {

  final DriftRollback policy = new DriftRollback();

  static SiteState alert(Phase phase) {
    SiteState s = SiteState.live(phase);
    s.observation = SiteState.serving("1.2.0", DriftStatus.Alert, -1.5);
    return s;
  }

  @Test
  void fallsBackToAdvisoryWhenDriftReachesAlertInClosedLoop() {
    assertThat(alert(Phase.ClosedLoop).decided(policy))
        .isEqualTo(
            new Outcome.RolledBack(
                new RollbackCause.DriftAlert(Optional.of("kiln.feed.rate"), Optional.of(0.31)),
                Stage.ClosedLoop,
                "1.2.0",
                Stage.Advisory,
                model("1.2.0"),
                Optional.of(new CandidateSelection(Optional.empty(), List.of()))));
  }

  @Test
  void leavesAdvisoryAloneSinceItWritesNoSetpoint() {
    assertThat(alert(Phase.Advisory).passed(policy)).isEmpty();
  }

  @Test
  void passesWhenThePolicyDoesNotRollBackOnDrift() {
    SiteState s = alert(Phase.ClosedLoop);
    s.template =
        SiteState.withRollback(s.template, new RollbackPolicy(false, 3.0, 120L, true, null));
    assertThat(s.passed(policy)).isEmpty();
  }

  @Test
  void neverRollsBackOnFiguresThatAreNotCurrent() {
    SiteState s = SiteState.live(Phase.ClosedLoop);
    s.observation =
        UseCaseObservation.of(
            new PlantObservation(
                Probe.unreachable("connection refused"), Probe.notPolled(), Optional.empty()),
            "kiln1-energy");
    assertThat(s.passed(policy)).isEmpty();
  }
}
