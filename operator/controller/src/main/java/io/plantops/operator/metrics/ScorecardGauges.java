package io.plantops.operator.metrics;

import io.plantops.api.v1alpha1.AdviceAdoption;
import io.plantops.api.v1alpha1.CalibrationEffort;
import io.plantops.api.v1alpha1.MappingEffort;
import io.plantops.api.v1alpha1.OnboardingDurations;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantScorecard;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteScorecard;
import io.plantops.api.v1alpha1.StageCount;
import io.plantops.api.v1alpha1.TemplateScorecard;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.operator.metrics.ResourceGauges.Series;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The repeatability scorecard as gauges, read from the Plant, SiteDeployment and UseCaseTemplate
 * status at scrape time (docs/scorecard.md). Labels stay bounded: namespace, plant, site_deployment
 * and template name resources; origin, kind, outcome, milestone, ring and stage take a few fixed
 * values each.
 */
final class ScorecardGauges implements MultiCollector {

  static final String MAPPING = "plantops_scorecard_mapping_entries";
  static final String CALIBRATION = "plantops_scorecard_calibration_overrides";
  static final String ADVICE = "plantops_scorecard_advice_episodes";
  static final String ADOPTION = "plantops_scorecard_adoption_ratio";
  static final String T_SITES = "plantops_scorecard_template_sites";
  static final String T_ONBOARDING = "plantops_scorecard_template_onboarding_seconds";
  static final String T_MAPPING = "plantops_scorecard_template_mapping_entries";
  static final String T_CALIBRATION = "plantops_scorecard_template_calibration_overrides";
  static final String T_ADOPTION = "plantops_scorecard_template_adoption_ratio";
  static final String T_GAIN = "plantops_scorecard_template_kpi_gain_sites";

  private volatile Supplier<Stream<Plant>> plants = Stream::empty;
  private volatile Supplier<Stream<SiteDeployment>> siteDeployments = Stream::empty;
  private volatile Supplier<Stream<UseCaseTemplate>> templates = Stream::empty;

  void plants(Supplier<Stream<Plant>> cache) {
    this.plants = cache;
  }

  void siteDeployments(Supplier<Stream<SiteDeployment>> cache) {
    this.siteDeployments = cache;
  }

  void templates(Supplier<Stream<UseCaseTemplate>> cache) {
    this.templates = cache;
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(
        MAPPING,
        CALIBRATION,
        ADVICE,
        ADOPTION,
        T_SITES,
        T_ONBOARDING,
        T_MAPPING,
        T_CALIBRATION,
        T_ADOPTION,
        T_GAIN);
  }

  @Override
  public MetricSnapshots collect() {
    Series mapping = new Series();
    Series calibration = new Series();
    plants
        .get()
        .forEach(
            p -> {
              PlantScorecard s = p.getStatus() == null ? null : p.getStatus().scorecard();
              if (s == null) {
                return;
              }
              Labels labels =
                  Labels.of(
                      "namespace",
                      p.getMetadata().getNamespace(),
                      "plant",
                      p.getMetadata().getName());
              mapping(mapping, labels, s.mapping());
              calibration(calibration, labels, s.calibration());
            });
    Series advice = new Series();
    Series adoption = new Series();
    siteDeployments
        .get()
        .forEach(
            sd -> {
              SiteScorecard s = sd.getStatus() == null ? null : sd.getStatus().scorecard();
              if (s == null || s.adoption() == null || sd.getSpec() == null) {
                return;
              }
              Labels labels =
                  Labels.of(
                      "namespace",
                      sd.getMetadata().getNamespace(),
                      "site_deployment",
                      sd.getMetadata().getName(),
                      "template",
                      sd.getSpec().templateRef().name());
              advice.add(labels.add("outcome", "published"), s.adoption().published());
              advice.add(labels.add("outcome", "followed"), s.adoption().followed());
              ratio(adoption, labels, s.adoption());
            });
    Series sites = new Series();
    Series onboarding = new Series();
    Series tMapping = new Series();
    Series tCalibration = new Series();
    Series tAdoption = new Series();
    Series gains = new Series();
    templates
        .get()
        .forEach(
            t -> {
              TemplateScorecard s = t.getStatus() == null ? null : t.getStatus().scorecard();
              if (s == null) {
                return;
              }
              Labels labels = Labels.of("template", t.getMetadata().getName());
              if (s.stages() != null) {
                for (StageCount c : s.stages()) {
                  sites.add(
                      labels.add("ring", String.valueOf(c.ring())).add("stage", c.phase().name()),
                      c.sites());
                }
              }
              onboarding(onboarding, labels, s.medianOnboarding());
              mapping(tMapping, labels, s.mapping());
              calibration(tCalibration, labels, s.calibration());
              ratio(tAdoption, labels, s.adoption());
              gains.add(labels, s.sitesWithKpiGain() == null ? 0 : s.sitesWithKpiGain());
            });
    return MetricSnapshots.of(
        mapping.snapshot(
            MAPPING,
            "TagMapping entries of a plant by origin: suggested (unchanged from suggest), edited,"
                + " manual"),
        calibration.snapshot(
            CALIBRATION,
            "Template values a plant's SiteDeployments override, by kind (limit, bias, baseline)"),
        advice.snapshot(
            ADVICE,
            "Advice episodes of a SiteDeployment since its connector started, by outcome"
                + " (published, followed)"),
        adoption.snapshot(
            ADOPTION, "Share of a SiteDeployment's published advice that operators followed"),
        sites.snapshot(T_SITES, "SiteDeployments of a template by rollout ring and live stage"),
        onboarding.snapshot(
            T_ONBOARDING,
            "Median seconds from registration to each milestone over a template's plants"),
        tMapping.snapshot(
            T_MAPPING,
            "TagMapping entries of a template's sites by origin (suggested, edited, manual)"),
        tCalibration.snapshot(
            T_CALIBRATION, "Template values a template's sites override, by kind"),
        tAdoption.snapshot(
            T_ADOPTION, "Share of a template's published advice that operators followed"),
        gains.snapshot(T_GAIN, "Sites of a template that reached a measurable KPI gain"));
  }

  private static void mapping(Series series, Labels labels, MappingEffort m) {
    if (m != null) {
      series.add(labels.add("origin", "suggested"), m.suggested());
      series.add(labels.add("origin", "edited"), m.edited());
      series.add(labels.add("origin", "manual"), m.manual());
    }
  }

  private static void calibration(Series series, Labels labels, CalibrationEffort c) {
    if (c != null) {
      series.add(labels.add("kind", "limit"), c.limits());
      series.add(labels.add("kind", "bias"), c.biases());
      series.add(labels.add("kind", "baseline"), c.baselines());
    }
  }

  private static void ratio(Series series, Labels labels, AdviceAdoption a) {
    if (a != null && a.published() != null && a.published() > 0) {
      series.add(labels, (double) a.followed() / a.published());
    }
  }

  private static void onboarding(Series series, Labels labels, OnboardingDurations d) {
    if (d == null) {
      return;
    }
    Long[] values = {
      d.firstValidInferenceSeconds(),
      d.firstAdvisorySeconds(),
      d.firstClosedLoopSeconds(),
      d.firstKpiGainSeconds()
    };
    String[] names = {"firstValidInference", "firstAdvisory", "firstClosedLoop", "firstKpiGain"};
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        series.add(labels.add("milestone", names[i]), values[i]);
      }
    }
  }
}
