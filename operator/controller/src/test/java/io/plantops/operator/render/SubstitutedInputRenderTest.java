package io.plantops.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.ActiveModel;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.contract.Autonomy;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.ResolvedPlantConfig.SubstituteSignal;
import io.plantops.operator.testing.Examples;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * examples/substitutes/joliet-no-drive-meter rendered: the estimated drive power reaches the
 * inference server as a substitute, the connector never subscribes to it, and the site never runs
 * ClosedLoop in the config while it has more substitutes than the template allows there.
 */
class SubstitutedInputRenderTest {

  static final Path DIR = Examples.DIR.resolve("substitutes/joliet-no-drive-meter");

  static SiteDeployment kilnEnergy(Stage desired, Phase live) {
    SiteDeployment sd = (SiteDeployment) Examples.read(DIR.resolve("kiln-energy.yaml"));
    var s = sd.getSpec();
    sd.setSpec(
        new SiteDeploymentSpec(
            s.plantRef(),
            s.templateRef(),
            s.versionPolicy(),
            s.tagMappingRef(),
            desired,
            s.calibration(),
            s.approvals()));
    sd.setStatus(
        new SiteDeploymentStatus(
            1L,
            live,
            "2026-11-20T10:00:00Z",
            null,
            "1.2.0",
            null,
            new ActiveModel("1.2.0", null, null),
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
            null));
    return sd;
  }

  static ResolvedPlantConfig render(Stage desired, Phase live) {
    Plant plant = (Plant) Examples.read(Examples.DIR.resolve("plants/joliet/plant.yaml"));
    TagMapping tm = (TagMapping) Examples.read(DIR.resolve("tagmapping.yaml"));
    var rendered =
        PlantConfigRenderer.render(
            plant,
            List.of(kilnEnergy(desired, live)),
            new PlantConfigRenderer.Lookups(
                name -> Optional.of(tm),
                name -> Optional.ofNullable(PlantConfigRendererTest.TEMPLATES.get(name)),
                t -> true,
                List.of(tm)),
            30);
    assertThat(rendered.skipped()).isEmpty();
    return rendered.config();
  }

  @Test
  void theEstimateGoesToTheInferenceServerAndTheConnectorReadsItsInputs() throws Exception {
    ResolvedPlantConfig config = render(Stage.Advisory, Phase.Advisory);

    assertThat(config.substitutes())
        .containsExactly(
            new SubstituteSignal(
                "kiln.main_drive.power",
                "kW",
                "kW",
                null,
                "kiln.speed * 100.0 + kiln.feed.rate * 1.7"));
    assertThat(config.signals())
        .extracting(SignalMapping::signal)
        .doesNotContain("kiln.main_drive.power")
        .contains("kiln.speed", "kiln.feed.rate");
    assertThat(PlantConfigCodec.check(config)).isEmpty();
    assertThat(PlantConfigCodec.parse(PlantConfigCodec.toJson(config))).isEqualTo(config);
  }

  @Test
  void aDecidedClosedLoopIsRenderedAdvisoryWhileSubstitutesExceedTheBound() {
    ResolvedPlantConfig config = render(Stage.ClosedLoop, Phase.ClosedLoop);

    var useCase = config.useCase("kiln-energy").orElseThrow();
    assertThat(useCase.phase()).isEqualTo(Autonomy.Advisory);
    assertThat(useCase.outputs()).noneMatch(o -> o.write());
  }
}
