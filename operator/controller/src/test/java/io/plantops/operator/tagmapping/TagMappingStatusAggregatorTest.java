package io.plantops.operator.tagmapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.MappingProblem;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingStatus;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.StatusUpdate;
import io.plantops.operator.testing.Examples;
import io.plantops.operator.validation.TagMappingValidator;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TagMappingStatusAggregatorTest {

  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-11-20T11:00:00Z");
  static final TagMappingValidator.Report VALID =
      new TagMappingValidator.Report(List.of(), 11, List.of("kiln.fuel.setpoint"));

  static TagMapping lyon(long generation) {
    TagMapping tm = (TagMapping) Examples.read(Examples.DIR.resolve("plants/lyon/tagmapping.yaml"));
    tm.getMetadata().setGeneration(generation);
    return tm;
  }

  static Condition condition(TagMappingStatus s, String type) {
    return Conditions.find(s.conditions(), type).orElseThrow();
  }

  @Test
  void aValidMappingOfAnExistingPlantIsReadyAndNamesItsWritableSignals() {
    TagMappingStatus s =
        TagMappingStatusAggregator.compute(
                new TagMappingStatusAggregator.Facts(lyon(3), VALID, true, T0))
            .status();
    assertThat(s.observedGeneration()).isEqualTo(3L);
    assertThat(s.mappedSignals()).isEqualTo(11);
    assertThat(s.writableSignals()).containsExactly("kiln.fuel.setpoint");
    assertThat(s.problems()).as("no problems are written as absent").isNull();
    assertThat(condition(s, ConditionTypes.VALID).message())
        .isEqualTo("11 mapping(s) valid, writable: kiln.fuel.setpoint");
    assertThat(condition(s, ConditionTypes.READY).status()).isEqualTo(ConditionStatus.True);
    assertThat(s.conditions()).allSatisfy(c -> assertThat(c.observedGeneration()).isEqualTo(3L));
  }

  @Test
  void theValidConditionSummarisesFiveProblemsAndStatusListsThemAll() {
    List<MappingProblem> problems =
        IntStream.range(0, 7)
            .mapToObj(i -> new MappingProblem("s" + i, "spec.mappings[" + i + "].unit", "bad"))
            .toList();
    TagMappingStatus s =
        TagMappingStatusAggregator.compute(
                new TagMappingStatusAggregator.Facts(
                    lyon(1), new TagMappingValidator.Report(problems, 4, List.of()), true, T0))
            .status();
    Condition valid = condition(s, ConditionTypes.VALID);
    assertThat(valid.reason()).isEqualTo(Reason.Invalid.name());
    assertThat(valid.message())
        .startsWith("7 problem(s) in 7 of 11 mapping(s): spec.mappings[0].unit: bad;")
        .contains("spec.mappings[4].unit")
        .doesNotContain("spec.mappings[5].unit")
        .endsWith("; see status.problems");
    assertThat(s.problems()).hasSize(7);
    assertThat(condition(s, ConditionTypes.READY).reason()).isEqualTo(Reason.Invalid.name());
  }

  @Test
  void aMissingPlantKeepsAValidMappingNotReadyAndSaysWhichPlant() {
    Condition ready =
        condition(
            TagMappingStatusAggregator.compute(
                    new TagMappingStatusAggregator.Facts(lyon(1), VALID, false, T0))
                .status(),
            ConditionTypes.READY);
    assertThat(ready.status()).isEqualTo(ConditionStatus.False);
    assertThat(ready.reason()).isEqualTo(Reason.PlantNotFound.name());
    assertThat(ready.message())
        .isEqualTo("Plant lyon (spec.plantRef) does not exist in namespace plant-lyon");
  }

  @Test
  void theTransitionTimeMovesOnlyWhenReadyFlipsAndOnlyAFlipIsAChange() {
    TagMapping tm = lyon(1);
    tm.setStatus(
        TagMappingStatusAggregator.compute(
                new TagMappingStatusAggregator.Facts(tm, VALID, false, T0))
            .status());

    StatusUpdate<TagMappingStatus> same =
        TagMappingStatusAggregator.compute(
            new TagMappingStatusAggregator.Facts(tm, VALID, false, T1));
    assertThat(same.status()).isEqualTo(tm.getStatus());
    assertThat(same.changes()).isEmpty();

    StatusUpdate<TagMappingStatus> flipped =
        TagMappingStatusAggregator.compute(
            new TagMappingStatusAggregator.Facts(tm, VALID, true, T1));
    assertThat(condition(flipped.status(), ConditionTypes.READY).lastTransitionTime())
        .isEqualTo("2026-11-20T11:00:00Z");
    assertThat(condition(flipped.status(), ConditionTypes.VALID).lastTransitionTime())
        .isEqualTo("2026-11-20T10:00:00Z");
    assertThat(flipped.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type()).isEqualTo(ConditionTypes.READY);
              assertThat(c.reason()).isEqualTo(Reason.Reconciled);
            });
  }

  @Test
  void theErrorPathKeepsWhatWasFoundAndOnlyTurnsReadyFalse() {
    TagMapping tm = lyon(2);
    tm.setStatus(
        TagMappingStatusAggregator.compute(
                new TagMappingStatusAggregator.Facts(tm, VALID, true, T0))
            .status());
    tm.getMetadata().setGeneration(3L);

    StatusUpdate<TagMappingStatus> error =
        TagMappingStatusAggregator.error(tm, new IllegalStateException("boom"), T1);
    assertThat(error.status().observedGeneration())
        .as("the figures are those of generation 2")
        .isEqualTo(2L);
    assertThat(error.status().mappedSignals()).isEqualTo(11);
    assertThat(error.status().writableSignals()).containsExactly("kiln.fuel.setpoint");
    assertThat(condition(error.status(), ConditionTypes.VALID))
        .isEqualTo(condition(tm.getStatus(), ConditionTypes.VALID));
    Condition ready = condition(error.status(), ConditionTypes.READY);
    assertThat(ready.status()).isEqualTo(ConditionStatus.False);
    assertThat(ready.reason()).isEqualTo(Reason.ReconcileError.name());
    assertThat(ready.message()).isEqualTo("reconciliation failed: boom");
    assertThat(ready.observedGeneration()).isEqualTo(3L);
    assertThat(error.changes())
        .singleElement()
        .satisfies(c -> assertThat(c.reason()).isEqualTo(Reason.ReconcileError));
  }

  @Test
  void theErrorPathOfANewMappingWritesOnlyReady() {
    TagMappingStatus s =
        TagMappingStatusAggregator.error(lyon(1), new IllegalStateException("boom"), T0).status();
    assertThat(s.observedGeneration()).isEqualTo(1L);
    assertThat(s.mappedSignals()).isNull();
    assertThat(s.conditions())
        .singleElement()
        .satisfies(c -> assertThat(c.reason()).isEqualTo(Reason.ReconcileError.name()));
  }
}
