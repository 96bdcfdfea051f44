package io.plantops.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceGaugesTest {

  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final OperatorMetrics metrics = new OperatorMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC));
  final List<SiteDeployment> cache = new ArrayList<>();

  static SiteDeployment sd(String name, String status) {
    return Serialization.unmarshal(
        """
        apiVersion: plantops.io/v1alpha1
        kind: SiteDeployment
        metadata: {name: %s, namespace: plant-lyon}
        spec: {plantRef: lyon}
        status:
        %s
        """
            .formatted(name, status.indent(2)),
        SiteDeployment.class);
  }

  @Test
  void theGaugesAreWhatTheCachedStatusesSayAtScrapeTime() {
    metrics.siteDeploymentGauges(() -> cache.stream());
    Plant plant =
        Serialization.unmarshal(
            """
            apiVersion: plantops.io/v1alpha1
            kind: Plant
            metadata: {name: lyon, namespace: plant-lyon}
            status:
              onboarding:
                registeredAt: "2026-11-24T10:00:00Z"
                mappingCompleteAt: "2026-11-24T10:00:30Z"
                firstDataAt: "2026-11-24T10:05:00Z"
            """,
            Plant.class);
    metrics.plantGauges(() -> List.of(plant).stream());
    cache.add(
        sd(
            "kiln1-energy",
            """
            phase: Advisory
            phaseSince: "2026-11-24T11:00:00Z"
            pendingPromotion: "Stage:ClosedLoop"
            pendingSince: "2026-11-24T11:30:00Z"
            pendingApprovals: [plant-manager, corporate-ai-lead]
            gates: [{name: minSamples, passed: true}, {name: drift, passed: false}]
            """));
    cache.add(sd("kiln1-free-lime", "phase: Pending"));

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains(
            "plantops_operator_plant_onboarding_seconds{milestone=\"mappingComplete\",namespace=\"plant-lyon\",plant=\"lyon\"} 30.0")
        .contains(
            "plantops_operator_plant_onboarding_seconds{milestone=\"firstData\",namespace=\"plant-lyon\",plant=\"lyon\"} 300.0")
        .contains(
            "plantops_promotion_pending_seconds{namespace=\"plant-lyon\",plant=\"lyon\",promotion=\"Stage:ClosedLoop\",site_deployment=\"kiln1-energy\",use_case=\"kiln1-energy\"} 1800.0")
        .contains(
            "plantops_promotion_approvals_pending{namespace=\"plant-lyon\",plant=\"lyon\",promotion=\"Stage:ClosedLoop\",site_deployment=\"kiln1-energy\",use_case=\"kiln1-energy\"} 2.0")
        .contains(
            "plantops_promotion_gate_passed{gate=\"drift\",namespace=\"plant-lyon\",plant=\"lyon\",promotion=\"Stage:ClosedLoop\",site_deployment=\"kiln1-energy\",use_case=\"kiln1-energy\"} 0.0")
        .contains(
            "plantops_promotion_stage_seconds{namespace=\"plant-lyon\",plant=\"lyon\",site_deployment=\"kiln1-energy\",stage=\"Advisory\",use_case=\"kiln1-energy\"} 3600.0")
        // no stage, no pending promotion: no series
        .doesNotContain("site_deployment=\"kiln1-free-lime\"");

    cache.clear();
    assertThat(registry.scrape()).doesNotContain("site_deployment=\"kiln1-energy\"");
  }

  @Test
  void aClosedOperatorStopsExportingThem() {
    cache.add(sd("kiln1-energy", "pendingPromotion: \"Stage:Advisory\""));
    metrics.siteDeploymentGauges(() -> cache.stream());
    assertThat(registry.scrape()).contains("plantops_promotion_approvals_pending{");
    metrics.close();
    assertThat(registry.scrape()).doesNotContain("plantops_promotion_approvals_pending{");
  }
}
