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
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.api.v1alpha1.FleetEntry;
import io.plantops.api.v1alpha1.ModelVersion;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.SiteDeploymentStatus;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.api.v1alpha1.UseCaseTemplateStatus;
import io.plantops.operator.events.EventRecorder;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.promotion.RetrainingTrigger;
import io.plantops.operator.status.Conditions;
import io.plantops.operator.status.Reason;
import io.plantops.operator.status.ReconcileErrors;
import io.plantops.operator.status.StatusEvents;
import io.plantops.operator.status.StatusWriter;
import io.plantops.operator.validation.VersionResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a UseCaseTemplate and keeps its fleet view: for each SiteDeployment of the template,
 * whether the plant's TagMapping covers every signal, so that the corporate team sees whether the
 * required signals are available in most plants ({@code status.coverage}, e.g. 3/4).
 */
@ControllerConfiguration(name = UseCaseTemplateReconciler.NAME)
public final class UseCaseTemplateReconciler implements Reconciler<UseCaseTemplate> {

  private static final Logger LOG = LoggerFactory.getLogger(UseCaseTemplateReconciler.class);

  public static final String NAME = "usecasetemplate";

  private final TemplateValidity validity;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
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
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
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
    UseCaseTemplateStatus prev = template.getStatus();
    long generation =
        template.getMetadata().getGeneration() == null ? 0 : template.getMetadata().getGeneration();
    Instant now = clock.instant();
    Conditions conditions =
        Conditions.from(prev == null ? null : prev.conditions(), generation, now);
    conditions.set(
        ConditionTypes.VALID,
        problems.isEmpty() ? ConditionStatus.True : ConditionStatus.False,
        problems.isEmpty() ? Reason.Valid : Reason.Invalid,
        problems.isEmpty()
            ? "units, limits, models and CEL expressions are valid"
            : String.join("; ", problems));
    conditions.set(
        ConditionTypes.READY,
        problems.isEmpty() ? ConditionStatus.True : ConditionStatus.False,
        problems.isEmpty() ? Reason.Reconciled : Reason.Invalid,
        problems.isEmpty()
            ? "deployable at " + deployments.size() + " site(s)"
            : "SiteDeployments of this template are Failed until it is valid");

    List<FleetEntry> fleet =
        deployments.stream()
            .map(UseCaseTemplateReconciler::entry)
            .sorted(
                Comparator.comparing((FleetEntry e) -> Boolean.TRUE.equals(e.inputsCovered()))
                    .thenComparing(FleetEntry::namespace)
                    .thenComparing(FleetEntry::siteDeployment))
            .toList();
    int covered = (int) fleet.stream().filter(e -> Boolean.TRUE.equals(e.inputsCovered())).count();
    Optional<ModelVersion> latest = VersionResolver.latest(template.getSpec().models());
    UseCaseTemplateStatus status =
        new UseCaseTemplateStatus(
            generation,
            latest.map(ModelVersion::version).orElse(null),
            fleet.size(),
            covered,
            covered + "/" + fleet.size(),
            fleet.isEmpty() ? null : fleet.subList(0, Math.min(fleetMaxEntries, fleet.size())),
            retrainingDue(template, fleet, latest, now).orElse(null),
            conditions.build());
    metrics.reconciled(
        OperatorMetrics.Kind.UseCaseTemplate, Duration.between(started, clock.instant()), true);
    if (!Objects.equals(template.getStatus(), status)) {
      StatusWriter.write(template, context, r -> r.setStatus(status));
      metrics.statusWritten(OperatorMetrics.Kind.UseCaseTemplate);
    }
    StatusEvents.conditions(
        events, template, OperatorMetrics.Kind.UseCaseTemplate, conditions.changes());
    return UpdateControl.noUpdate();
  }

  @Override
  public ErrorStatusUpdateControl<UseCaseTemplate> updateErrorStatus(
      UseCaseTemplate template, Context<UseCaseTemplate> context, Exception e) {
    var skip =
        ReconcileErrors.<UseCaseTemplate>notToRecord(
            e, metrics, OperatorMetrics.Kind.UseCaseTemplate);
    if (skip.isPresent()) {
      return skip.get();
    }
    UseCaseTemplateStatus prev = template.getStatus();
    Conditions conditions =
        ReconcileErrors.readyFalse(
            prev == null ? null : prev.conditions(), template, clock.instant(), e);
    UseCaseTemplateStatus status =
        prev == null
            ? new UseCaseTemplateStatus(
                conditions.generation(), null, null, null, null, null, null, conditions.build())
            : new UseCaseTemplateStatus(
                prev.observedGeneration(),
                prev.latestVersion(),
                prev.plants(),
                prev.plantsCovered(),
                prev.coverage(),
                prev.fleet(),
                prev.retrainingDue(),
                conditions.build());
    ReconcileErrors.record(
        template,
        context,
        prev,
        status,
        r -> r.setStatus(status),
        metrics,
        OperatorMetrics.Kind.UseCaseTemplate);
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  private static FleetEntry entry(SiteDeployment sd) {
    SiteDeploymentStatus s = sd.getStatus();
    Optional<Boolean> covered =
        s == null
            ? Optional.empty()
            : Conditions.find(s.conditions(), ConditionTypes.INPUTS_COVERED)
                .filter(c -> c.status() != ConditionStatus.Unknown)
                .map(c -> c.status() == ConditionStatus.True);
    return new FleetEntry(
        sd.getMetadata().getNamespace(),
        sd.getSpec().plantRef(),
        sd.getMetadata().getName(),
        covered.orElse(null),
        s == null || s.missingSignals() == null || s.missingSignals().isEmpty()
            ? null
            : s.missingSignals(),
        s == null ? null : s.phase(),
        s == null || s.activeModel() == null ? null : s.activeModel().version(),
        s == null || s.drift() == null ? null : s.drift().status());
  }

  /** Fleet-relevant changes of a SiteDeployment: what its fleet entry is made of. */
  private static boolean affectsFleet(SiteDeployment now, SiteDeployment old) {
    if (!Objects.equals(now.getMetadata().getGeneration(), old.getMetadata().getGeneration())) {
      return true;
    }
    return !Objects.equals(entry(now), entry(old));
  }

  private static Optional<String> retrainingDue(
      UseCaseTemplate template,
      List<FleetEntry> fleet,
      Optional<ModelVersion> latest,
      Instant now) {
    return RetrainingTrigger.due(template.getSpec().retraining(), fleet, latest, now)
        .map(RetrainingTrigger::statusText);
  }
}
