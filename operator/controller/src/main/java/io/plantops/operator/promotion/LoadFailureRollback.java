package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.operator.promotion.Outcome.RollbackCause;
import java.util.Optional;

/**
 * The active model cannot be loaded (the server refused it, or serves another digest): back to the
 * version live before it when the rollback policy says so (onModelLoadFailure) and the template
 * still has that version; otherwise the site is Pending until a loadable model is verified.
 */
final class LoadFailureRollback implements Policy {

  @Override
  public Verdict evaluate(Situation s) {
    if (s.verification().status() != ConditionStatus.False) {
      return Verdict.pass();
    }
    ModelVersion active = s.active();
    boolean enabled = Boolean.TRUE.equals(s.rollbackPolicy().onModelLoadFailure());
    Optional<ModelVersion> previous =
        History.previousVersion(s.history(), active.version()).flatMap(s::model);
    String problem = s.verification().message();
    if (enabled && previous.isPresent()) {
      Stage live = s.liveStage();
      return Verdict.decide(
          new Outcome.RolledBack(
              new RollbackCause.LoadFailure(problem),
              live,
              active.version(),
              live,
              previous.get(),
              Optional.empty()));
    }
    return Verdict.decide(new Outcome.LoadFailedWithoutFallback(active, problem, enabled));
  }
}
