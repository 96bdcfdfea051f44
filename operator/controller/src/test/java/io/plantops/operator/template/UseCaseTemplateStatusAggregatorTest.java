package io.plantops.operator.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.DriftSummary;
import io.plantops.api.v1alpha1.FleetEntry;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateStatus;
import io.plantops.contract.DriftStatus;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.StatusUpdate;
import io.plantops.operator.testing.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UseCaseTemplateStatusAggregatorTest {

  static final Path TEMPLATE = Examples.DIR.resolve("templates/kiln-energy-optimization.yaml");

  /** Before the newest model (1.3.0, released 2026-12-01) is a year old. */
  static final Instant T0 = Instant.parse("2027-01-10T10:00:00Z");

  static UseCaseTemplate template() {
    UseCaseTemplate t = (UseCaseTemplate) Examples.read(TEMPLATE);
    t.getMetadata().setGeneration(4L);
    return t;
  }

  /** kiln1-energy in {@code ns}, with inputs covered or not and a drift status. */
  static SiteDeployment site(String ns, Boolean covered, DriftStatus drift) {
    SiteDeployment sd =
        (SiteDeployment) Examples.read(Examples.DIR.resolve("plants/lyon/kiln1-energy.yaml"));
    sd.getMetadata().setNamespace(ns);
    List<Condition> conditions =
        covered == null
            ? List.of()
            : Conditions.from(null, 1, T0)
                .set(
                    ConditionTypes.INPUTS_COVERED,
                    covered ? ConditionStatus.True : ConditionStatus.False,
                    covered ? Reason.AllSignalsMapped : Reason.SignalsMissing,
                    "")
                .build();
    sd.setStatus(
        new SiteDeploymentStatus(
            1L,
            Phase.Shadow,
            null,
            null,
            null,
            covered == Boolean.FALSE ? List.of("kiln.speed") : null,
            new ActiveModel("1.2.0", null, null),
            null,
            null,
            null,
            null,
            null,
            null,
            new DriftSummary(drift, 0.1, "kiln.speed", null),
            null,
            null,
            null,
            null,
            null,
            null,
            conditions));
    return sd;
  }

  static StatusUpdate<UseCaseTemplateStatus> compute(
      UseCaseTemplate t, List<String> problems, List<SiteDeployment> sites, int max, Instant now) {
    return UseCaseTemplateStatusAggregator.compute(
        new UseCaseTemplateStatusAggregator.Facts(t, problems, sites, max, now));
  }

  @Test
  void theFleetViewListsUncoveredPlantsFirstAndCountsCoverage() {
    UseCaseTemplateStatus s =
        compute(
                template(),
                List.of(),
                List.of(
                    site("plant-b", true, DriftStatus.Ok),
                    site("plant-a", true, DriftStatus.Ok),
                    site("plant-c", false, DriftStatus.Ok),
                    site("plant-d", null, DriftStatus.Ok)),
                10,
                T0)
            .status();
    assertThat(s.observedGeneration()).isEqualTo(4L);
    assertThat(s.latestVersion()).isEqualTo("1.3.0");
    assertThat(s.coverage()).isEqualTo("2/4");
    assertThat(s.fleet())
        .extracting(FleetEntry::namespace)
        .containsExactly("plant-c", "plant-d", "plant-a", "plant-b");
    assertThat(s.fleet().get(0).missingSignals()).containsExactly("kiln.speed");
    assertThat(s.fleet().get(1).inputsCovered()).as("not checked yet").isNull();
    assertThat(s.retrainingDue()).isNull();
    assertThat(Conditions.find(s.conditions(), ConditionTypes.READY).orElseThrow().message())
        .isEqualTo("deployable at 4 site(s)");
  }

  @Test
  void theFleetViewIsCappedButCountsEverySite() {
    UseCaseTemplateStatus s =
        compute(
                template(),
                List.of(),
                List.of(
                    site("plant-a", true, DriftStatus.Ok),
                    site("plant-b", false, DriftStatus.Ok),
                    site("plant-c", true, DriftStatus.Ok)),
                2,
                T0)
            .status();
    assertThat(s.plants()).isEqualTo(3);
    assertThat(s.fleet()).hasSize(2);
  }

  @Test
  void anInvalidTemplateIsNotReadyAndListsItsProblems() {
    UseCaseTemplateStatus s = compute(template(), List.of("a", "b"), List.of(), 10, T0).status();
    Condition valid = Conditions.find(s.conditions(), ConditionTypes.VALID).orElseThrow();
    assertThat(valid.status()).isEqualTo(ConditionStatus.False);
    assertThat(valid.message()).isEqualTo("a; b");
    Condition ready = Conditions.find(s.conditions(), ConditionTypes.READY).orElseThrow();
    assertThat(ready.reason()).isEqualTo(Reason.Invalid.name());
    assertThat(s.fleet()).as("no site: no fleet view").isNull();
  }

  @Test
  void aDriftAlertAnywhereInTheFleetAsksForRetraining() {
    UseCaseTemplateStatus s =
        compute(
                template(),
                List.of(),
                List.of(
                    site("plant-a", true, DriftStatus.Ok),
                    site("plant-b", true, DriftStatus.Alert)),
                10,
                T0)
            .status();
    assertThat(s.retrainingDue()).isEqualTo("DriftAlert at plant-b/kiln1-energy (plant lyon)");
  }

  @Test
  void aNewestModelOlderThanMaxModelAgeDaysAsksForRetraining() {
    UseCaseTemplateStatus s =
        compute(template(), List.of(), List.of(), 10, Instant.parse("2028-01-01T08:00:00Z"))
            .status();
    assertThat(s.retrainingDue())
        .isEqualTo("ModelAge: 1.3.0 was released 396 days ago (retraining.maxModelAgeDays 365)");
  }

  @Test
  void aReleaseDateThatIsNotRfc3339SaysTheAgeIsUnknown(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("template.yaml");
    Files.writeString(
        file,
        Files.readString(TEMPLATE)
            .replace("releasedAt: \"2026-12-01T08:00:00Z\"", "releasedAt: \"1 December 2026\""));
    UseCaseTemplate t = (UseCaseTemplate) Examples.read(file);
    assertThat(compute(t, List.of(), List.of(), 10, T0).status().retrainingDue())
        .isEqualTo(
            "spec.models releasedAt '1 December 2026' of 1.3.0 is not RFC 3339; the model's age"
                + " is unknown");
  }

  @Test
  void theErrorPathKeepsTheFleetViewAndOnlyTurnsReadyFalse() {
    UseCaseTemplate t = template();
    t.setStatus(
        compute(t, List.of(), List.of(site("plant-a", true, DriftStatus.Ok)), 10, T0).status());
    StatusUpdate<UseCaseTemplateStatus> error =
        UseCaseTemplateStatusAggregator.error(t, new IllegalStateException("boom"), T0);
    assertThat(error.status().fleet()).isEqualTo(t.getStatus().fleet());
    assertThat(error.status().coverage()).isEqualTo("1/1");
    Condition ready =
        Conditions.find(error.status().conditions(), ConditionTypes.READY).orElseThrow();
    assertThat(ready.reason()).isEqualTo(Reason.ReconcileError.name());
    assertThat(ready.message()).isEqualTo("reconciliation failed: boom");
    assertThat(error.changes())
        .singleElement()
        .satisfies(c -> assertThat(c.from()).contains(ConditionStatus.True));
  }
}
