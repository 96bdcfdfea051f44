package io.plantops.operator.template;

import static java.util.stream.Collectors.toSet;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.OnboardingMilestones;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteScorecard;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateSpec;
import io.plantops.api.v1alpha1.UseCaseTemplateStatus;
import io.plantops.operator.events.EventRecorder;
import io.plantops.operator.lastgood.LastKnownGood;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.rollout.RolloutPlanner;
import io.plantops.operator.rollout.RolloutSite;
import io.plantops.operator.scorecard.ScorecardChanges;
import io.plantops.operator.scorecard.TemplateScorecards;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.StatusRecorder;
import io.plantops.operator.validation.VersionResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a UseCaseTemplate and keeps its fleet view: for each SiteDeployment of the template,
 * whether the plant's TagMapping covers every signal, so that the corporate team sees whether the
 * required signals are available in most plants ({@code status.coverage}, e.g. 3/4). The status is
 * computed by {@link UseCaseTemplateStatusAggregator}.
 */
@ControllerConfiguration(name = UseCaseTemplateReconciler.NAME)
public final class UseCaseTemplateReconciler implements Reconciler<UseCaseTemplate> {

  public static final String NAME = "usecasetemplate";

  private final TemplateValidity validity;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final StatusRecorder<UseCaseTemplate, UseCaseTemplateStatus> status;
  private final int fleetMaxEntries;
  private final Set<String> namespaces;
  private final EventRecorder events;
  private final Duration resync;
  private InformerEventSource<Plant, UseCaseTemplate> plants;

  /** Valid or not, as a phase for the resources-by-phase gauge. */
  public enum Validity {
    Valid,
    Invalid,
    Unknown
  }

  public UseCaseTemplateReconciler(
      TemplateValidity validity,
      EventRecorder events,
      OperatorMetrics metrics,
      Clock clock,
      int fleetMaxEntries,
      Set<String> namespaces,
      Duration resync) {
    this.validity = validity;
    this.metrics = metrics;
    this.clock = clock;
    this.status =
        new StatusRecorder<>(
            OperatorMetrics.Kind.UseCaseTemplate,
            UseCaseTemplateStatusAggregator::error,
            events,
            metrics,
            clock);
    this.fleetMaxEntries = fleetMaxEntries;
    this.namespaces = Set.copyOf(namespaces);
    this.events = events;
    this.resync = resync;
  }

  @Override
  public List<EventSource<?, UseCaseTemplate>> prepareEventSources(
      EventSourceContext<UseCaseTemplate> context) {
    var builder =
        InformerEventSourceConfiguration.from(SiteDeployment.class, UseCaseTemplate.class)
            .withName("template-sitedeployments")
            .withSecondaryToPrimaryMapper(
                sd ->
                    sd.getSpec() == null
                        ? Set.of()
                        : Set.of(new ResourceID(sd.getSpec().templateRef().name())))
            .withOnUpdateFilter(UseCaseTemplateReconciler::affectsFleet);
    if (namespaces.isEmpty()) {
      builder.withWatchAllNamespaces();
    } else {
      builder.withNamespaces(namespaces);
    }
    InformerEventSource<SiteDeployment, UseCaseTemplate> siteDeployments =
        new InformerEventSource<>(builder.build(), context);
    // a Plant's rollout ring decides when its sites receive a new version: a change of it (a spec
    // change) concerns every template with a rollout
    var plantsBuilder =
        InformerEventSourceConfiguration.from(Plant.class, UseCaseTemplate.class)
            .withName("template-plants")
            .withSecondaryToPrimaryMapper(
                p ->
                    context.getPrimaryCache().list().map(ResourceID::fromResource).collect(toSet()))
            // and its onboarding milestones feed every template's scorecard
            .withOnUpdateFilter(
                (now, old) ->
                    !Objects.equals(
                            now.getMetadata().getGeneration(), old.getMetadata().getGeneration())
                        || !Objects.equals(onboarding(now), onboarding(old)));
    if (namespaces.isEmpty()) {
      plantsBuilder.withWatchAllNamespaces();
    } else {
      plantsBuilder.withNamespaces(namespaces);
    }
    plants = new InformerEventSource<>(plantsBuilder.build(), context);
    metrics.phases(
        OperatorMetrics.Kind.UseCaseTemplate,
        Validity.class,
        () -> context.getPrimaryCache().list(),
        t ->
            t.getStatus() == null
                ? Validity.Unknown
                : Conditions.isTrue(t.getStatus().conditions(), ConditionTypes.VALID)
                    ? Validity.Valid
                    : Validity.Invalid,
        Validity.Unknown);
    metrics.templateGauges(() -> context.getPrimaryCache().list());
    metrics.invalidGenerations(
        OperatorMetrics.Kind.UseCaseTemplate,
        () -> context.getPrimaryCache().list(),
        t ->
            t.getStatus() != null
                && LastKnownGood.storedGenerationInvalid(
                    t, t.getStatus().observedGeneration(), t.getStatus().conditions()));
    return List.of(siteDeployments, plants);
  }

