package io.plantops.operator.tagmapping;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.InputSignal;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingStatus;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.operator.events.EventRecorder;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.model.Indexes;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.ReconcileErrors;
import io.plantops.operator.status.StatusEvents;
import io.plantops.operator.status.StatusWriter;
import io.plantops.operator.validation.TagMappingValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a TagMapping (units against the canonical units the templates declare, NodeIds,
 * duplicate signals) and lists its writable mappings, in its status. The status is the only thing
 * it writes, and only when it changed.
 */
@ControllerConfiguration(name = TagMappingReconciler.NAME)
public final class TagMappingReconciler implements Reconciler<TagMapping> {

  private static final Logger LOG = LoggerFactory.getLogger(TagMappingReconciler.class);

  public static final String NAME = "tagmapping";

  private static final int SUMMARY_PROBLEMS = 5;

  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private InformerEventSource<UseCaseTemplate, TagMapping> templates;
  private InformerEventSource<Plant, TagMapping> plants;

  public TagMappingReconciler(EventRecorder events, OperatorMetrics metrics, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Valid or not, as a phase for the resources-by-phase gauge. */
  public enum Validity {
    Valid,
    Invalid,
    Unknown
  }

  @Override
  public List<EventSource<?, TagMapping>> prepareEventSources(
      EventSourceContext<TagMapping> context) {
    IndexerResourceCache<TagMapping> primaries = context.getPrimaryCache();
    primaries.addIndexer(Indexes.BY_PLANT, Indexes::plantOf);
    templates =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(UseCaseTemplate.class, TagMapping.class)
                .withName("tagmapping-templates")
                .withWatchAllNamespaces()
                // canonical units can change with any template: revalidate every TagMapping
                // whose signals the template declares
                .withSecondaryToPrimaryMapper(
                    t -> {
                      if (t.getSpec() == null) {
                        return Set.of();
                      }
                      var declared =
                          t.getSpec().inputs().stream()
                              .map(InputSignal::signal)
                              .collect(Collectors.toSet());
                      t.getSpec().observedSignals().forEach(s -> declared.add(s.signal()));
                      t.getSpec().outputs().forEach(o -> declared.add(o.signal()));
                      return primaries
                          .list()
                          .filter(
                              tm ->
                                  tm.getSpec() != null
                                      && tm.getSpec().mappings().stream()
                                          .anyMatch(e -> declared.contains(e.signal())))
                          .map(ResourceID::fromResource)
                          .collect(Collectors.toSet());
                    })
                .withOnUpdateFilter(
                    (now, old) ->
                        !Objects.equals(
                            now.getMetadata().getGeneration(), old.getMetadata().getGeneration()))
                .build(),
            context);
    plants =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Plant.class, TagMapping.class)
                .withName("tagmapping-plants")
                .withSecondaryToPrimaryMapper(
                    p ->
                        primaries
                            .byIndex(
                                Indexes.BY_PLANT,
                                Indexes.plantKey(
                                    p.getMetadata().getNamespace(), p.getMetadata().getName()))
                            .stream()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .withOnUpdateFilter((now, old) -> false)
                .build(),
            context);
    metrics.phases(
        OperatorMetrics.Kind.TagMapping,
        Validity.class,
        () -> primaries.list(),
        tm ->
            tm.getStatus() == null
                ? Validity.Unknown
                : Conditions.isTrue(tm.getStatus().conditions(), ConditionTypes.VALID)
                    ? Validity.Valid
                    : Validity.Invalid,
        Validity.Unknown);
    return List.of(templates, plants);
  }

  @Override
  public UpdateControl<TagMapping> reconcile(TagMapping tm, Context<TagMapping> context) {
    Instant started = clock.instant();
    TagMappingValidator.Report report =
        TagMappingValidator.validate(tm.getSpec(), canonicalUnits());
    boolean plantFound =
        plants
            .get(new ResourceID(tm.getSpec().plantRef(), tm.getMetadata().getNamespace()))
            .isPresent();
    TagMappingStatus prev = tm.getStatus();
    long generation =
        tm.getMetadata().getGeneration() == null ? 0 : tm.getMetadata().getGeneration();
    Conditions conditions =
        Conditions.from(prev == null ? null : prev.conditions(), generation, clock.instant());
    int entries = tm.getSpec().mappings().size();
    conditions.set(
        ConditionTypes.VALID,
        report.valid() ? ConditionStatus.True : ConditionStatus.False,
        report.valid() ? Reason.Valid : Reason.Invalid,
        report.valid()
            ? entries
                + " mapping(s) valid"
                + (report.writableSignals().isEmpty()
                    ? ", none writable"
                    : ", writable: " + String.join(", ", report.writableSignals()))
            : report.problems().size()
                + " problem(s) in "
                + (entries - report.validEntries())
                + " of "
                + entries
                + " mapping(s): "
                + report.problems().stream()
                    .limit(SUMMARY_PROBLEMS)
                    .map(p -> p.field() + ": " + p.message())
                    .collect(Collectors.joining("; "))
                + (report.problems().size() > SUMMARY_PROBLEMS ? "; see status.problems" : ""));
    conditions.set(
        ConditionTypes.READY,
        report.valid() && plantFound ? ConditionStatus.True : ConditionStatus.False,
        !plantFound ? Reason.PlantNotFound : report.valid() ? Reason.Reconciled : Reason.Invalid,
        !plantFound
            ? "Plant "
                + tm.getSpec().plantRef()
                + " (spec.plantRef) does not exist in namespace "
                + tm.getMetadata().getNamespace()
            : report.valid() ? "mappings accepted" : "fix the problems listed in status.problems");
    TagMappingStatus status =
        new TagMappingStatus(
            generation,
            report.validEntries(),
            report.writableSignals().isEmpty() ? null : report.writableSignals(),
            report.problems().isEmpty() ? null : report.problems(),
            conditions.build());
    metrics.reconciled(
        OperatorMetrics.Kind.TagMapping, Duration.between(started, clock.instant()), true);
    if (!Objects.equals(tm.getStatus(), status)) {
      StatusWriter.write(tm, context, r -> r.setStatus(status));
      metrics.statusWritten(OperatorMetrics.Kind.TagMapping);
    }
    StatusEvents.conditions(events, tm, OperatorMetrics.Kind.TagMapping, conditions.changes());
    return UpdateControl.noUpdate();
  }

  @Override
  public ErrorStatusUpdateControl<TagMapping> updateErrorStatus(
      TagMapping tm, Context<TagMapping> context, Exception e) {
    var skip = ReconcileErrors.<TagMapping>notToRecord(e, metrics, OperatorMetrics.Kind.TagMapping);
    if (skip.isPresent()) {
      return skip.get();
    }
    TagMappingStatus prev = tm.getStatus();
    Conditions conditions =
        ReconcileErrors.readyFalse(prev == null ? null : prev.conditions(), tm, clock.instant(), e);
    TagMappingStatus status =
        new TagMappingStatus(
            prev == null ? conditions.generation() : prev.observedGeneration(),
            prev == null ? null : prev.mappedSignals(),
            prev == null ? null : prev.writableSignals(),
            prev == null ? null : prev.problems(),
            conditions.build());
    ReconcileErrors.record(
        tm,
        context,
        prev,
        status,
        r -> r.setStatus(status),
        metrics,
        OperatorMetrics.Kind.TagMapping);
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  /** Canonical unit per signal, as the templates in the cluster declare it (first one wins). */
  private Map<String, String> canonicalUnits() {
    Map<String, String> units = new TreeMap<>();
    templates
        .list()
        .sorted(Comparator.comparing(t -> t.getMetadata().getName()))
        .filter(t -> t.getSpec() != null)
        .forEach(
            t -> {
              t.getSpec().inputs().forEach(i -> units.putIfAbsent(i.signal(), i.unit()));
              t.getSpec().observedSignals().forEach(i -> units.putIfAbsent(i.signal(), i.unit()));
              t.getSpec().outputs().forEach(o -> units.putIfAbsent(o.signal(), o.unit()));
            });
    return units;
  }
}
