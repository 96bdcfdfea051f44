package io.plantops.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.model.Names;
import io.plantops.operator.status.Conditions;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits Kubernetes Events (core/v1) about the operator's resources, off the reconcile thread:
 * events are best effort by design (Kubernetes API conventions, "Events"), so a slow API server
 * never holds up a reconciliation and a failure is logged, not retried.
 */
public final class EventRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;
  private static final int QUEUE = 10_000;

  /** Event type: Normal for progress, Warning for something a person should look at. */
  public enum Type {
    Normal,
    Warning
  }

  private final KubernetesClient client;
  private final Clock clock;
  private final OperatorMetrics metrics;
  private final String instance;
  private final ThreadPoolExecutor executor;

  public EventRecorder(
      KubernetesClient client, Clock clock, OperatorMetrics metrics, String instance) {
    this.client = client;
    this.clock = clock;
    this.metrics = metrics;
    this.instance = instance;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "plantops-events");
              t.setDaemon(true);
              return t;
            });
  }

  /** Emits an event about {@code resource}. */
  public void emit(
      HasMetadata resource, OperatorMetrics.Kind kind, Type type, Enum<?> reason, String message) {
    Event event = build(resource, type, reason.name(), message);
    try {
      executor.execute(() -> create(event, kind, type, reason.name()));
    } catch (RejectedExecutionException e) {
      LOG.warn(
          "event {} about {} {} dropped: {} events queued",
          reason,
          resource.getKind(),
          resource.getMetadata().getName(),
          QUEUE);
    }
  }

  private void create(Event event, OperatorMetrics.Kind kind, Type type, String reason) {
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
      metrics.eventEmitted(kind, type.name(), reason);
    } catch (KubernetesClientException e) {
      LOG.warn(
          "cannot record event {} about {}/{}: {}",
          reason,
          event.getInvolvedObject().getNamespace(),
          event.getInvolvedObject().getName(),
          e.getMessage());
    }
  }

  private Event build(HasMetadata resource, Type type, String reason, String message) {
    // events about cluster-scoped objects live in the default namespace, as kubectl expects
    String namespace =
        resource instanceof Namespaced ? resource.getMetadata().getNamespace() : "default";
    String now = Conditions.timestamp(clock.instant());
    byte[] suffix = new byte[8];
    ThreadLocalRandom.current().nextBytes(suffix);
    String text =
        message == null || message.length() <= MAX_MESSAGE
            ? message
            : message.substring(0, MAX_MESSAGE - 3) + "...";
    return new EventBuilder()
        .withNewMetadata()
        .withName(resource.getMetadata().getName() + "." + HexFormat.of().formatHex(suffix))
        .withNamespace(namespace)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(resource.getApiVersion())
        .withKind(resource.getKind())
        .withName(resource.getMetadata().getName())
        .withNamespace(resource.getMetadata().getNamespace())
        .withUid(resource.getMetadata().getUid())
        .withResourceVersion(resource.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(type.name())
        .withReason(reason)
        .withMessage(text)
        .withCount(1)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withNewSource()
        .withComponent(Names.OPERATOR)
        .endSource()
        .withReportingComponent(Names.OPERATOR)
        .withReportingInstance(instance)
        .build();
  }

  /** Waits for queued events to be sent, for an orderly shutdown. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }
}
