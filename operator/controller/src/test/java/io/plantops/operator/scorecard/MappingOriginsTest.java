package io.plantops.operator.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.plantops.api.v1alpha1.Access;
import io.plantops.api.v1alpha1.MappingEffort;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.contract.rules.SuggestMarks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mapping effort: each entry read against what suggest wrote. */
class MappingOriginsTest {

  static final TagMappingEntry FEED =
      new TagMappingEntry("kiln.feed.rate", "ns=2;s=FEED", "t/h", null, null, 1000, null, "feed");
  static final TagMappingEntry SPEED =
      new TagMappingEntry("kiln.speed", "ns=2;s=SPEED", "rpm", null, null, 500, null, "speed");
  static final TagMappingEntry FUEL =
      new TagMappingEntry(
          "kiln.fuel.setpoint", "ns=2;s=FUEL_SP", "t/h", null, null, 1000, Access.ReadWrite, "sp");

  static TagMapping tagMapping(String marks, TagMappingEntry... entries) {
    TagMapping tm = new TagMapping();
    tm.setMetadata(
        new ObjectMetaBuilder()
            .withName("m")
            .withNamespace("p")
            .withAnnotations(marks == null ? null : Map.of(SuggestMarks.ANNOTATION, marks))
            .build());
    tm.setSpec(new TagMappingSpec("p", null, List.of(entries)));
    return tm;
  }

  static String suggested(TagMappingEntry... entries) {
    return SuggestMarks.write(java.util.Arrays.stream(entries).map(MappingOrigins::entry).toList());
  }

  @Test
  void countsEntriesTakenAsSuggestedEditedAndAddedByHand() {
    String marks = suggested(FEED, SPEED);
    TagMappingEntry speedEdited =
        new TagMappingEntry("kiln.speed", "ns=2;s=SPEED", "rpm", 0.1, null, 500, null, "speed");
    TagMappingEntry feedRedescribed =
        new TagMappingEntry("kiln.feed.rate", "ns=2;s=FEED", "t/h", 1.0, 0.0, 1000, null, "new");
    assertThat(MappingOrigins.of(tagMapping(marks, feedRedescribed, speedEdited, FUEL)))
        .isEqualTo(new MappingEffort(1, 1, 1));
  }

  @Test
  void withoutMarksEveryEntryIsManualAndAMangledMarkNeverFails() {
    assertThat(MappingOrigins.of(tagMapping(null, FEED, SPEED)))
        .isEqualTo(new MappingEffort(0, 0, 2));
    assertThat(MappingOrigins.of(tagMapping("kiln.feed.rate,=x,,", FEED)))
        .isEqualTo(new MappingEffort(0, 0, 1));
  }

  @Test
  void anAnnotationEditIsAChangeAlthoughNoGenerationMoves() {
    assertThat(MappingOrigins.marksChanged(tagMapping("a=1", FEED), tagMapping("a=2", FEED)))
        .isTrue();
    assertThat(MappingOrigins.marksChanged(tagMapping("a=1", FEED), tagMapping("a=1", SPEED)))
        .isFalse();
  }
}
