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
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.InputSignal;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.TagMappingStatus;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.operator.events.EventRecorder;
import io.plantops.operator.lastgood.LastKnownGood;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.model.Indexes;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.StatusRecorder;
import io.plantops.operator.validation.TagMappingValidator;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates a TagMapping (units against the canonical units the templates declare, NodeIds,
 * duplicate signals) and lists its writable mappings, in its status, computed by {@link
 * TagMappingStatusAggregator}. The status is the only thing it writes, and only when it changed.
 */
@ControllerConfiguration(name = TagMappingReconciler.NAME)
public final class TagMappingReconciler implements Reconciler<TagMapping> {

  public static final String NAME = "tagmapping";

  private final OperatorMetrics metrics;
  private final Clock clock;
  private final LastKnownGood lastGood;
  private final StatusRecorder<TagMapping, TagMappingStatus> status;
  private InformerEventSource<UseCaseTemplate, TagMapping> templates;
  private InformerEventSource<Plant, TagMapping> plants;

  public TagMappingReconciler(
      EventRecorder events, OperatorMetrics metrics, Clock clock, LastKnownGood lastGood) {
    this.metrics = metrics;
    this.clock = clock;
    this.lastGood = lastGood;
    this.status =
        new StatusRecorder<>(
            OperatorMetrics.Kind.TagMapping,
            TagMappingStatusAggregator::error,
            events,
            metrics,
            clock);
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
    metrics.invalidGenerations(
        OperatorMetrics.Kind.TagMapping,
        () -> primaries.list(),
        tm ->
            tm.getStatus() != null
                && LastKnownGood.storedGenerationInvalid(
                    tm, tm.getStatus().observedGeneration(), tm.getStatus().conditions()));
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
    status.record(
        tm,
        context,
        TagMappingStatusAggregator.compute(
            new TagMappingStatusAggregator.Facts(tm, report, plantFound, clock.instant())),
        started);
    return UpdateControl.noUpdate();
  }

  @Override
  public ErrorStatusUpdateControl<TagMapping> updateErrorStatus(
      TagMapping tm, Context<TagMapping> context, Exception e) {
    return status.recordError(tm, context, e);
  }

  /** Canonical unit per signal, as the templates the fleet runs declare it (first one wins). */
  private Map<String, String> canonicalUnits() {
    return lastGood.canonicalUnits(templates.list());
  }
}
