package io.plantops.operator.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.HostAliases;
import io.plantops.contract.InferenceStatus;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Ports;
import io.plantops.operator.metrics.OperatorMetrics;
import io.plantops.operator.model.Names;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls each plant's inference server and connector ({@code GET /v1/status}) on its own schedule
 * with non-blocking HTTP, and keeps the latest answer per plant. Reconcilers read {@link
 * #current(ResourceID)} (a map lookup, never I/O); listeners hear of every change so that the
 * affected Plant and SiteDeployments are reconciled. URLs go through {@link HostAliases}, the
 * sandbox's stand-in for cluster DNS.
 */
public final class StatusPoller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusPoller.class);

  /** Hears of a plant whose observation changed, with the observation before and after. */
  public interface Listener {
    void changed(ResourceID plant, PlantObservation before, PlantObservation after);
  }

  private final boolean enabled;
  private final Duration period;
  private final Duration timeout;
  private final HostAliases aliases;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final HttpClient http;
  private final ObjectMapper mapper = PlantConfigCodec.mapper();
  private final ScheduledExecutorService scheduler;
  private final Map<ResourceID, PlantObservation> latest = new ConcurrentHashMap<>();
  private final Map<ResourceID, ScheduledFuture<?>> schedules = new ConcurrentHashMap<>();
  private final Map<ResourceID, CompletableFuture<?>> inFlight = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  public StatusPoller(
      boolean enabled,
      Duration period,
      Duration timeout,
      HostAliases aliases,
      OperatorMetrics metrics,
      Clock clock) {
    this.enabled = enabled;
    this.period = period;
    this.timeout = timeout;
    this.aliases = aliases;
    this.metrics = metrics;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantops-status-poller");
              t.setDaemon(true);
              return t;
            });
  }

  /** Whether polling is switched on. */
  public boolean enabled() {
    return enabled;
  }

  /** Registers a listener of changes. */
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** The latest observation of {@code plant}; {@link PlantObservation#notPolled()} if none. */
  public PlantObservation current(ResourceID plant) {
    return latest.getOrDefault(plant, PlantObservation.notPolled());
  }

  /** Starts polling {@code plant} now and every period, unless it is polled already. */
  public void track(ResourceID plant) {
    if (!enabled || scheduler.isShutdown()) {
      return;
    }
    schedules.computeIfAbsent(
        plant,
        id -> {
          // spread the polls of many plants over the period instead of firing them together
          long jitterMs = ThreadLocalRandom.current().nextLong(Math.max(1, period.toMillis() / 10));
          return scheduler.scheduleWithFixedDelay(
              () -> pollNow(id), 0, period.toMillis() + jitterMs, TimeUnit.MILLISECONDS);
        });
  }

  /** Stops polling {@code plant} and forgets what it reported. */
  public void forget(ResourceID plant) {
    ScheduledFuture<?> schedule = schedules.remove(plant);
    if (schedule != null) {
      schedule.cancel(false);
    }
    CompletableFuture<?> pending = inFlight.remove(plant);
    if (pending != null) {
      pending.cancel(true);
    }
    PlantObservation before = latest.remove(plant);
    if (before != null && !before.equals(PlantObservation.notPolled())) {
      listeners.forEach(l -> l.changed(plant, before, PlantObservation.notPolled()));
    }
  }

  /** Polls {@code plant} once, asynchronously, unless a poll is already in flight. */
  void pollNow(ResourceID plant) {
    if (inFlight.containsKey(plant)) {
      return;
    }
    String name = plant.getName();
    String namespace = plant.getNamespace().orElseThrow();
    CompletableFuture<Probe<InferenceStatus>> inference =
        fetch(
            Names.inferenceUrl(name, namespace) + Ports.STATUS_PATH,
            InferenceStatus.class,
            "inference");
    CompletableFuture<Probe<ConnectorStatus>> connector =
        fetch(
            Names.connectorUrl(name, namespace) + Ports.STATUS_PATH,
            ConnectorStatus.class,
            "connector");
    CompletableFuture<Void> both =
        inference.thenAcceptBoth(
            connector,
            (i, c) -> {
              if (schedules.containsKey(plant)) {
                publish(plant, i, c);
              }
            });
    inFlight.put(plant, both);
    both.whenComplete((done, error) -> inFlight.remove(plant, both));
  }

  /** Publishes one poll's answers; polls of one plant never overlap, so this is its only writer. */
  private void publish(
      ResourceID plant, Probe<InferenceStatus> inference, Probe<ConnectorStatus> connector) {
    PlantObservation previous = current(plant);
    PlantObservation observation =
        PlantObservation.polled(inference, connector, previous, clock.instant());
    latest.put(plant, observation);
    if (!Objects.equals(previous, observation)) {
      for (Listener l : listeners) {
        try {
          l.changed(plant, previous, observation);
        } catch (RuntimeException e) {
          // a failing listener must not stop the others; the next change retries it
          LOG.error("status listener failed for plant {}", plant, e);
        }
      }
    }
  }

  private <T> CompletableFuture<Probe<T>> fetch(String url, Class<T> type, String target) {
    String dialed = aliases.rewrite(url);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(dialed))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, error) -> {
              Probe<T> probe = toProbe(url, type, response, error);
              metrics.statusPolled(target, probe.reachability());
              return probe;
            });
  }

  private <T> Probe<T> toProbe(
      String url, Class<T> type, HttpResponse<byte[]> response, Throwable error) {
    if (error != null) {
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      return Probe.unreachable(url + ": " + describe(cause));
    }
    if (response.statusCode() / 100 != 2) {
      return Probe.unreachable(url + ": HTTP " + response.statusCode());
    }
    try {
      return Probe.reachable(mapper.readValue(response.body(), type));
    } catch (IOException e) {
      return Probe.unreachable(url + ": unreadable status document (" + e.getMessage() + ")");
    }
  }

  private String describe(Throwable cause) {
    if (cause instanceof HttpTimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : " " + cause.getMessage());
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    inFlight.values().forEach(f -> f.cancel(true));
    schedules.clear();
  }
}
