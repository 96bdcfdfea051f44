package io.plantops.operator.tagmapping;

import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingSpec;
import io.plantops.api.v1alpha1.TagMappingStatus;
import io.plantops.operator.lastgood.LastValid;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.StatusUpdate;
import io.plantops.operator.validation.TagMappingValidator;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * Computes a TagMapping's status as a value: the only place that sets its conditions. Valid says
 * what the validator found (the first few problems, the full list in {@code status.problems});
 * Ready also needs the Plant the mapping belongs to.
 */
public final class TagMappingStatusAggregator {

  /** Problems named in the Valid condition's message; all of them are in status.problems. */
  static final int SUMMARY_PROBLEMS = 5;

  private TagMappingStatusAggregator() {}

  /**
   * What the aggregator reads.
   *
   * @param tagMapping the TagMapping with the status last written
   * @param report what the validator found
   * @param plantFound whether the Plant of spec.plantRef exists
   * @param now time of the reconciliation
   */
  public record Facts(
      TagMapping tagMapping, TagMappingValidator.Report report, boolean plantFound, Instant now) {}

  /** The status for {@code facts}. */
  public static StatusUpdate<TagMappingStatus> compute(Facts f) {
    TagMapping tm = f.tagMapping();
    TagMappingStatus prev = tm.getStatus();
    TagMappingValidator.Report report = f.report();
    Conditions conditions = Conditions.from(prev == null ? null : prev.conditions(), tm, f.now());
    int entries = tm.getSpec().mappings().size();
    LastValid<TagMappingSpec> last =
        LastValid.of(
            report.valid(),
            conditions.generation(),
            tm.getSpec(),
            prev == null ? null : prev.lastValidGeneration(),
            prev == null ? null : prev.lastValidSpec());
    conditions.set(
        ConditionTypes.VALID,
        report.valid() ? ConditionStatus.True : ConditionStatus.False,
        report.valid() ? Reason.Valid : last.invalidReason(),
        report.valid()
            ? entries
                + " mapping(s) valid"
                + (report.writableSignals().isEmpty()
                    ? ", none writable"
                    : ", writable: " + String.join(", ", report.writableSignals()))
            : last.invalidMessage(
                conditions.generation(),
                report.problems().size()
                    + " problem(s) in "
                    + (entries - report.validEntries())
                    + " of "
                    + entries
                    + " mapping(s): "
                    + report.problems().stream()
                        .limit(SUMMARY_PROBLEMS)
                        .map(p -> p.field() + ": " + p.message())
                        .collect(Collectors.joining("; "))
                    + (report.problems().size() > SUMMARY_PROBLEMS
                        ? "; see status.problems"
                        : "")));
    conditions.set(
        ConditionTypes.READY,
        report.valid() && f.plantFound() ? ConditionStatus.True : ConditionStatus.False,
        !f.plantFound()
            ? Reason.PlantNotFound
            : report.valid() ? Reason.Reconciled : last.invalidReason(),
        !f.plantFound()
            ? "Plant "
                + tm.getSpec().plantRef()
                + " (spec.plantRef) does not exist in namespace "
                + tm.getMetadata().getNamespace()
            : report.valid()
                ? "mappings accepted"
                : last.held()
                    ? "the plant keeps running generation "
                        + last.generation()
                        + ": fix the problems listed in status.problems, or revert"
                    : "fix the problems listed in status.problems");
    return conditions.update(
        new TagMappingStatus(
            conditions.generation(),
            report.validEntries(),
            report.writableSignals().isEmpty() ? null : report.writableSignals(),
            report.problems().isEmpty() ? null : report.problems(),
            last.generation(),
            last.spec(),
            conditions.build()));
  }

  /** The error path: the status last written, with Ready False naming the error. */
  public static StatusUpdate<TagMappingStatus> error(TagMapping tm, Exception error, Instant now) {
    TagMappingStatus prev = tm.getStatus();
    Conditions conditions =
        Conditions.afterError(prev == null ? null : prev.conditions(), tm, now, error);
    return conditions.update(
        new TagMappingStatus(
            prev == null ? conditions.generation() : prev.observedGeneration(),
            prev == null ? null : prev.mappedSignals(),
            prev == null ? null : prev.writableSignals(),
            prev == null ? null : prev.problems(),
            prev == null ? null : prev.lastValidGeneration(),
            prev == null ? null : prev.lastValidSpec(),
            conditions.build()));
  }
}
