package io.plantops.operator.sitedeployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
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
import io.plantops.api.v1alpha1.Phase;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.RolloutStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentSpec;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.api.v1alpha1.UseCaseTemplateStatus;
import io.plantops.operator.events.EventRecorder;
import io.plantops.operator.lastgood.LastKnownGood;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.model.Indexes;
import io.plantops.operator.observe.PlantObservation;
import io.plantops.operator.observe.StatusPoller;
import io.plantops.operator.observe.UseCaseObservation;
import io.plantops.operator.observe.UseCaseObservationEventSource;
import io.plantops.operator.promotion.PromotionDecision;
import io.plantops.operator.promotion.PromotionEngine;
import io.plantops.operator.promotion.PromotionInput;
import io.plantops.operator.rollout.RingAccess;
import io.plantops.operator.scorecard.MappingOrigins;
import io.plantops.operator.scorecard.SiteScorecards;
import io.plantops.operator.status.StatusRecorder;
import io.plantops.operator.status.StatusUpdate;
import io.plantops.operator.validation.CalibrationCheck;
import io.plantops.operator.validation.ContractCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reconciles a SiteDeployment into its status: the contract check against its TagMapping, the
 * calibration check, the promotion engine's decision (phase, active model) and the figures the
 * plant's inference server reports. It owns no objects: the Plant reconciler renders the config
 * from the status written here.
 */
@ControllerConfiguration(name = SiteDeploymentReconciler.NAME)
public final class SiteDeploymentReconciler implements Reconciler<SiteDeployment> {

  public static final String NAME = "sitedeployment";

  /** The rollback policy's default KPI window, for a site whose template is missing. */
  private static final long DEFAULT_KPI_WINDOW_MINUTES = 60;

  private final PromotionEngine engine;
  private final StatusPoller poller;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final LastKnownGood lastGood;
  private final StatusRecorder<SiteDeployment, SiteDeploymentStatus> status;
  private InformerEventSource<UseCaseTemplate, SiteDeployment> templates;
  private InformerEventSource<TagMapping, SiteDeployment> tagMappings;
  private InformerEventSource<Plant, SiteDeployment> plants;
  private IndexerResourceCache<SiteDeployment> primaries;

  public SiteDeploymentReconciler(
      PromotionEngine engine,
      StatusPoller poller,
      EventRecorder events,
      OperatorMetrics metrics,
      Clock clock,
      LastKnownGood lastGood) {
    this.engine = engine;
    this.poller = poller;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.lastGood = lastGood;
    this.status =
        new StatusRecorder<>(
            OperatorMetrics.Kind.SiteDeployment,
            SiteDeploymentStatusAggregator::error,
            events,
            metrics,
            clock);
  }

