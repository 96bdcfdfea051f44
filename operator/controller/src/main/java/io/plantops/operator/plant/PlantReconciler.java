package io.plantops.operator.plant;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.PlantPhase;
import io.plantops.api.v1alpha1.PlantStatus;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.operator.config.OperatorProperties;
import io.plantops.operator.events.EventRecorder;
import io.plantops.operator.lastgood.LastKnownGood;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.model.Indexes;
import io.plantops.operator.model.Names;
import io.plantops.operator.observe.PlantObservationEventSource;
import io.plantops.operator.observe.StatusPoller;
import io.plantops.operator.plant.Dependents.DataPathSecret;
import io.plantops.operator.plant.Dependents.NamesValid;
import io.plantops.operator.plant.Dependents.PlantConfigMap;
import io.plantops.operator.plant.Dependents.WorkloadDeployment;
import io.plantops.operator.plant.Dependents.WorkloadService;
import io.plantops.operator.plant.Dependents.WorkloadServiceAccount;
import io.plantops.operator.render.KeptBaselines;
import io.plantops.operator.render.PlantConfigRenderer;
import io.plantops.operator.scorecard.MappingOrigins;
import io.plantops.operator.scorecard.ScorecardChanges;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Durations;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.StatusRecorder;
import io.plantops.operator.validation.PlantValidator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reconciles a Plant into its workloads: two ServiceAccounts, the resolved-config ConfigMap, the
 * data-path Secret (created once, never updated), and a Deployment and a Service each for the
 * inference server and the connector, all owned by the Plant. The config is rendered from every
 * SiteDeployment at the plant, their TagMappings and templates; a change to any of them re-renders
 * it (secondary-to-primary mappings below). Status comes from {@link PlantStatusAggregator},
 * written by the kind's {@link StatusRecorder} only when it changed.
 */
@ControllerConfiguration(name = PlantReconciler.NAME)
public final class PlantReconciler implements Reconciler<Plant> {

  public static final String NAME = "plant";

  private final OperatorProperties properties;
  private final StatusPoller poller;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final LastKnownGood lastGood;
  private final Workflow<Plant> workflow;
  private final WorkloadDeployment inferenceDeployment;
  private final WorkloadDeployment connectorDeployment;
  private final StatusRecorder<Plant, PlantStatus> status;
  private InformerEventSource<TagMapping, Plant> tagMappings;
  private InformerEventSource<UseCaseTemplate, Plant> templates;

  public PlantReconciler(
      OperatorProperties properties,
      StatusPoller poller,
      EventRecorder events,
      OperatorMetrics metrics,
      Clock clock,
      LastKnownGood lastGood) {
    this.properties = properties;
    this.poller = poller;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.lastGood = lastGood;
    this.status =
        new StatusRecorder<>(
            OperatorMetrics.Kind.Plant, PlantStatusAggregator::error, events, metrics, clock);
    var inferenceSa = new WorkloadServiceAccount(Workload.INFERENCE_SERVER, metrics);
    var connectorSa = new WorkloadServiceAccount(Workload.CONNECTOR, metrics);
    var config = new PlantConfigMap(metrics);
    var dataPath = new DataPathSecret(metrics);
    this.inferenceDeployment = new WorkloadDeployment(Workload.INFERENCE_SERVER, metrics);
    this.connectorDeployment = new WorkloadDeployment(Workload.CONNECTOR, metrics);
    var inferenceService = new WorkloadService(Workload.INFERENCE_SERVER, metrics);
    var connectorService = new WorkloadService(Workload.CONNECTOR, metrics);
    NamesValid namesValid = new NamesValid();
    this.workflow =
        new WorkflowBuilder<Plant>()
            .addDependentResourceAndConfigure(inferenceSa)
            .withReconcilePrecondition(namesValid)
            .addDependentResourceAndConfigure(connectorSa)
            .withReconcilePrecondition(namesValid)
            .addDependentResourceAndConfigure(config)
            .withReconcilePrecondition(namesValid)
            .addDependentResourceAndConfigure(dataPath)
            .withReconcilePrecondition(namesValid)
            .addDependentResourceAndConfigure(inferenceDeployment)
            .dependsOn(inferenceSa, config, dataPath)
            .withReconcilePrecondition(namesValid)
            .addDependentResourceAndConfigure(connectorDeployment)
            .dependsOn(connectorSa, config, dataPath)
            .withReconcilePrecondition(namesValid)
            .addDependentResourceAndConfigure(inferenceService)
            .withReconcilePrecondition(namesValid)
            .addDependentResourceAndConfigure(connectorService)
            .withReconcilePrecondition(namesValid)
            .build();
  }

