package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import java.util.Optional;

/**
 * A site not live yet goes live in Shadow with the selected version as soon as the inference server
 * verifies it. So does a site whose live version was removed from the template: the selected one
 * starts over in Shadow, never inheriting a stage (or setpoint writes) it was not promoted to.
 */
final class Activation implements Policy {

  @Override
  public Verdict evaluate(Situation s) {
    if (s.live().isPresent() && !s.activeRemoved()) {
      return Verdict.pass();
    }
    ModelVersion selected = s.selected();
    ModelVerification verification = ModelVerification.of(selected, s.input().observation());
    if (verification.status() != ConditionStatus.True) {
      Optional<ActiveModel> before = s.previous().map(SiteDeploymentStatus::activeModel);
      boolean sameVersion = before.map(a -> selected.version().equals(a.version())).orElse(false);
      String since =
          sameVersion && before.get().since() != null ? before.get().since() : s.nowText();
      return Verdict.decide(new Outcome.AwaitingModel(selected, verification, since));
    }
    return Verdict.decide(
        new Outcome.Activated(selected, verification, s.target(), s.candidateBeside(selected)));
  }
}