  @Override
  public UpdateControl<UseCaseTemplate> reconcile(
      UseCaseTemplate template, Context<UseCaseTemplate> context) {
    Instant started = clock.instant();
    List<String> problems = validity.problems(template);
    List<SiteDeployment> deployments =
        context.getSecondaryResources(SiteDeployment.class).stream()
            .filter(
                sd ->
                    sd.getSpec() != null
                        && template
                            .getMetadata()
                            .getName()
                            .equals(sd.getSpec().templateRef().name()))
            .toList();
    Instant now = clock.instant();
    Optional<RolloutPlanner.Plan> rollout = rollout(template, problems, deployments, now);
    status.record(
        template,
        context,
        UseCaseTemplateStatusAggregator.compute(
            new UseCaseTemplateStatusAggregator.Facts(
                template,
                problems,
                deployments,
                fleetMaxEntries,
                now,
                rollout,
                Optional.of(TemplateScorecards.aggregate(deployments, this::plant)))),
        started);
    UpdateControl<UseCaseTemplate> control = UpdateControl.noUpdate();
    if (rollout.isPresent()) {
      RolloutPlanner.Plan plan = rollout.get();
      for (RolloutPlanner.Transition t : plan.transitions()) {
        events.emit(
            template,
            OperatorMetrics.Kind.UseCaseTemplate,
            EventRecorder.Type.Normal,
            t.reason(),
            t.message());
      }
      if (!plan.transitions().isEmpty()) {
        // a ring opened: the next one may be due at once (no gate to wait for)
        control.rescheduleAfter(Duration.ofSeconds(1));
      } else {
        plan.recheckAt()
            .map(at -> Duration.between(now, at))
            .map(d -> d.plusSeconds(1))
            // a later soak end is met by the periodic resync (an explicit delay would replace it)
            .filter(d -> !d.isNegative() && d.compareTo(resync) < 0)
            .ifPresent(control::rescheduleAfter);
      }
    }
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<UseCaseTemplate> updateErrorStatus(
      UseCaseTemplate template, Context<UseCaseTemplate> context, Exception e) {
    return status.recordError(template, context, e);
  }

  /**
   * The fleet rollout of the template the fleet runs (its last valid spec, never an invalid edit),
   * when its promotion policy declares one and it has a release to roll out.
   */
  private Optional<RolloutPlanner.Plan> rollout(
      UseCaseTemplate template, List<String> problems, List<SiteDeployment> sds, Instant now) {
    UseCaseTemplateSpec running =
        problems.isEmpty()
            ? template.getSpec()
            : template.getStatus() == null ? null : template.getStatus().lastValidSpec();
    if (running == null || running.promotion() == null || running.promotion().rollout() == null) {
      return Optional.empty();
    }
    Optional<ModelVersion> latest = VersionResolver.latest(running.models());
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    List<RolloutSite> sites = sds.stream().map(sd -> RolloutSite.of(sd, ring(sd))).toList();
    return Optional.of(
        RolloutPlanner.plan(
            new RolloutPlanner.Snapshot(
                running.promotion().rollout(),
                latest.get().version(),
                Optional.ofNullable(template.getStatus()).map(UseCaseTemplateStatus::rollout),
                sites,
                now)));
  }

  /** The rollout ring of {@code sd}'s Plant (the schema default when the Plant is missing). */
  private int ring(SiteDeployment sd) {
    return plant(sd).map(p -> p.getSpec().rolloutRing()).orElse(1);
  }

  private Optional<Plant> plant(SiteDeployment sd) {
    return plants.get(new ResourceID(sd.getSpec().plantRef(), sd.getMetadata().getNamespace()));
  }

  private static OnboardingMilestones onboarding(Plant p) {
    return p.getStatus() == null ? null : p.getStatus().onboarding();
  }

  /** Fleet-relevant changes of a SiteDeployment: what its fleet entry is made of. */
  private static boolean affectsFleet(SiteDeployment now, SiteDeployment old) {
    if (!Objects.equals(now.getMetadata().getGeneration(), old.getMetadata().getGeneration())) {
      return true;
    }
    return !Objects.equals(
            UseCaseTemplateStatusAggregator.entry(now), UseCaseTemplateStatusAggregator.entry(old))
        || !Objects.equals(RolloutSite.of(now, 0), RolloutSite.of(old, 0))
        || ScorecardChanges.milestoneOrEffort(scorecard(now), scorecard(old));
  }

  private static SiteScorecard scorecard(SiteDeployment sd) {
    return sd.getStatus() == null ? null : sd.getStatus().scorecard();
  }
}
