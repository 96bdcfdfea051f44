package io.plantops.operator.rollout;

import io.plantops.api.v1alpha1.KpiStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.KpiAssessment;
import java.util.Objects;
import java.util.Optional;

/**
 * One SiteDeployment of a template as the fleet rollout sees it, read from its spec, the status it
 * last wrote and its Plant's ring.
 *
 * @param name namespace/name, for messages
 * @param ring the Plant's spec.rolloutRing
 * @param followsLatest whether its version policy is FollowLatest (Pinned sites are never moved)
 * @param activeVersion its active model version, if live
 * @param candidateVersion the version it scores in shadow, if any
 * @param drift its drift status
 * @param kpiPercentWorse how much its worst KPI is worse than baseline, in percent
 * @param rolledBackFrom the version its latest automatic rollback left, if any
 */
public record RolloutSite(
    String name,
    int ring,
    boolean followsLatest,
    Optional<String> activeVersion,
    Optional<String> candidateVersion,
    Optional<DriftStatus> drift,
    Optional<Double> kpiPercentWorse,
    Optional<String> rolledBackFrom) {

  /** The site {@code sd} at a plant in {@code ring}. */
  public static RolloutSite of(SiteDeployment sd, int ring) {
    Optional<SiteDeploymentStatus> s = Optional.ofNullable(sd.getStatus());
    return new RolloutSite(
        sd.getMetadata().getNamespace() + "/" + sd.getMetadata().getName(),
        ring,
        sd.getSpec().versionPolicy() == VersionPolicy.FollowLatest,
        s.map(SiteDeploymentStatus::activeModel).map(m -> m.version()),
        s.map(SiteDeploymentStatus::candidateModel).map(m -> m.version()),
        s.map(SiteDeploymentStatus::drift).map(d -> d.status()),
        s.map(SiteDeploymentStatus::kpis)
            .flatMap(
                kpis ->
                    kpis.stream()
                        .filter(
                            k -> k.assessment() == KpiAssessment.Worse && k.changePercent() != null)
                        .map(KpiStatus::changePercent)
                        .map(Math::abs)
                        .max(Double::compare)),
        s.map(SiteDeploymentStatus::rollback).map(r -> r.fromVersion()));
  }

  boolean runs(String version) {
    return Objects.equals(activeVersion.orElse(null), version);
  }

  boolean shadows(String version) {
    return !runs(version) && Objects.equals(candidateVersion.orElse(null), version);
  }
}
