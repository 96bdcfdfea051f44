package io.plantops.operator.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.FleetEntry;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.RetrainingPolicy;
import io.plantops.contract.DriftStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetrainingTriggerTest {

  static final RetrainingPolicy POLICY = new RetrainingPolicy(true, 365, 90, "team");
  static final Instant NOW = Instant.parse("2027-11-05T08:00:00Z");

  static FleetEntry site(String namespace, String plant, DriftStatus drift) {
    return new FleetEntry(
        namespace, plant, "kiln1-energy", true, null, Phase.Advisory, "1.2.0", drift);
  }

  static Optional<ModelVersion> released(String at) {
    ModelVersion m = SiteState.model("1.3.0");
    return Optional.of(
        new ModelVersion(
            m.version(),
            m.uri(),
            m.sha256(),
            m.inputTensor(),
            m.outputTensor(),
            at,
            null,
            m.reference()));
  }

  @Test
  void driftAtAlertAtAPlantComesFirst() {
    Optional<RetrainingTrigger> due =
        RetrainingTrigger.due(
            POLICY,
            List.of(
                site("plant-lyon", "lyon", DriftStatus.Ok),
                site("plant-gent", "gent", DriftStatus.Alert)),
            released("2026-10-01T08:00:00Z"),
            NOW);
    assertThat(due)
        .contains(new RetrainingTrigger.DriftAlert("plant-gent", "kiln1-energy", "gent"));
    assertThat(due.get().statusText())
        .isEqualTo("DriftAlert at plant-gent/kiln1-energy (plant gent)");
  }

  @Test
  void theNewestVersionOlderThanTheMaximumAgeIsDue() {
    Optional<RetrainingTrigger> due =
        RetrainingTrigger.due(POLICY, List.of(), released("2026-10-01T08:00:00+02:00"), NOW);
    assertThat(due).contains(new RetrainingTrigger.ModelAge("1.3.0", 400, 365));
    assertThat(due.get().statusText())
        .isEqualTo("ModelAge: 1.3.0 was released 400 days ago (retraining.maxModelAgeDays 365)");
  }

  @Test
  void aReleaseTimeThatIsNotRfc3339LeavesTheAgeUnknown() {
    Optional<RetrainingTrigger> due =
        RetrainingTrigger.due(POLICY, List.of(), released("last tuesday"), NOW);
    assertThat(due).contains(new RetrainingTrigger.ModelAgeUnknown("1.3.0", "last tuesday"));
    assertThat(due.get().statusText())
        .isEqualTo(
            "spec.models releasedAt 'last tuesday' of 1.3.0 is not RFC 3339; the model's age is"
                + " unknown");
  }

  @Test
  void nothingIsDueForAYoungModelWithoutDriftOrWhenThePolicyAsksForNeither() {
    assertThat(RetrainingTrigger.due(POLICY, List.of(), released("2027-06-01T08:00:00Z"), NOW))
        .isEmpty();
    assertThat(
            RetrainingTrigger.due(
                new RetrainingPolicy(false, null, null, null),
                List.of(site("plant-gent", "gent", DriftStatus.Alert)),
                released("2020-01-01T00:00:00Z"),
                NOW))
        .isEmpty();
  }
}
