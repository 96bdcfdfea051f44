package io.plantops.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.contract.Autonomy;
import io.plantops.contract.BaselineSource;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.KeptBaseline;
import io.plantops.contract.UseCaseConfig.KpiDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineHistoryTest {

  private static final KpiDefinition HEAT =
      new KpiDefinition(
          "heat", "kiln.fuel.rate * 30000.0 / kiln.clinker.rate", "kJ/kg", true, 60, null, 24);

  private static UseCaseConfig kiln(Autonomy phase, KpiDefinition... kpis) {
    UseCaseConfig u = SampleConfigs.lyon(phase).useCase("kiln1-energy").orElseThrow();
    return new UseCaseConfig(
        u.name(),
        u.template(),
        phase,
        u.cadenceSeconds(),
        u.inputs(),
        u.observed(),
        u.outputs(),
        u.activeModel(),
        u.candidateModel(),
        List.of(kpis),
        u.drift());
  }

  @Test
  void onlyAShadowKpiWithNeitherACalibratedNorAKeptBaselineNeedsHistory() {
    KpiDefinition calibrated =
        new KpiDefinition("cal", HEAT.expression(), "kJ/kg", true, 60, 3450.0, 24);
    KpiDefinition kept =
        HEAT.withKept(new KeptBaseline(3400.0, BaselineSource.History, 0, 1, 10, 2));
    assertThat(BaselineHistory.pending(kiln(Autonomy.Shadow, HEAT, calibrated, kept)))
        .containsExactly(HEAT);
    assertThat(BaselineHistory.pending(kiln(Autonomy.Advisory, HEAT))).isEmpty();
  }

  @Test
  void aRequestedNewBaselineIsReadInAnyPhase() {
    KpiDefinition renew =
        new KpiDefinition(
            HEAT.name(), HEAT.expression(), "kJ/kg", true, 60, null, 24, null, 1_800_000_000_000L);
    assertThat(BaselineHistory.pending(kiln(Autonomy.Advisory, renew))).containsExactly(renew);
    assertThat(BaselineHistory.pending(kiln(Autonomy.ClosedLoop, renew))).containsExactly(renew);
  }

  @Test
  void aKpiNamesASignalOnlyAsAWholeName() {
    assertThat(BaselineHistory.names(HEAT, "kiln.fuel.rate")).isTrue();
    assertThat(BaselineHistory.names(HEAT, "kiln.clinker.rate")).isTrue();
    assertThat(BaselineHistory.names(HEAT, "kiln.fuel")).isFalse();
    assertThat(BaselineHistory.names(HEAT, "fuel.rate")).isFalse();
  }
}
