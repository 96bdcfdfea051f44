package io.plantops.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlantConfigCodecTest {

  @Test
  void roundTripsAndKeepsItsDigest() throws Exception {
    ResolvedPlantConfig config = SampleConfigs.lyon(Autonomy.Advisory);
    String json = PlantConfigCodec.toJson(config);
    ResolvedPlantConfig back = PlantConfigCodec.parse(json);
    assertThat(back).isEqualTo(config);
    assertThat(back.configVersion()).hasSize(64).isEqualTo(PlantConfigCodec.digest(back));
  }

  @Test
  void sameInputGivesSameBytes() {
    assertThat(PlantConfigCodec.toJson(SampleConfigs.lyon(Autonomy.Shadow)))
        .isEqualTo(PlantConfigCodec.toJson(SampleConfigs.lyon(Autonomy.Shadow)));
  }

  @Test
  void digestChangesWithThePhase() {
    assertThat(SampleConfigs.lyon(Autonomy.Advisory).configVersion())
        .isNotEqualTo(SampleConfigs.lyon(Autonomy.ClosedLoop).configVersion());
  }

  @Test
  void rejectsMalformedJsonWithAReason() {
    assertThatThrownBy(() -> PlantConfigCodec.parse("{\"schemaVersion\": "))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void rejectsAnotherSchemaVersion() {
    String json =
        PlantConfigCodec.toJson(SampleConfigs.lyon(Autonomy.Shadow))
            .replace(ResolvedPlantConfig.SCHEMA_VERSION, "plantops.io/resolved-plant-config/v9");
    assertThatThrownBy(() -> PlantConfigCodec.parse(json))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schemaVersion");
  }

  @Test
  void rejectsAHandEditedDocument() {
    String json =
        PlantConfigCodec.toJson(SampleConfigs.lyon(Autonomy.Shadow))
            .replace("\"cadenceSeconds\" : 60", "\"cadenceSeconds\" : 61");
    assertThatThrownBy(() -> PlantConfigCodec.parse(json))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("configVersion does not match");
  }

  @Test
  void namesEveryStructuralProblem() {
    ResolvedPlantConfig good = SampleConfigs.lyon(Autonomy.ClosedLoop);
    UseCaseConfig kiln = good.useCases().get(0);
    UseCaseConfig.Output out = kiln.outputs().get(0);
    UseCaseConfig.Output tooWide =
        new UseCaseConfig.Output(
            out.name(),
            out.signal(),
            out.kind(),
            "furlongs",
            4.0,
            20.0,
            2.0,
            25.0,
            0.0,
            null,
            0.0,
            null,
            true);
    UseCaseConfig broken =
        new UseCaseConfig(
            kiln.name(),
            kiln.template(),
            kiln.phase(),
            0,
            kiln.inputs(),
            kiln.observed(),
            java.util.List.of(tooWide),
            kiln.activeModel(),
            null,
            java.util.List.of(
                kiln.kpis()
                    .get(0)
                    .withKept(
                        new UseCaseConfig.KeptBaseline(
                            3450.0, BaselineSource.Calibration, 0, 1, 1, 1))),
            kiln.drift());
    ResolvedPlantConfig config =
        new ResolvedPlantConfig(
            good.schemaVersion(),
            null,
            good.plant(),
            good.opcua(),
            good.connector(),
            good.signals(),
            java.util.List.of(broken));
    assertThat(PlantConfigCodec.check(config))
        .anySatisfy(p -> assertThat(p).contains("useCases[0].cadenceSeconds"))
        .anySatisfy(p -> assertThat(p).contains("useCases[0].outputs[0].unit"))
        .anySatisfy(p -> assertThat(p).contains("useCases[0].outputs[0].min lies below"))
        .anySatisfy(p -> assertThat(p).contains("useCases[0].outputs[0].max lies above"))
        .anySatisfy(p -> assertThat(p).contains("needs min, max and maxRatePerMinute"))
        .anySatisfy(p -> assertThat(p).contains("useCases[0].kpis[0].kept must be a finite"));
  }
}
