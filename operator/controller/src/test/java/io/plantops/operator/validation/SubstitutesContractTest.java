package io.plantops.operator.validation;

import static io.plantops.operator.validation.ContractCheckTest.e;
import static io.plantops.operator.validation.ContractCheckTest.sd;
import static io.plantops.operator.validation.ContractCheckTest.tm;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Access;
import io.plantops.api.v1alpha1.InputSignal;
import io.plantops.api.v1alpha1.MappingProblem;
import io.plantops.api.v1alpha1.Range;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.Substitute;
import io.plantops.api.v1alpha1.SubstitutedInput;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.operator.validation.ContractCheck.Gap;
import io.plantops.operator.validation.ContractCheck.GapKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Declared substitutes for absent inputs: accepted only where the template marks the input
 * substitutable, in a convertible unit, reading only signals mapped from plant tags (no chains, so
 * no cycles), refused at validation with the field and the fix.
 */
class SubstitutesContractTest {

  /** The test template with kiln.fuel.rate substitutable. */
  static final UseCaseTemplateSpec TEMPLATE = substitutable(ContractCheckTest.TEMPLATE);

  static UseCaseTemplateSpec substitutable(UseCaseTemplateSpec t) {
    return new UseCaseTemplateSpec(
        t.displayName(),
        t.description(),
        t.owner(),
        t.cadenceSeconds(),
        List.of(
            t.inputs().get(0),
            new InputSignal(
                "kiln.fuel.rate", null, "t/h", new Range(0.0, 30.0), null, null, null, true)),
        t.observedSignals(),
        t.outputs(),
        t.models(),
        t.kpis(),
        t.drift(),
        t.promotion(),
        t.retraining());
  }

  static TagMappingEntry constant(String signal, double value, String unit) {
    return TagMappingEntry.substituted(signal, unit, new Substitute(value, null, null), null);
  }

  static TagMappingEntry expression(String signal, String cel, String unit) {
    return TagMappingEntry.substituted(signal, unit, new Substitute(null, cel, null), null);
  }

  @Test
  void aConstantCoversASubstitutableInputAndStatusSaysHowManyOfHowMany() {
    var report =
        ContractCheck.check(
            sd(Stage.Advisory),
            TEMPLATE,
            Optional.of(
                tm(
                    "lyon",
                    e("kiln.feed.rate", "t/h", 1000, Access.Read),
                    constant("kiln.fuel.rate", 200.0, "kg/min"),
                    e("kiln.clinker.rate", "t/h", 1000, Access.Read))));

    assertThat(report.covered()).isTrue();
    assertThat(report.mapping()).doesNotContainKey("kiln.fuel.rate");
    assertThat(report.substitutes()).containsOnlyKeys("kiln.fuel.rate");
    assertThat(report.read()).isEqualTo(3);
    assertThat(report.describeSubstitutes()).isEqualTo("kiln.fuel.rate (constant 200 kg/min)");
    assertThat(report.substitutedInputs())
        .containsExactly(new SubstitutedInput("kiln.fuel.rate", 200.0, null, "kg/min"));
  }

  @Test
  void anExpressionOverMappedSignalsCoversIt() {
    var report =
        ContractCheck.check(
            sd(Stage.Advisory),
            TEMPLATE,
            Optional.of(
                tm(
                    "lyon",
                    e("kiln.feed.rate", "t/h", 1000, Access.Read),
                    expression("kiln.fuel.rate", "kiln.feed.rate * 0.07", "t/h"),
                    e("kiln.clinker.rate", "t/h", 1000, Access.Read))));

    assertThat(report.covered()).isTrue();
    assertThat(report.describeSubstitutes())
        .isEqualTo("kiln.fuel.rate (expression kiln.feed.rate * 0.07 (t/h))");
  }

