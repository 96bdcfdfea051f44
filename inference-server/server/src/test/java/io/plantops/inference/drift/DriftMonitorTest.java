package io.plantops.inference.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantops.contract.DriftStatus;
import io.plantops.contract.InferenceStatus.DriftReport;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.UseCaseConfig.Drift;
import io.plantops.contract.UseCaseConfig.Feature;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

  private static final Drift FIVE_SAMPLES = new Drift(0.1, 0.25, 20.0, 50.0, 0.5, 5);
  private static final List<Feature> INPUTS = SampleConfigs.kilnInputs().subList(0, 2);

  @Test
  void reportsNoFigureForAnInputBeforeItsMinimumSamplesAndThenReportsThem() throws Exception {
    DriftMonitor monitor =
        new DriftMonitor(
            INPUTS,
            List.of(
                SampleConfigs.reference("kiln.feed.rate", 160.0, 6.0),
                SampleConfigs.reference("kiln.speed", 3.0, 0.2)));
    // far from the reference: the statistics after 4 rows are large, and they are noise
    for (int i = 0; i < 4; i++) {
      monitor.update(new double[] {260.0, 3.0}, FIVE_SAMPLES.meanShiftTolerance());
    }
    DriftReport early = monitor.report(FIVE_SAMPLES);
    assertThat(early.status()).isEqualTo(DriftStatus.Unknown);
    assertThat(early.score()).isNull();
    assertThat(early.worstSignal()).isNull();
    assertThat(early.signals())
        .allSatisfy(
            s -> {
              assertThat(s.status()).isEqualTo(DriftStatus.Unknown);
              assertThat(s.samples()).isEqualTo(4);
              assertThat(s.psi()).isNull();
              assertThat(s.meanShift()).isNull();
            });
    JsonNode earlyJson = json(early);
    assertThat(earlyJson.has("score")).as(earlyJson.toString()).isFalse();
    assertThat(earlyJson.get("signals"))
        .hasSize(2)
        .allSatisfy(
            s -> {
              assertThat(s.has("psi")).as(s.toString()).isFalse();
              assertThat(s.has("meanShift")).as(s.toString()).isFalse();
              assertThat(s.get("samples").asLong()).isEqualTo(4);
            });

    monitor.update(new double[] {260.0, 3.0}, FIVE_SAMPLES.meanShiftTolerance());
    DriftReport measured = monitor.report(FIVE_SAMPLES);
    assertThat(measured.status()).isEqualTo(DriftStatus.Alert);
    assertThat(measured.worstSignal()).isEqualTo("kiln.feed.rate");
    JsonNode measuredJson = json(measured);
    assertThat(measuredJson.get("score").asDouble()).isGreaterThan(FIVE_SAMPLES.psiAlert());
    assertThat(measuredJson.get("signals"))
        .allSatisfy(
            s -> {
              assertThat(s.get("psi").isNumber()).as(s.toString()).isTrue();
              assertThat(s.get("meanShift").isNumber()).as(s.toString()).isTrue();
            });
  }

  private static JsonNode json(DriftReport report) throws Exception {
    return PlantConfigCodec.mapper().readTree(PlantConfigCodec.mapper().writeValueAsString(report));
  }
}
