package io.plantops.operator.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.plantops.api.v1alpha1.AdviceAdoption;
import io.plantops.api.v1alpha1.CalibrationEffort;
import io.plantops.api.v1alpha1.MappingEffort;
import io.plantops.api.v1alpha1.OnboardingDurations;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.StageCount;
import io.plantops.api.v1alpha1.TemplateScorecard;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A template's scorecard over three plants in two rings, one of them without a Plant yet. */
class TemplateScorecardsTest {

  static Plant plant(String ns, int ring, String firstValid, String firstAdvisory) {
    return Serialization.unmarshal(
        """
        apiVersion: plantops.io/v1alpha1
        kind: Plant
        metadata: {name: p, namespace: %s}
        spec: {rolloutRing: %d, opcua: {endpointUrl: "opc.tcp://x:4840"}}
        status:
          onboarding:
            registeredAt: "2026-11-20T10:00:00Z"
            firstValidInferenceAt: %s
            firstAdvisoryAt: %s
        """
            .formatted(ns, ring, firstValid, firstAdvisory),
        Plant.class);
  }

  static SiteDeployment sd(String ns, String phase, String scorecard, String calibration) {
    return Serialization.unmarshal(
        """
        apiVersion: plantops.io/v1alpha1
        kind: SiteDeployment
        metadata: {name: energy, namespace: %s}
        spec:
          plantRef: p
          templateRef: {name: t}
          tagMappingRef: m
          stage: Advisory
          calibration: %s
        status:
          phase: %s
          scorecard: %s
        """
            .formatted(ns, calibration, phase, scorecard),
        SiteDeployment.class);
  }

  @Test
  void sumsTheSitesAndTakesTheMedianOverThePlantsThatReachedEachMilestone() {
    Map<String, Plant> plants =
        Map.of(
            "a", plant("a", 0, "\"2026-11-20T10:10:00Z\"", "\"2026-11-20T11:00:00Z\""),
            "b", plant("b", 1, "\"2026-11-20T10:30:00Z\"", "null"),
            "c", plant("c", 1, "\"2026-11-20T12:00:00Z\"", "\"2026-11-21T10:00:00Z\""));
    List<SiteDeployment> sds =
        List.of(
            sd(
                "a",
                "Advisory",
                "{mapping: {suggested: 9, edited: 1, manual: 1}, adoption: {published: 10,"
                    + " followed: 5}, kpiGainAt: \"2026-11-20T14:00:00Z\"}",
                "{limits: {fuel_setpoint: {min: 6, max: 18}}, bias: {fuel_setpoint: -0.1}}"),
            sd("b", "Shadow", "{mapping: {suggested: 11, edited: 0, manual: 0}}", "{}"),
            sd(
                "c",
                "Advisory",
                "{mapping: {suggested: 5, edited: 3, manual: 3}, adoption: {published: 10,"
                    + " followed: 10}}",
                "{kpiBaselines: {shc: 3450}}"),
            sd("d", "Pending", "null", "{}"));
    TemplateScorecard s =
        TemplateScorecards.aggregate(
            sds, sd -> Optional.ofNullable(plants.get(sd.getMetadata().getNamespace())));

    assertThat(s.stages())
        .as("a site whose Plant does not exist yet counts in the schema's default ring 1")
        .containsExactly(
            new StageCount(0, Phase.Advisory, 1),
            new StageCount(1, Phase.Pending, 1),
            new StageCount(1, Phase.Shadow, 1),
            new StageCount(1, Phase.Advisory, 1));
    // first valid inference after 600, 1800 and 7200 s: median 1800; Advisory after 3600 and
    // 86400 s: the lower middle of two, 3600
    assertThat(s.medianOnboarding()).isEqualTo(new OnboardingDurations(1800L, 3600L, null, null));
    assertThat(s.sitesInferring()).isEqualTo(3);
    assertThat(s.sitesWithKpiGain()).isEqualTo(1);
    assertThat(s.mapping()).isEqualTo(new MappingEffort(25, 4, 4));
    assertThat(s.calibration()).isEqualTo(new CalibrationEffort(1, 1, 1));
    assertThat(s.adoption()).isEqualTo(new AdviceAdoption(20L, 15L, 75.0));
  }

  @Test
  void aTemplateWithoutSitesHasAnEmptyScorecard() {
    TemplateScorecard s = TemplateScorecards.aggregate(List.of(), sd -> Optional.empty());
    assertThat(s.stages()).isNull();
    assertThat(s.medianOnboarding()).isNull();
    assertThat(s.sitesInferring()).isZero();
    assertThat(s.adoption()).isNull();
    assertThat(s.mapping()).isEqualTo(MappingEffort.none());
  }
}
