package io.plantops.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.plantops.api.v1alpha1.Condition;
import io.plantops.api.v1alpha1.ConditionStatus;
import io.plantops.api.v1alpha1.ConditionTypes;
import io.plantops.operator.metrics.OperatorMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every reconciler's {@code updateErrorStatus} does the same way: nothing is recorded when the
 * operator is stopping or a status write conflicted (the retry starts from the newer version);
 * otherwise the failure is counted and recorded in status as Ready False, ReconcileError, and a
 * failed attempt to record it never hides the original error.
 */
public final class ReconcileErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileErrors.class);

  private ReconcileErrors() {}

  /**
   * JOSDK's answer when the error is not to be recorded, or empty when it is (then it has been
   * counted as a failed reconciliation of {@code kind}).
   */
  public static <R extends HasMetadata> Optional<ErrorStatusUpdateControl<R>> notToRecord(
      Exception e, OperatorMetrics metrics, OperatorMetrics.Kind kind) {
    if (Shutdown.causedIt(e)) {
      // the operator is stopping: the next leader reconciles again, nothing failed
      return Optional.of(ErrorStatusUpdateControl.<R>defaultErrorProcessing().withNoRetry());
    }
    if (StatusWriter.conflict(e)) {
      return Optional.of(ErrorStatusUpdateControl.defaultErrorProcessing());
    }
    metrics.reconciled(kind, Duration.ZERO, false);
    return Optional.empty();
  }

  /** The previous conditions with Ready set to False, ReconcileError, and the error's message. */
  public static Conditions readyFalse(
      List<Condition> previous, HasMetadata resource, Instant now, Exception e) {
    Long generation = resource.getMetadata().getGeneration();
    return Conditions.from(previous, generation == null ? 0 : generation, now)
        .keepAllBut(ConditionTypes.READY)
        .set(
            ConditionTypes.READY,
            ConditionStatus.False,
            Reason.ReconcileError,
            "reconciliation failed: " + e.getMessage());
  }

  /**
   * Writes the status recording the error when it differs from {@code current}; a write that fails
   * is logged, and JOSDK goes on reporting and retrying the original error.
   */
  public static <R extends HasMetadata, S> void record(
      R resource,
      Context<R> context,
      S current,
      S status,
      Consumer<R> setStatus,
      OperatorMetrics metrics,
      OperatorMetrics.Kind kind) {
    if (Objects.equals(current, status)) {
      return;
    }
    try {
      StatusWriter.write(resource, context, setStatus);
      metrics.statusWritten(kind);
    } catch (KubernetesClientException writeError) {
      LOG.warn(
          "cannot record the reconciliation error in {} {}: {}",
          resource.getKind(),
          resource.getMetadata().getNamespace() == null
              ? resource.getMetadata().getName()
              : resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName(),
          writeError.getMessage());
    }
  }
}
