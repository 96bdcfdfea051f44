package io.plantops.operator.render;

import static io.plantops.operator.render.PlantConfigRendererTest.TEMPLATES;
import static io.plantops.operator.render.PlantConfigRendererTest.plant;
import static io.plantops.operator.render.PlantConfigRendererTest.sd;
import static io.plantops.operator.render.PlantConfigRendererTest.tagMapping;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.GuidanceMapping;
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.UseCaseConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Guidance tags reach the resolved config of the use case whose output they show. */
class GuidanceRenderTest {

  static final GuidanceMapping FUEL_ADVICE =
      new GuidanceMapping(
          "kiln.fuel.setpoint",
          "ns=2;s=LYN.K1.COAL.FLOW.ADV",
          "t/h",
          null,
          null,
          "ns=2;s=LYN.K1.COAL.FLOW.ADV.TXT",
          "ns=2;s=LYN.K1.COAL.FLOW.ADV.HB",
          5,
          null);

  static TagMapping withGuidance(TagMapping tm, GuidanceMapping g) {
    tm.setSpec(
        new TagMappingSpec(
            tm.getSpec().plantRef(),
            tm.getSpec().description(),
            tm.getSpec().mappings(),
            List.of(g)));
    return tm;
  }

  @Test
  void rendersTheGuidanceTagsOfAnOutputIntoItsUseCaseAndKeepsThemThroughTheCodec()
      throws Exception {
    TagMapping tm = withGuidance(tagMapping(), FUEL_ADVICE);
    var rendered =
        PlantConfigRendererTest.render(
            plant(), tm, PlantConfigRendererTest.lyon(Stage.Advisory, Phase.Advisory));
    UseCaseConfig energy = rendered.config().useCase("kiln1-energy").orElseThrow();
    assertThat(energy.guidance())
        .containsExactly(
            new UseCaseConfig.Guidance(
                "fuel_setpoint",
                "kiln.fuel.setpoint",
                "ns=2;s=LYN.K1.COAL.FLOW.ADV",
                "t/h",
                1.0,
                0.0,
                "ns=2;s=LYN.K1.COAL.FLOW.ADV.TXT",
                "ns=2;s=LYN.K1.COAL.FLOW.ADV.HB",
                5_000,
                "lyon-kiln1"));
    assertThat(rendered.config().useCase("kiln1-free-lime").orElseThrow().guidance())
        .as("the soft sensor has no output on kiln.fuel.setpoint")
        .isEmpty();
    assertThat(rendered.problems()).isEmpty();
    assertThat(PlantConfigCodec.parse(rendered.json())).isEqualTo(rendered.config());
    assertThat(energy.outputs().get(0).write()).as("guidance makes no setpoint writable").isFalse();
  }

  @Test
  void withoutGuidanceTheConfigIsByteForByteWhatItWas() {
    var rendered =
        PlantConfigRendererTest.render(
            plant(), tagMapping(), PlantConfigRendererTest.lyon(Stage.Advisory, Phase.Advisory));
    assertThat(rendered.json()).doesNotContain("guidance");
  }

  @Test
  void leavesOutGuidanceWhoseTagAnotherTagMappingOfThePlantReadsAsAnInput() {
    // kiln1-energy's TagMapping shows its advice on the raw meal LSF tag, which it does not map
    // itself but which kiln1-free-lime reads through the plant's TagMapping
    TagMapping energyTm = tagMapping();
    energyTm.getMetadata().setName("lyon-kiln1-energy");
    energyTm.setSpec(
        new TagMappingSpec(
            "lyon",
            null,
            energyTm.getSpec().mappings().stream()
                .filter(e -> !e.signal().equals("raw_meal.lsf"))
                .toList(),
            List.of(
                new GuidanceMapping(
                    "kiln.fuel.setpoint",
                    "ns=2;s=LYN.K1.COAL.FLOW.ADV",
                    "t/h",
                    null,
                    null,
                    "ns=2;s=LYN.LAB.RAWMEAL.LSF",
                    null,
                    null,
                    null))));
    SiteDeployment energy = sd("kiln1-energy.yaml", Stage.Advisory, Phase.Advisory, "1.2.0");
    var s = energy.getSpec();
    energy.setSpec(
        new SiteDeploymentSpec(
            s.plantRef(),
            s.templateRef(),
            s.versionPolicy(),
            "lyon-kiln1-energy",
            s.stage(),
            s.calibration(),
            s.approvals()));
    TagMapping tm = tagMapping();
    var rendered =
        PlantConfigRenderer.render(
            plant(),
            List.of(energy, sd("kiln1-free-lime.yaml", Stage.Advisory, Phase.Advisory, "1.0.0")),
            new PlantConfigRenderer.Lookups(
                name -> Optional.of(name.equals("lyon-kiln1-energy") ? energyTm : tm),
                name -> Optional.ofNullable(TEMPLATES.get(name)),
                t -> true,
                List.of(tm, energyTm)),
            30);
    assertThat(rendered.config().useCase("kiln1-energy").orElseThrow().guidance()).isEmpty();
    assertThat(rendered.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(PlantConfigRenderer.ProblemKind.GUIDANCE_CONFLICT);
              assertThat(p.message())
                  .startsWith("TagMapping lyon-kiln1-energy, spec.guidance for kiln.fuel.setpoint")
                  .contains("NodeId ns=2;s=LYN.LAB.RAWMEAL.LSF is also mapped as an input (Read)")
                  .contains("TagMapping lyon-kiln1, entry raw_meal.lsf")
                  .contains("is left out until its tags are tags of their own");
            });
  }
}
