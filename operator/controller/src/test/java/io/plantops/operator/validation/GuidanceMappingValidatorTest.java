package io.plantops.operator.validation;

import static io.plantops.operator.validation.TagMappingValidatorTest.CANONICAL;
import static io.plantops.operator.validation.TagMappingValidatorTest.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Access;
import io.plantops.api.v1alpha1.GuidanceMapping;
import io.plantops.api.v1alpha1.MappingProblem;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.TagMappingSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuidanceMappingValidatorTest {

  static final List<TagMappingEntry> LYON =
      List.of(
          entry("kiln.feed.rate", "ns=2;s=LYN.K1.FEED_RATE.PV", "t/h", Access.Read),
          entry("kiln.fuel.setpoint", "ns=2;s=LYN.K1.COAL.FLOW.SP", "t/h", Access.ReadWrite));

  static GuidanceMapping guidance(String value, String unit, String text, String heartbeat) {
    return new GuidanceMapping(
        "kiln.fuel.setpoint", value, unit, null, null, text, heartbeat, null, null);
  }

  @Test
  void acceptsGuidanceTagsOfTheirOwnAndRendersThemValid() {
    TagMappingSpec spec =
        new TagMappingSpec(
            "lyon",
            null,
            LYON,
            List.of(
                guidance(
                    "ns=2;s=LYN.K1.COAL.FLOW.ADV",
                    "kg/min",
                    "ns=2;s=LYN.K1.COAL.FLOW.ADV.TXT",
                    "ns=2;s=LYN.K1.COAL.FLOW.ADV.HB")));
    var report = TagMappingValidator.validate(spec, CANONICAL);
    assertThat(report.problems()).isEmpty();
    assertThat(report.writableSignals())
        .as("guidance tags are not setpoints")
        .containsExactly("kiln.fuel.setpoint");
    assertThat(TagMappingValidator.validGuidance(spec, CANONICAL)).hasSize(1);
    assertThat(spec.guidance().get(0).minIntervalSeconds()).isEqualTo(10);
    assertThat(spec.guidance().get(0).scale()).isEqualTo(1.0);
  }

  @Test
  void refusesAGuidanceNodeIdMappedAsASetpointOrAnInputNamingFieldAndFix() {
    TagMappingSpec spec =
        new TagMappingSpec(
            "lyon",
            null,
            LYON,
            List.of(
                guidance("ns=2;s=LYN.K1.COAL.FLOW.SP", "t/h", "ns=2;s=LYN.K1.FEED_RATE.PV", null)));
    var report = TagMappingValidator.validate(spec, CANONICAL);
    assertThat(report.valid()).isFalse();
    assertThat(report.problems())
        .extracting(MappingProblem::field)
        .containsExactly("spec.guidance[0].valueNodeId", "spec.guidance[0].textNodeId");
    assertThat(report.problems().get(0).message())
        .contains("NodeId ns=2;s=LYN.K1.COAL.FLOW.SP is also mapped as a setpoint (ReadWrite)")
        .contains("spec.mappings[1] (signal kiln.fuel.setpoint)")
        .contains("give the HMI's advice tag here, or remove the entry from spec.mappings");
    assertThat(report.problems().get(1).message())
        .contains("is also mapped as an input (Read) by spec.mappings[0] (signal kiln.feed.rate)");
    // the mappings themselves stay valid: the problem is the guidance entry's
    assertThat(report.validEntries()).isEqualTo(2);
    assertThat(TagMappingValidator.validGuidance(spec, CANONICAL)).isEmpty();
  }

  @Test
  void refusesReusedTagsBadNodeIdsUnitsOfAnotherDimensionAndASecondEntryForOneSignal() {
    TagMappingSpec spec =
        new TagMappingSpec(
            "lyon",
            null,
            LYON,
            List.of(
                guidance("ns=2;s=ADV", "t/h", "ns=2;s=ADV", "ns=2;q=HB"),
                guidance("ns=2;s=ADV2", "kW", null, null)));
    var report = TagMappingValidator.validate(spec, CANONICAL);
    assertThat(report.problems())
        .extracting(MappingProblem::field)
        .containsExactly(
            "spec.guidance[0].textNodeId",
            "spec.guidance[0].heartbeatNodeId",
            "spec.guidance[1].signal",
            "spec.guidance[1].unit");
    assertThat(report.problems().get(0).message())
        .contains("already used by spec.guidance[0].valueNodeId");
    assertThat(report.problems().get(2).message())
        .contains("already has guidance tags in spec.guidance[0]");
    assertThat(report.problems().get(3).message())
        .contains("the templates give kiln.fuel.setpoint in t/h");
  }
}
