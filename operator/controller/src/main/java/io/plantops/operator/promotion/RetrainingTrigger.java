package io.plantops.operator.promotion;

import io.plantops.api.v1alpha1.FleetEntry;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.RetrainingPolicy;
import io.plantops.contract.DriftStatus;
import io.plantops.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Why the corporate team should retrain a template's model, from its retraining policy: drift at
 * Alert at a plant of the fleet (onDriftAlert), or the newest version older than maxModelAgeDays.
 * Typed until the template's status is written, where {@link #statusText()} renders it
 * (status.retrainingDue).
 */
public sealed interface RetrainingTrigger {

  /**
   * A SiteDeployment of the template reports input drift at Alert.
   *
   * @param namespace its namespace
   * @param siteDeployment its name
   * @param plant its plant
   */
  record DriftAlert(String namespace, String siteDeployment, String plant)
      implements RetrainingTrigger {}

  /**
   * The newest version was released more than maxModelAgeDays ago.
   *
   * @param version the newest version
   * @param days whole days since its release
   * @param maxDays the policy's maxModelAgeDays
   */
  record ModelAge(String version, long days, int maxDays) implements RetrainingTrigger {}

  /**
   * The newest version's release time is not RFC 3339, so its age is unknown.
   *
   * @param version the newest version
   * @param releasedAt its releasedAt as written
   */
  record ModelAgeUnknown(String version, String releasedAt) implements RetrainingTrigger {}

  /**
   * The first trigger that holds, drift before age.
   *
   * @param policy the template's retraining policy
   * @param fleet the template's SiteDeployments, in fleet order
   * @param latest the template's newest version
   * @param now the time of the decision
   */
  static Optional<RetrainingTrigger> due(
      RetrainingPolicy policy, List<FleetEntry> fleet, Optional<ModelVersion> latest, Instant now) {
    if (Boolean.TRUE.equals(policy.onDriftAlert())) {
      Optional<FleetEntry> alert =
          fleet.stream().filter(e -> e.drift() == DriftStatus.Alert).findFirst();
      if (alert.isPresent()) {
        FleetEntry e = alert.get();
        return Optional.of(new DriftAlert(e.namespace(), e.siteDeployment(), e.plant()));
      }
    }
    if (policy.maxModelAgeDays() == null || latest.isEmpty() || latest.get().releasedAt() == null) {
      return Optional.empty();
    }
    ModelVersion m = latest.get();
    Optional<Instant> released = Conditions.instant(m.releasedAt());
    if (released.isEmpty()) {
      return Optional.of(new ModelAgeUnknown(m.version(), m.releasedAt()));
    }
    long days = Duration.between(released.get(), now).toDays();
    return days > policy.maxModelAgeDays()
        ? Optional.of(new ModelAge(m.version(), days, policy.maxModelAgeDays()))
        : Optional.empty();
  }

  /** How status.retrainingDue writes it; the text users read, unchanged since v1alpha1. */
  default String statusText() {
    if (this instanceof DriftAlert d) {
      return "DriftAlert at "
          + d.namespace()
          + "/"
          + d.siteDeployment()
          + " (plant "
          + d.plant()
          + ")";
    }
    if (this instanceof ModelAge a) {
      return "ModelAge: "
          + a.version()
          + " was released "
          + a.days()
          + " days ago (retraining.maxModelAgeDays "
          + a.maxDays()
          + ")";
    }
    ModelAgeUnknown u = (ModelAgeUnknown) this;
    return "spec.models releasedAt '"
        + u.releasedAt()
        + "' of "
        + u.version()
        + " is not RFC 3339; the model's age is unknown";
  }
}