  @Override
  public List<EventSource<?, Plant>> prepareEventSources(EventSourceContext<Plant> context) {
    InformerEventSource<SiteDeployment, Plant> siteDeployments =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(SiteDeployment.class, Plant.class)
                .withName("plant-sitedeployments")
                .withSecondaryToPrimaryMapper(
                    sd -> Indexes.plantOf(sd).isEmpty() ? Set.of() : Set.of(plantId(sd)))
                .withOnUpdateFilter(PlantReconciler::affectsConfig)
                .build(),
            context);
    siteDeployments.addIndexers(
        Map.of(
            Indexes.BY_TEMPLATE, Indexes::templateOf,
            Indexes.BY_TAG_MAPPING, Indexes::tagMappingOf));
    tagMappings =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(TagMapping.class, Plant.class)
                .withName("plant-tagmappings")
                .withSecondaryToPrimaryMapper(
                    tm -> {
                      Set<ResourceID> plants = new HashSet<>();
                      if (tm.getSpec() != null && tm.getSpec().plantRef() != null) {
                        plants.add(
                            new ResourceID(
                                tm.getSpec().plantRef(), tm.getMetadata().getNamespace()));
                      }
                      siteDeployments
                          .byIndex(
                              Indexes.BY_TAG_MAPPING,
                              Indexes.plantKey(
                                  tm.getMetadata().getNamespace(), tm.getMetadata().getName()))
                          .forEach(sd -> plants.add(plantId(sd)));
                      return plants;
                    })
                .withOnUpdateFilter(
                    (now, old) -> specChanged(now, old) || MappingOrigins.marksChanged(now, old))
                .build(),
            context);
    tagMappings.addIndexer(Indexes.BY_PLANT, Indexes::plantOf);
    templates =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(UseCaseTemplate.class, Plant.class)
                .withName("plant-templates")
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(
                    t ->
                        siteDeployments
                            .byIndex(Indexes.BY_TEMPLATE, t.getMetadata().getName())
                            .stream()
                            .map(PlantReconciler::plantId)
                            .collect(Collectors.toSet()))
                // a template's own status (its fleet view) changes with every site: only its spec
                // is rendered
                .withOnUpdateFilter(PlantReconciler::specChanged)
                .build(),
            context);
    metrics.phases(
        OperatorMetrics.Kind.Plant,
        PlantPhase.class,
        () -> context.getPrimaryCache().list(),
        p -> p.getStatus() == null ? null : p.getStatus().phase(),
        PlantPhase.Pending);
    metrics.plantGauges(() -> context.getPrimaryCache().list());
    // a Plant whose own spec is invalid, not one whose mappings conflict (its spec is then valid)
    metrics.invalidGenerations(
        OperatorMetrics.Kind.Plant,
        () -> context.getPrimaryCache().list(),
        p ->
            p.getStatus() != null
                && LastKnownGood.storedGenerationInvalid(
                    p, p.getStatus().observedGeneration(), p.getStatus().conditions())
                && !Objects.equals(
                    p.getStatus().lastValidGeneration(), p.getMetadata().getGeneration()));
    List<EventSource<?, Plant>> sources =
        new ArrayList<>(EventSourceUtils.eventSourcesFromWorkflow(context, workflow));
    sources.add(siteDeployments);
    sources.add(tagMappings);
    sources.add(templates);
    sources.add(new PlantObservationEventSource(poller));
    return sources;
  }

  @Override
  public UpdateControl<Plant> reconcile(Plant plant, Context<Plant> context) {
    Instant started = clock.instant();
    ResourceID id = ResourceID.fromResource(plant);
    poller.track(id);
    List<SiteDeployment> siteDeployments =
        context.getSecondaryResources(SiteDeployment.class).stream()
            .filter(
                sd ->
                    sd.getSpec() != null
                        && plant.getMetadata().getName().equals(sd.getSpec().plantRef()))
            .toList();
    String ns = plant.getMetadata().getNamespace();
    // an invalid generation of a template or a TagMapping is rendered as its last valid one, so a
    // bad edit never replaces what the plant runs
    Supplier<Map<String, String>> units = memoized(() -> lastGood.canonicalUnits(templates.list()));
    Function<TagMapping, TagMapping> running = tm -> LastKnownGood.tagMapping(tm, units);
    List<TagMapping> plantTagMappings =
        tagMappings
            .byIndex(Indexes.BY_PLANT, Indexes.plantKey(ns, plant.getMetadata().getName()))
            .stream()
            .map(running)
            .toList();
    // an invalid generation of the Plant itself runs as its last valid one too: the workloads
    // and the resolved config keep the spec they had
    List<String> specProblems =
        plant.getSpec() == null
            ? List.of()
            : PlantValidator.validate(plant.getSpec(), plantTagMappings);
    Plant runningPlant = LastKnownGood.plant(plant, specProblems);
    PlantConfigRenderer.Rendered rendered =
        PlantConfigRenderer.render(
            runningPlant,
            siteDeployments,
            new PlantConfigRenderer.Lookups(
                name -> tagMappings.get(new ResourceID(name, ns)).map(running),
                name -> templates.get(new ResourceID(name)).map(lastGood::template),
                lastGood.validity()::valid,
                plantTagMappings),
            (int) properties.workloads().connectorWatchdog().toSeconds());
    PlantView view =
        new PlantView(runningPlant, rendered, properties.workloads(), Names.problem(plant));
    view.attach(context);
    workflow.reconcile(plant, context);

    PlantStatusAggregator.Result result =
        PlantStatusAggregator.compute(
            new PlantStatusAggregator.Facts(
                plant,
                view,
                deployment(context, Workload.INFERENCE_SERVER, plant),
                deployment(context, Workload.CONNECTOR, plant),
                siteDeployments,
                plantTagMappings,
                specProblems,
                poller.current(id),
                clock.instant()));
    status.record(plant, context, result.update(), started);
    announce(plant, result, rendered);
    return UpdateControl.noUpdate();
  }

  @Override
  public ErrorStatusUpdateControl<Plant> updateErrorStatus(
      Plant plant, Context<Plant> context, Exception e) {
    return status.recordError(plant, context, e);
  }

  /**
   * The Plant's own events, beyond condition flips, once its status is written: a new phase, the
   * milestones reached (with their onboarding metric) and a newly rendered config.
   */
  private void announce(
      Plant plant, PlantStatusAggregator.Result result, PlantConfigRenderer.Rendered rendered) {
    PlantStatus now = result.update().status();
    if (result.previousPhase().isPresent() && result.previousPhase().get() != now.phase()) {
      events.emit(
          plant,
          OperatorMetrics.Kind.Plant,
          now.phase() == PlantPhase.Degraded
              ? EventRecorder.Type.Warning
              : EventRecorder.Type.Normal,
          Reason.PhaseChanged,
          "phase " + result.previousPhase().get() + " -> " + now.phase());
    }
    for (Onboarding.Reached r : result.reached()) {
      metrics.milestoneReached(r.milestone().name(), r.sinceRegistration());
      if (r.milestone() != Onboarding.Milestone.registered) {
        events.emit(
            plant,
            OperatorMetrics.Kind.Plant,
            EventRecorder.Type.Normal,
            Reason.MilestoneReached,
            r.milestone()
                + " at "
                + r.at()
                + " ("
                + Durations.human(r.sinceRegistration())
                + " after registration)");
      }
    }
    String before = plant.getStatus() == null ? null : plant.getStatus().configVersion();
    if (!Objects.equals(before, now.configVersion())) {
      events.emit(
          plant,
          OperatorMetrics.Kind.Plant,
          EventRecorder.Type.Normal,
          Reason.ConfigRendered,
          "resolved plant config "
              + now.configVersion()
              + " with "
              + rendered.config().useCases().size()
              + " use case(s)"
              + (rendered.skipped().isEmpty() ? "" : "; left out: " + rendered.skipped()));
    }
  }

  /** SiteDeployment updates that change what the config or the Plant status is made of. */
  private static boolean affectsConfig(SiteDeployment now, SiteDeployment old) {
    if (!Objects.equals(now.getMetadata().getGeneration(), old.getMetadata().getGeneration())) {
      return true;
    }
    SiteDeploymentStatus a = now.getStatus();
    SiteDeploymentStatus b = old.getStatus();
    if (a == null || b == null) {
      return a != b;
    }
    return a.phase() != b.phase()
        || !Objects.equals(a.phaseSince(), b.phaseSince())
        || !Objects.equals(a.activeModel(), b.activeModel())
        || !Objects.equals(
            a.candidateModel() == null ? null : a.candidateModel().version(),
            b.candidateModel() == null ? null : b.candidateModel().version())
        || !Objects.equals(a.missingSignals(), b.missingSignals())
        || ScorecardChanges.milestoneOrEffort(a.scorecard(), b.scorecard())
        || !KeptBaselines.of(a, KeptBaselines.requested(now))
            .equals(KeptBaselines.of(b, KeptBaselines.requested(now)))
        || !Objects.equals(
            Conditions.isTrue(a.conditions(), ConditionTypes.INPUTS_COVERED),
            Conditions.isTrue(b.conditions(), ConditionTypes.INPUTS_COVERED));
  }

  /** Only a new generation (a spec change) of a TagMapping or template changes a config. */
  private static boolean specChanged(HasMetadata now, HasMetadata old) {
    return !Objects.equals(now.getMetadata().getGeneration(), old.getMetadata().getGeneration());
  }

  /** {@code supplier}, asked at most once. */
  private static <T> Supplier<T> memoized(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }

  private static ResourceID plantId(SiteDeployment sd) {
    return new ResourceID(sd.getSpec().plantRef(), sd.getMetadata().getNamespace());
  }

  private Optional<Deployment> deployment(Context<Plant> context, Workload w, Plant plant) {
    WorkloadDeployment dependent =
        w == Workload.INFERENCE_SERVER ? inferenceDeployment : connectorDeployment;
    return dependent.getSecondaryResource(plant, context);
  }
}