  @Test
  void refusesASubstituteWhereTheTemplateDoesNotAllowOne() {
    var report =
        ContractCheck.check(
            sd(Stage.Advisory),
            TEMPLATE,
            Optional.of(
                tm(
                    "lyon",
                    constant("kiln.feed.rate", 160.0, "t/h"),
                    e("kiln.fuel.rate", "t/h", 1000, Access.Read),
                    e("kiln.clinker.rate", "t/h", 1000, Access.Read))));

    assertThat(report.covered()).isFalse();
    assertThat(report.gaps())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.kind()).isEqualTo(GapKind.SUBSTITUTE_NOT_ALLOWED);
              assertThat(g.message())
                  .contains("spec.mappings[0].substitute")
                  .contains("spec.inputs[].substitutable")
                  .contains("map its tag with nodeId");
            });
  }

  @Test
  void refusesASubstituteInAnotherDimensionOrReadingASignalTheTemplateDoesNotDeclare() {
    var report =
        ContractCheck.check(
            sd(Stage.Advisory),
            TEMPLATE,
            Optional.of(
                tm(
                    "lyon",
                    e("kiln.feed.rate", "t/h", 1000, Access.Read),
                    constant("kiln.fuel.rate", 200.0, "kW"),
                    e("kiln.clinker.rate", "t/h", 1000, Access.Read))));
    assertThat(report.gaps()).extracting(Gap::kind).containsExactly(GapKind.UNIT_INCOMPATIBLE);

    report =
        ContractCheck.check(
            sd(Stage.Advisory),
            TEMPLATE,
            Optional.of(
                tm(
                    "lyon",
                    e("kiln.feed.rate", "t/h", 1000, Access.Read),
                    e("kiln.speed", "rpm", 1000, Access.Read),
                    expression("kiln.fuel.rate", "kiln.speed * 3.0", "t/h"),
                    e("kiln.clinker.rate", "t/h", 1000, Access.Read))));
    assertThat(report.gaps())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.kind()).isEqualTo(GapKind.SUBSTITUTE_INVALID);
              assertThat(g.message()).contains("reads kiln.speed, which the template does not");
            });
  }

  @Test
  void aSetpointWrittenInClosedLoopCannotBeSubstituted() {
    var report =
        ContractCheck.check(
            sd(Stage.ClosedLoop),
            TEMPLATE,
            Optional.of(
                tm(
                    "lyon",
                    e("kiln.feed.rate", "t/h", 1000, Access.Read),
                    e("kiln.fuel.rate", "t/h", 1000, Access.Read),
                    e("kiln.clinker.rate", "t/h", 1000, Access.Read),
                    constant("kiln.fuel.setpoint", 10.0, "t/h"))));
    assertThat(report.gaps())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.kind()).isEqualTo(GapKind.NOT_WRITABLE);
              assertThat(g.message()).contains("substitutes setpoint kiln.fuel.setpoint");
            });
  }

  @Test
  void theTagMappingRefusesAnExpressionThatDoesNotCompileNamingTheFieldAndTheFix() {
    var report =
        TagMappingValidator.validate(
            new TagMappingSpec(
                "lyon",
                null,
                List.of(
                    e("kiln.feed.rate", "t/h", 1000, Access.Read),
                    expression("kiln.fuel.rate", "kiln.feed.rate * 2", "t/h"),
                    expression("kiln.clinker.rate", "kiln.feed.rat * 0.6", "t/h"))),
            Map.of());
    assertThat(report.problems())
        .extracting(MappingProblem::field)
        .containsExactly(
            "spec.mappings[1].substitute.expression", "spec.mappings[2].substitute.expression");
    assertThat(report.problems().get(0).message())
        .contains("does not compile")
        .contains("write numbers as 2.0");
    assertThat(report.problems().get(1).message())
        .contains("kiln.feed.rat")
        .contains("signals this TagMapping maps from plant tags (kiln.feed.rate)");
  }

  @Test
  void noChainsSoNoCycles() {
    var report =
        TagMappingValidator.validate(
            new TagMappingSpec(
                "lyon",
                null,
                List.of(
                    e("kiln.feed.rate", "t/h", 1000, Access.Read),
                    expression("kiln.fuel.rate", "kiln.clinker.rate * 0.1", "t/h"),
                    expression("kiln.clinker.rate", "kiln.fuel.rate * 10.0", "t/h"),
                    expression("kiln.speed", "kiln.speed + 1.0", "rpm"))),
            Map.of());
    assertThat(report.problems())
        .extracting(MappingProblem::message)
        .containsExactly(
            "the expression reads substituted signals [kiln.clinker.rate (spec.mappings[2])]; a"
                + " substitute may read only signals mapped from plant tags (no chains, so no"
                + " cycles): write it over those signals' own inputs",
            "the expression reads substituted signals [kiln.fuel.rate (spec.mappings[1])]; a"
                + " substitute may read only signals mapped from plant tags (no chains, so no"
                + " cycles): write it over those signals' own inputs",
            "the expression reads substituted signals [kiln.speed (itself)]; a substitute may"
                + " read only signals mapped from plant tags (no chains, so no cycles): write it"
                + " over those signals' own inputs");
  }

  @Test
  void aSubstituteIsNeverWrittenAndGivesExactlyOneOfConstantAndExpression() {
    var report =
        TagMappingValidator.validate(
            new TagMappingSpec(
                "lyon",
                null,
                List.of(
                    new TagMappingEntry(
                        "kiln.fuel.setpoint",
                        null,
                        "t/h",
                        null,
                        null,
                        null,
                        Access.ReadWrite,
                        null,
                        null,
                        new Substitute(10.0, null, null)),
                    TagMappingEntry.substituted(
                        "kiln.fuel.rate", "t/h", new Substitute(1.0, "2.0", null), null))),
            Map.of());
    assertThat(report.problems())
        .extracting(MappingProblem::field)
        .containsExactly("spec.mappings[0].access", "spec.mappings[1].substitute");
    assertThat(report.writableSignals()).isEmpty();
  }
}
