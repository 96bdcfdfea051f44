package io.plantops.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Access;
import io.plantops.api.v1alpha1.MappingProblem;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.TagMappingSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagMappingValidatorTest {

  static final Map<String, String> CANONICAL =
      Map.of(
          "kiln.feed.rate",
          "t/h",
          "kiln.burning_zone.temperature",
          "°C",
          "kiln.fuel.setpoint",
          "t/h");

  static TagMappingEntry entry(String signal, String nodeId, String unit, Access access) {
    return new TagMappingEntry(signal, nodeId, unit, null, null, null, access, null);
  }

  @Test
  void acceptsUnitsOfTheCanonicalDimensionAndListsWritableSignals() {
    var report =
        TagMappingValidator.validate(
            new TagMappingSpec(
                "joliet",
                null,
                List.of(
                    entry("kiln.feed.rate", "ns=3;i=2001", "kg/min", Access.Read),
                    entry("kiln.burning_zone.temperature", "ns=3;i=2003", "degF", Access.Read),
                    entry("kiln.fuel.setpoint", "ns=3;i=2006", "kg/min", Access.ReadWrite))),
            CANONICAL);
    assertThat(report.valid()).isTrue();
    assertThat(report.validEntries()).isEqualTo(3);
    assertThat(report.writableSignals()).containsExactly("kiln.fuel.setpoint");
  }

  @Test
  void namesEachOffendingEntryWithItsFieldAndTheFix() {
    var report =
        TagMappingValidator.validate(
            new TagMappingSpec(
                "joliet",
                null,
                List.of(
                    entry("kiln.feed.rate", "ns=3;i=2001", "kg", Access.Read),
                    entry("kiln.burning_zone.temperature", "ns=3;q=2003", "degF", Access.Read),
                    entry("kiln.feed.rate", "ns=3;i=2002", "t/h", Access.Read),
                    entry("some.other", "ns=3;i=9", "furlongs", Access.ReadWrite))),
            CANONICAL);
    assertThat(report.valid()).isFalse();
    assertThat(report.problems())
        .extracting(MappingProblem::field)
        .containsExactly(
            "spec.mappings[0].unit",
            "spec.mappings[1].nodeId",
            "spec.mappings[2].signal",
            "spec.mappings[3].unit");
    assertThat(report.problems().get(0).message())
        .contains("cannot convert kg")
        .contains("the templates read kiln.feed.rate in t/h");
    assertThat(report.problems().get(2).message()).contains("already mapped by spec.mappings[0]");
    assertThat(report.problems().get(3).message()).contains("unknown unit 'furlongs'");
    // an invalid writable mapping is not offered as writable
    assertThat(report.writableSignals()).isEmpty();
  }

  @Test
  void refusesAMaxAgeThatIsNotAPositiveDurationAndRendersAValidOneInMilliseconds() {
    TagMappingEntry lab =
        new TagMappingEntry(
            "clinker.free_lime.lab", "ns=3;i=2010", "%", null, null, null, null, null, "PT4H");
    TagMappingEntry zero =
        new TagMappingEntry(
            "kiln.feed.rate", "ns=3;i=2001", "t/h", null, null, null, null, null, "PT0S");
    var report =
        TagMappingValidator.validate(
            new TagMappingSpec("joliet", null, List.of(lab, zero)), CANONICAL);
    assertThat(report.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("spec.mappings[1].maxAge");
              assertThat(p.message()).contains("'PT0S'", "PT4H");
            });
    assertThat(TagMappingValidator.maxAgeMs(lab)).contains(4 * 3_600_000L);
    assertThat(TagMappingValidator.maxAgeMs(zero)).isEmpty();
  }
}
