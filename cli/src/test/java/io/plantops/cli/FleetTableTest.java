package io.plantops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.Stage;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetTableTest {

  static SiteDeployment withStatus(
      String ns, String name, Stage desired, io.plantops.api.v1alpha1.SiteDeploymentStatus s) {
    SiteDeployment sd = Sites.site(ns, name, desired, List.of());
    sd.setStatus(s);
    return sd;
  }

  @Test
  void aSiteInShadowWaitsForTheOpenGateAndTheRoleThatHasNotApproved() {
    FleetRow row =
        FleetRow.of(
            withStatus(
                "plant-lyon", "kiln1-energy", Stage.Advisory, Sites.shadowWaitingForAdvisory()));
    assertThat(row)
        .isEqualTo(
            new FleetRow(
                "plant-lyon",
                "lyon",
                "kiln1-energy",
                "Shadow",
                "Advisory",
                "1.2.0",
                "Ok 0.03",
                "specific_heat_consumption -2.0% Improved",
                "Stage:Advisory: approval by plant-process-engineer; gate minDuration 2h (needs"
                    + " >= 24h)"));
  }

  @Test
  void aCandidateShowsBesideTheLiveVersion() {
    FleetRow row =
        FleetRow.of(
            withStatus("plant-lyon", "kiln1-energy", Stage.Advisory, Sites.candidateWaiting()));
    assertThat(row.version()).isEqualTo("1.2.0 (candidate 1.3.0)");
    assertThat(row.waitingFor()).isEqualTo("Version:1.3.0: approval by corporate-ai-lead");
  }

  @Test
  void aSiteThatIsNotReadyWaitsForTheReadyConditionsReason() {
    FleetRow row =
        FleetRow.of(
            withStatus(
                "plant-lyon", "kiln1-free-lime", Stage.Shadow, Sites.pendingSignalsMissing()));
    assertThat(row.phase()).isEqualTo("Pending");
    assertThat(row.version()).isEqualTo("-");
    assertThat(row.drift()).isEqualTo("-");
    assertThat(row.waitingFor()).isEqualTo("Ready: SignalsMissing");
  }

  @Test
  void aSiteWithoutStatusWaitsForTheOperator() {
    FleetRow row = FleetRow.of(Sites.site("plant-joliet", "kiln-energy", Stage.Shadow, List.of()));
    assertThat(row.phase()).isEqualTo("-");
    assertThat(row.waitingFor()).isEqualTo("the operator to report (no status yet)");
  }

  @Test
  void theTableIsSortedByNamespaceAndAlignedLikeKubectls() {
    String table =
        StatusCommand.render(
            List.of(
                withStatus(
                    "plant-lyon", "kiln1-energy", Stage.Advisory, Sites.shadowWaitingForAdvisory()),
                Sites.site("plant-joliet", "kiln-energy", Stage.Shadow, List.of())),
            true);
    List<String> lines = table.lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .startsWith("NAMESPACE      PLANT   SITE           PHASE    DESIRED    VERSION   DRIFT");
    assertThat(lines.get(1)).startsWith("plant-joliet   lyon    kiln-energy    -        Shadow");
    assertThat(lines.get(2)).startsWith("plant-lyon     lyon    kiln1-energy   Shadow   Advisory");
    int waiting = lines.get(0).indexOf("WAITING FOR");
    assertThat(lines.get(2).substring(waiting)).startsWith("Stage:Advisory: approval by");
  }

  @Test
  void withoutAllNamespacesThereIsNoNamespaceColumn() {
    String table =
        StatusCommand.render(
            List.of(Sites.site("plant-joliet", "kiln-energy", Stage.Shadow, List.of())), false);
    assertThat(table).startsWith("PLANT   SITE").doesNotContain("NAMESPACE");
  }

  @Test
  void aRowMustHaveACellPerColumn() {
    assertThatThrownBy(() -> new Table(List.of("A", "B")).add(List.of("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row of 1 cells for 2 columns");
  }
}
