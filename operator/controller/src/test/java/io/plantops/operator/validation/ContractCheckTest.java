package io.plantops.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Access;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.Stage;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.api.v1alpha1.TemplateRef;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.api.v1alpha1.VersionPolicy;
import io.plantops.operator.validation.ContractCheck.GapKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContractCheckTest {

  static final UseCaseTemplateSpec TEMPLATE =
      TemplateValidatorTest.kiln(
          List.of(TemplateValidatorTest.model("1.0.0", "a".repeat(64), List.of())));

  static SiteDeploymentSpec sd(Stage stage) {
    return new SiteDeploymentSpec(
        "lyon",
        new TemplateRef("kiln", "1.0.0"),
        VersionPolicy.Pinned,
        "lyon-kiln1",
        stage,
        null,
        null);
  }

  static TagMapping tm(String plant, TagMappingEntry... entries) {
    TagMapping tm = new TagMapping();
    tm.getMetadata().setName("lyon-kiln1");
    tm.setSpec(new TagMappingSpec(plant, null, List.of(entries)));
    return tm;
  }

  static TagMappingEntry e(String signal, String unit, int samplingMs, Access access) {
    return new TagMappingEntry(
        signal, "ns=2;s=" + signal, unit, null, null, samplingMs, access, null);
  }

  @Test
  void coversTheUseCaseWhenEverySignalIsMappedInAConvertibleUnitAndFastEnough() {
    var report =
        ContractCheck.check(
            sd(Stage.Advisory),
            TEMPLATE,
            Optional.of(
                tm(
                    "lyon",
                    e("kiln.feed.rate", "kg/min", 1000, Access.Read),
                    e("kiln.fuel.rate", "t/h", 5000, Access.Read),
                    e("kiln.clinker.rate", "t/d", 1000, Access.Read))));
    assertThat(report.covered()).isTrue();
    assertThat(report.required())
        .containsExactly("kiln.feed.rate", "kiln.fuel.rate", "kiln.clinker.rate");
  }

  @Test
  void namesEveryUncoveredSignalWithWhyAndTheFix() {
    var report =
        ContractCheck.check(
            sd(Stage.Advisory),
            TEMPLATE,
            Optional.of(
                tm(
                    "lyon",
                    e("kiln.feed.rate", "kg", 1000, Access.Read),
                    e("kiln.fuel.rate", "t/h", 6000, Access.Read))));
    assertThat(report.covered()).isFalse();
    assertThat(report.missingSignals())
        .containsExactly("kiln.feed.rate", "kiln.fuel.rate", "kiln.clinker.rate");
    assertThat(report.gaps())
        .extracting(ContractCheck.Gap::kind)
        .containsExactly(GapKind.UNIT_INCOMPATIBLE, GapKind.SAMPLING_TOO_SLOW, GapKind.NOT_MAPPED);
    assertThat(report.gaps().get(0).message())
        .contains("spec.mappings[0].unit")
        .contains("cannot convert kg");
    assertThat(report.gaps().get(1).message())
        .contains("samplingIntervalMs 6000 is slower than the 5000 ms the template allows");
    assertThat(report.gaps().get(2).message())
        .contains("kiln.clinker.rate is not mapped in TagMapping lyon-kiln1")
        .contains("convertible to t/h");
  }

  @Test
  void closedLoopNeedsTheSetpointMappedReadWrite() {
    TagMapping readOnly =
        tm(
            "lyon",
            e("kiln.feed.rate", "t/h", 1000, Access.Read),
            e("kiln.fuel.rate", "t/h", 1000, Access.Read),
            e("kiln.clinker.rate", "t/h", 1000, Access.Read),
            e("kiln.fuel.setpoint", "t/h", 1000, Access.Read));
    assertThat(ContractCheck.check(sd(Stage.Advisory), TEMPLATE, Optional.of(readOnly)).covered())
        .isTrue();
    var closed = ContractCheck.check(sd(Stage.ClosedLoop), TEMPLATE, Optional.of(readOnly));
    assertThat(closed.gaps())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.kind()).isEqualTo(GapKind.NOT_WRITABLE);
              assertThat(g.message()).contains(".access is Read but spec.stage is ClosedLoop");
            });
  }

  @Test
  void aMissingOrForeignTagMappingCoversNothing() {
    assertThat(ContractCheck.check(sd(Stage.Shadow), TEMPLATE, Optional.empty()).gaps())
        .allMatch(g -> g.kind() == GapKind.TAG_MAPPING_NOT_FOUND);
    assertThat(
            ContractCheck.check(sd(Stage.Shadow), TEMPLATE, Optional.of(tm("joliet")))
                .gaps()
                .get(0)
                .message())
        .contains("maps the tags of plant joliet, not of plant lyon");
  }
}