  @Override
  public List<EventSource<?, SiteDeployment>> prepareEventSources(
      EventSourceContext<SiteDeployment> context) {
    IndexerResourceCache<SiteDeployment> primaries = context.getPrimaryCache();
    this.primaries = primaries;
    primaries.addIndexers(
        Map.of(
            Indexes.BY_PLANT, Indexes::plantOf,
            Indexes.BY_TEMPLATE, Indexes::templateOf,
            Indexes.BY_TAG_MAPPING, Indexes::tagMappingOf));
    templates =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(UseCaseTemplate.class, SiteDeployment.class)
                .withName("sitedeployment-templates")
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(
                    t -> ids(primaries.byIndex(Indexes.BY_TEMPLATE, t.getMetadata().getName())))
                // the template's status (fleet view) changes with every site: only its spec and
                // its validity (which follows the spec) matter here
                .withOnUpdateFilter((now, old) -> specChanged(now, old) || rolloutChanged(now, old))
                .build(),
            context);
    tagMappings =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(TagMapping.class, SiteDeployment.class)
                .withName("sitedeployment-tagmappings")
                .withSecondaryToPrimaryMapper(
                    tm ->
                        ids(
                            primaries.byIndex(
                                Indexes.BY_TAG_MAPPING,
                                Indexes.plantKey(
                                    tm.getMetadata().getNamespace(), tm.getMetadata().getName()))))
                .withOnUpdateFilter(
                    (now, old) -> specChanged(now, old) || MappingOrigins.marksChanged(now, old))
                .build(),
            context);
    plants =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Plant.class, SiteDeployment.class)
                .withName("sitedeployment-plants")
                .withSecondaryToPrimaryMapper(
                    p ->
                        ids(
                            primaries.byIndex(
                                Indexes.BY_PLANT,
                                Indexes.plantKey(
                                    p.getMetadata().getNamespace(), p.getMetadata().getName()))))
                // existence and the rollout ring matter here: ignore the Plant's status updates
                .withOnUpdateFilter(SiteDeploymentReconciler::specChanged)
                .build(),
            context);
    metrics.phases(
        OperatorMetrics.Kind.SiteDeployment,
        Phase.class,
        () -> primaries.list(),
        sd -> sd.getStatus() == null ? null : sd.getStatus().phase(),
        Phase.Pending);
    metrics.siteDeploymentGauges(() -> primaries.list());
    return List.of(
        templates, tagMappings, plants, new UseCaseObservationEventSource(poller, primaries));
  }

  @Override
  public UpdateControl<SiteDeployment> reconcile(
      SiteDeployment sd, Context<SiteDeployment> context) {
    Instant started = clock.instant();
    SiteDeploymentSpec spec = sd.getSpec();
    String ns = sd.getMetadata().getNamespace();
    // an invalid generation of a shared input is run as its last valid one: a bad edit never
    // takes the site out of its stage
    Optional<UseCaseTemplate> template =
        templates.get(new ResourceID(spec.templateRef().name())).map(lastGood::template);
    Optional<UseCaseTemplateSpec> templateSpec =
        template.map(UseCaseTemplate::getSpec).filter(Objects::nonNull);
    List<String> templateProblems = template.map(lastGood.validity()::problems).orElse(List.of());
    Optional<TagMapping> tagMapping =
        tagMappings
            .get(new ResourceID(spec.tagMappingRef(), ns))
            .map(
                tm ->
                    LastKnownGood.tagMapping(tm, () -> lastGood.canonicalUnits(templates.list())));
    Optional<Plant> plantResource = plants.get(new ResourceID(spec.plantRef(), ns));
    boolean plantFound = plantResource.isPresent();
    RingAccess ring =
        RingAccess.of(
            template.map(UseCaseTemplate::getStatus).map(UseCaseTemplateStatus::rollout),
            plantResource.map(p -> p.getSpec().rolloutRing()).orElse(1));
    Optional<ContractCheck.Report> contract =
        templateSpec.map(t -> ContractCheck.check(spec, t, tagMapping));
    List<String> calibration =
        templateSpec.map(t -> CalibrationCheck.check(spec.calibration(), t)).orElse(List.of());
    PlantObservation plant = poller.current(new ResourceID(spec.plantRef(), ns));
    UseCaseObservation observation = UseCaseObservation.of(plant, sd.getMetadata().getName());
    Instant now = clock.instant();
    PromotionDecision decision =
        engine.decide(
            new PromotionInput(
                sd,
                templateSpec,
                templateProblems,
                plantFound,
                contract,
                calibration,
                observation,
                now,
                ring));
    Duration kpiWindow =
        Duration.ofMinutes(
            templateSpec
                .map(t -> t.promotion().rollback().kpiDegradationMinutes())
                .orElse(DEFAULT_KPI_WINDOW_MINUTES));
    StatusUpdate<SiteDeploymentStatus> update =
        SiteDeploymentStatusAggregator.compute(
            new SiteDeploymentStatusAggregator.Facts(
                sd,
                decision,
                templateSpec,
                contract,
                calibration,
                observation,
                plant.connection(),
                now,
                new SiteDeploymentStatusAggregator.ScorecardInputs(
                    tagMappings
                        .get(new ResourceID(spec.tagMappingRef(), ns))
                        .map(MappingOrigins::of),
                    plant
                        .connector()
                        .body()
                        .map(
                            c ->
                                c.adoption() == null
                                    ? null
                                    : c.adoption().get(sd.getMetadata().getName())),
                    kpiWindow)));
    status.record(sd, context, update, started);
    for (PromotionDecision.Transition t : decision.events()) {
      PromotionAudit.log(sd, t);
      t.entry()
          .ifPresent(h -> metrics.promotionTransition(PromotionAudit.kind(h), h.reason().name()));
      events.emit(
          sd,
          OperatorMetrics.Kind.SiteDeployment,
          t.warning() ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
          t.reason(),
          t.message());
    }
    decision.gates().forEach(g -> metrics.gateEvaluated(g.name(), Boolean.TRUE.equals(g.passed())));
    UpdateControl<SiteDeployment> control = UpdateControl.noUpdate();
    Optional<Duration> gainDue =
        SiteScorecards.recheckAfter(update.status().scorecard(), kpiWindow, now);
    Stream.of(decision.recheckAfter(), gainDue)
        .flatMap(Optional::stream)
        .min(Duration::compareTo)
        .ifPresent(control::rescheduleAfter);
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<SiteDeployment> updateErrorStatus(
      SiteDeployment sd, Context<SiteDeployment> context, Exception e) {
    return status.recordError(sd, context, e);
  }

  private static boolean specChanged(HasMetadata now, HasMetadata old) {
    return !Objects.equals(now.getMetadata().getGeneration(), old.getMetadata().getGeneration());
  }

  /** The template's rollout moved in a way that changes what some ring may run. */
  private static boolean rolloutChanged(UseCaseTemplate now, UseCaseTemplate old) {
    return !Objects.equals(rolloutGate(now), rolloutGate(old));
  }

  private static List<Object> rolloutGate(UseCaseTemplate t) {
    RolloutStatus r = t.getStatus() == null ? null : t.getStatus().rollout();
    return r == null
        ? List.of()
        : Arrays.asList(
            r.version(), r.fromVersion(), r.state(), r.openRing(), r.haltedRing(), r.reverted());
  }

  private static Set<ResourceID> ids(List<SiteDeployment> sds) {
    return sds.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
