package io.plantops.operator.status;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.plantops.operator.events.EventRecorder;
import io.plantops.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one status path of a kind, for the normal and the error path of its reconciler alike: count
 * the reconciliation, write the status its aggregator computed when it differs from the one last
 * written, count the write, and turn the conditions that flipped into events.
 *
 * <p>On the error path nothing is recorded when the operator is stopping or a status write
 * conflicted (the retry starts from the newer version); otherwise the failure is counted and the
 * aggregator's error status (Ready False, ReconcileError) is written, and a failed attempt to write
 * it never hides the original error, which JOSDK goes on reporting and retrying. Events follow a
 * status that is written: when the write fails, the retry sees the same flips and emits them then.
 *
 * @param <R> the kind
 * @param <S> its status
 */
public final class StatusRecorder<R extends CustomResource<?, S>, S> {

  private static final Logger LOG = LoggerFactory.getLogger(StatusRecorder.class);

  /**
   * A kind's error status: the status last written, with Ready False naming the error.
   *
   * @param <R> the kind
   * @param <S> its status
   */
  @FunctionalInterface
  public interface ErrorStatus<R, S> {
    StatusUpdate<S> of(R resource, Exception error, Instant now);
  }

  private final OperatorMetrics.Kind kind;
  private final ErrorStatus<R, S> errorStatus;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public StatusRecorder(
      OperatorMetrics.Kind kind,
      ErrorStatus<R, S> errorStatus,
      EventRecorder events,
      OperatorMetrics metrics,
      Clock clock) {
    this.kind = kind;
    this.errorStatus = errorStatus;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * The normal path: counts a reconciliation that started at {@code started}, then records {@code
   * update}. A failed write propagates: JOSDK calls the error path and retries.
   */
  public void record(R resource, Context<R> context, StatusUpdate<S> update, Instant started) {
    metrics.reconciled(kind, Duration.between(started, clock.instant()), true);
    write(resource, context, update);
  }

  /** The error path, what every reconciler's {@code updateErrorStatus} returns. */
  public ErrorStatusUpdateControl<R> recordError(R resource, Context<R> context, Exception e) {
    if (Shutdown.causedIt(e)) {
      // the operator is stopping: the next leader reconciles again, nothing failed
      return ErrorStatusUpdateControl.<R>defaultErrorProcessing().withNoRetry();
    }
    if (StatusWriter.conflict(e)) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    metrics.reconciled(kind, Duration.ZERO, false);
    try {
      write(resource, context, errorStatus.of(resource, e, clock.instant()));
    } catch (KubernetesClientException writeError) {
      LOG.warn(
          "cannot record the reconciliation error in {} {}: {}",
          resource.getKind(),
          resource.getMetadata().getNamespace() == null
              ? resource.getMetadata().getName()
              : resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName(),
          writeError.getMessage());
    }
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  private void write(R resource, Context<R> context, StatusUpdate<S> update) {
    if (!Objects.equals(resource.getStatus(), update.status())) {
      StatusWriter.write(resource, context, r -> r.setStatus(update.status()));
      metrics.statusWritten(kind);
    }
    StatusEvents.conditions(events, resource, kind, update.changes());
  }
}
