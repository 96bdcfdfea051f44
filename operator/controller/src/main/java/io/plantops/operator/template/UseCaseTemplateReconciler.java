package io.plantops.operator.template;

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
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateStatus;
import io.plantops.operator.events.EventRecorder;
import io.plantops.operator.lastgood.LastKnownGood;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.StatusRecorder;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
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
      Set<String> namespaces) {
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
    metrics.invalidGenerations(
        OperatorMetrics.Kind.UseCaseTemplate,
        () -> context.getPrimaryCache().list(),
        t ->
            t.getStatus() != null
                && LastKnownGood.storedGenerationInvalid(
                    t, t.getStatus().observedGeneration(), t.getStatus().conditions()));
    return List.of(siteDeployments);
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
    status.record(
        template,
        context,
        UseCaseTemplateStatusAggregator.compute(
            new UseCaseTemplateStatusAggregator.Facts(
                template, problems, deployments, fleetMaxEntries, clock.instant())),
        started);
    return UpdateControl.noUpdate();
  }

  @Override
  public ErrorStatusUpdateControl<UseCaseTemplate> updateErrorStatus(
      UseCaseTemplate template, Context<UseCaseTemplate> context, Exception e) {
    return status.recordError(template, context, e);
  }

  /** Fleet-relevant changes of a SiteDeployment: what its fleet entry is made of. */
  private static boolean affectsFleet(SiteDeployment now, SiteDeployment old) {
    if (!Objects.equals(now.getMetadata().getGeneration(), old.getMetadata().getGeneration())) {
      return true;
    }
    return !Objects.equals(
        UseCaseTemplateStatusAggregator.entry(now), UseCaseTemplateStatusAggregator.entry(old));
  }
}
