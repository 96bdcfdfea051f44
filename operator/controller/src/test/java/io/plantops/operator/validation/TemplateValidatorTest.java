package io.plantops.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Aggregation;
import io.plantops.api.v1alpha1.Gates;
import io.plantops.api.v1alpha1.InputSignal;
import io.plantops.api.v1alpha1.Kpi;
import io.plantops.api.v1alpha1.KpiDirection;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.OutputKind;
import io.plantops.api.v1alpha1.OutputSignal;
import io.plantops.api.v1alpha1.PromotionPolicy;
import io.plantops.api.v1alpha1.Range;
import io.plantops.api.v1alpha1.ReferenceStatistics;
import io.plantops.api.v1alpha1.SignalReference;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.StagePolicy;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.operator.testing.Examples;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateValidatorTest {

  static InputSignal input(String signal, String unit, Double min, Double max) {
    return new InputSignal(signal, null, unit, new Range(min, max), Aggregation.Mean, 60, 5000);
  }

  static UseCaseTemplateSpec kiln(List<ModelVersion> models) {
    return kiln(
        models, List.of(), new PromotionPolicy(Stage.ClosedLoop, null, null, null, null, null));
  }

  static UseCaseTemplateSpec kiln(
      List<ModelVersion> models, List<Kpi> kpis, PromotionPolicy promotion) {
    return new UseCaseTemplateSpec(
        "Kiln",
        null,
        null,
        60,
        List.of(
            input("kiln.feed.rate", "t/h", 0.0, 400.0), input("kiln.fuel.rate", "t/h", 0.0, 30.0)),
        List.of(input("kiln.clinker.rate", "t/h", 0.0, 250.0)),
        List.of(
            new OutputSignal(
                "fuel_setpoint",
                "kiln.fuel.setpoint",
                null,
                OutputKind.Setpoint,
                "t/h",
                new Range(4.0, 20.0),
                0.2,
                0.05,
                null)),
        models,
        kpis,
        null,
        promotion,
        null);
  }

  static ModelVersion model(String version, String sha, List<SignalReference> refs) {
    return new ModelVersion(
        version,
        "file:///m.onnx",
        sha,
        null,
        null,
        null,
        null,
        new ReferenceStatistics(1L, null, refs));
  }

  @Test
  void theExampleTemplatesAreValid() {
    for (String f :
        List.of("kiln-energy-optimization.yaml", "clinker-free-lime-soft-sensor.yaml")) {
      UseCaseTemplate t = (UseCaseTemplate) Examples.read(Examples.DIR.resolve("templates/" + f));
      assertThat(TemplateValidator.validate(t.getSpec())).as(f).isEmpty();
    }
  }

  @Test
  void kpiExpressionsMayOnlyUseDeclaredSignals() {
    var spec =
        kiln(
            List.of(model("1.0.0", "a".repeat(64), List.of())),
            List.of(
                new Kpi(
                    "shc",
                    null,
                    "kiln.fuel.rate * 30000.0 / kiln.clinker.rate",
                    "kJ/kg",
                    KpiDirection.LowerIsBetter,
                    null,
                    null),
                new Kpi(
                    "bad",
                    null,
                    "kiln.fuel.rate / kiln.coal.mill",
                    "1",
                    KpiDirection.LowerIsBetter,
                    null,
                    null)),
            new PromotionPolicy(Stage.ClosedLoop, null, null, null, null, null));
    List<String> problems = TemplateValidator.validate(spec);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).startsWith("spec.kpis[1].expression").contains("kiln.coal.mill");
  }

  @Test
  void gateConditionsMustCompile() {
    var policy =
        new PromotionPolicy(
            Stage.ClosedLoop,
            List.of(
                new StagePolicy(
                    Stage.Advisory,
                    new Gates(null, null, null, null, null, null, "samples >= 10 &&"),
                    null)),
            null,
            null,
            null,
            null);
    List<String> problems =
        TemplateValidator.validate(
            kiln(List.of(model("1.0.0", "a".repeat(64), List.of())), List.of(), policy));
    assertThat(problems)
        .singleElement()
        .asString()
        .startsWith("spec.promotion.stages[0].gates.condition");
  }

  @Test
  void modelVersionsMustBeUniqueSemanticVersionsWithValidDigestsAndMatchingReferences() {
    var ref = new SignalReference("kiln.unknown", 1.0, 0.1, List.of(1.0, 0.5), List.of(0.5, 0.5));
    List<String> problems =
        TemplateValidator.validate(
            kiln(
                List.of(
                    model("1.0.0", "a".repeat(64), List.of()),
                    model("1.0.0", "A".repeat(64), List.of()),
                    model("v2", "b".repeat(64), List.of(ref)))));
    assertThat(problems)
        .anySatisfy(
            p -> assertThat(p).startsWith("spec.models[1].version 1.0.0 is already released"))
        .anySatisfy(p -> assertThat(p).startsWith("spec.models[1].sha256"))
        .anySatisfy(p -> assertThat(p).startsWith("spec.models[2].version 'v2'"))
        .anySatisfy(p -> assertThat(p).contains("kiln.unknown is not one of spec.inputs"))
        .anySatisfy(p -> assertThat(p).contains("binEdges must be strictly ascending"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("binFractions has 2 values; it needs binEdges.size() + 1 = 3"));
  }

  @Test
  void limitsAndRangesMustBeOrdered() {
    var spec =
        new UseCaseTemplateSpec(
            "Kiln",
            null,
            null,
            60,
            List.of(input("kiln.feed.rate", "t/h", 400.0, 0.0)),
            null,
            List.of(
                new OutputSignal(
                    "fuel_setpoint",
                    "kiln.fuel.setpoint",
                    null,
                    OutputKind.Setpoint,
                    "t/h",
                    new Range(20.0, 4.0),
                    0.2,
                    null,
                    null)),
            List.of(model("1.0.0", "a".repeat(64), List.of())),
            null,
            null,
            null,
            null);
    assertThat(TemplateValidator.validate(spec))
        .contains(
            "spec.inputs[0].validRange: min 400.0 is greater than max 0.0",
            "spec.outputs[0].limits: min 20.0 is greater than max 4.0");
  }
}
