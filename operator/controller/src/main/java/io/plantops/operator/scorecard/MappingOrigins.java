package io.plantops.operator.scorecard;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.plantops.api.v1alpha1.MappingEffort;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingEntry;
import io.plantops.contract.rules.SuggestMarks;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The mapping effort of a TagMapping: each entry read against the marks {@code suggest} wrote in
 * the {@value SuggestMarks#ANNOTATION} annotation. The stored spec is read (what the plant team
 * wrote), not a last valid one.
 */
public final class MappingOrigins {

  private MappingOrigins() {}

  /** The effort of {@code tm}; none without a spec. */
  public static MappingEffort of(TagMapping tm) {
    if (tm.getSpec() == null) {
      return MappingEffort.none();
    }
    Map<String, String> marks =
        SuggestMarks.read(
            Optional.ofNullable(tm.getMetadata().getAnnotations())
                .map(a -> a.get(SuggestMarks.ANNOTATION)));
    int suggested = 0;
    int edited = 0;
    int manual = 0;
    for (TagMappingEntry e : tm.getSpec().mappings()) {
      switch (SuggestMarks.origin(entry(e), marks)) {
        case Suggested -> suggested++;
        case Edited -> edited++;
        case Manual -> manual++;
      }
    }
    return new MappingEffort(suggested, edited, manual);
  }

  /**
   * Whether the suggest marks of a TagMapping changed: an annotation edit bumps no generation, yet
   * changes the mapping effort.
   */
  public static boolean marksChanged(HasMetadata now, HasMetadata old) {
    return !Objects.equals(marks(now), marks(old));
  }

  private static String marks(HasMetadata r) {
    Map<String, String> a = r.getMetadata().getAnnotations();
    return a == null ? null : a.get(SuggestMarks.ANNOTATION);
  }

  static SuggestMarks.Entry entry(TagMappingEntry e) {
    return new SuggestMarks.Entry(
        e.signal(),
        e.nodeId(),
        e.unit(),
        e.scale(),
        e.offset(),
        e.samplingIntervalMs(),
        e.access().name(),
        e.maxAge(),
        e.substitute() == null ? null : e.substitute().toString());
  }
}
