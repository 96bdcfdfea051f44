package io.plantops.cli;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.CandidateModel;
import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.DriftSummary;
import io.plantops.api.v1alpha1.GateResult;
import io.plantops.api.v1alpha1.KpiStatus;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.TemplateRef;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.KpiAssessment;
import java.util.List;

/** SiteDeployments in the states the plugin reads, as the operator would have written them. */
final class Sites {

  static final Approval EXAMPLE_APPROVAL =
      new Approval(
          Stage.Advisory, null, "j.dupont", "plant-process-engineer", "2026-11-20T10:00:00Z", null);

  private Sites() {}

  static SiteDeployment site(String namespace, String name, Stage desired, List<Approval> given) {
    SiteDeployment sd = new SiteDeployment();
    sd.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    sd.setSpec(
        new SiteDeploymentSpec(
            "lyon",
            new TemplateRef("kiln-energy-optimization", "1.2.0"),
            null,
            "lyon-kiln1",
            desired,
            null,
            given));
    return sd;
  }

  /** Live in Shadow with 1.2.0, waiting for Advisory: one gate open, one role to approve. */
  static SiteDeploymentStatus shadowWaitingForAdvisory() {
    return new SiteDeploymentStatus(
        3L,
        Phase.Shadow,
        "2026-12-01T08:00:00Z",
        0L,
        "1.2.0",
        List.of(),
        new ActiveModel("1.2.0", "ab".repeat(32), "2026-12-01T08:00:00Z"),
        null,
        "Stage:Advisory",
        "2026-12-01T08:00:00Z",
        List.of(
            new GateResult("minSamples", true, "5400", ">= 3600", null),
            new GateResult("minDuration", false, "2h", ">= 24h", "shadow for 24h first")),
        List.of(),
        List.of("plant-process-engineer"),
        new DriftSummary(DriftStatus.Ok, 0.031, "kiln.feed.rate", List.of()),
        List.of(
            new KpiStatus(
                "specific_heat_consumption",
                "MJ/t",
                3450.0,
                BaselineSource.Calibration,
                3381.0,
                -2.0,
                KpiAssessment.Improved)),
        5400L,
        null,
        null,
        null,
        List.of(),
        List.of(
            new Condition(
                "Ready",
                ConditionStatus.True,
                "Shadow",
                "live in Shadow",
                "2026-12-01T08:00:00Z",
                3L)));
  }

  /** Pending: no model live, not Ready because signals are missing. */
  static SiteDeploymentStatus pendingSignalsMissing() {
    return new SiteDeploymentStatus(
        1L,
        Phase.Pending,
        "2026-12-01T08:00:00Z",
        null,
        "1.2.0",
        List.of("kiln.speed"),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        List.of(
            new Condition(
                "Ready",
                ConditionStatus.False,
                "SignalsMissing",
                "kiln.speed is not mapped",
                "2026-12-01T08:00:00Z",
                1L)));
  }

  /** Shadow with a candidate 1.3.0 scored beside 1.2.0, waiting for its version approval. */
  static SiteDeploymentStatus candidateWaiting() {
    SiteDeploymentStatus s = shadowWaitingForAdvisory();
    return new SiteDeploymentStatus(
        s.observedGeneration(),
        Phase.Advisory,
        s.phaseSince(),
        s.phaseStartEvaluations(),
        "1.3.0",
        s.missingSignals(),
        s.activeModel(),
        new CandidateModel(
            "1.3.0",
            "cd".repeat(32),
            Stage.Shadow,
            "2026-12-02T08:00:00Z",
            4000L,
            0.07,
            0.2,
            null,
            null,
            "Loaded"),
        "Version:1.3.0",
        s.pendingSince(),
        List.of(),
        List.of(),
        List.of("corporate-ai-lead"),
        s.drift(),
        s.kpis(),
        s.evaluations(),
        null,
        null,
        null,
        List.of(),
        s.conditions());
  }
}
