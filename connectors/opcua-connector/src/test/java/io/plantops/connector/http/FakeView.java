package io.plantops.connector.http;

import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.connector.opcua.GapRecorder;
import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SessionState;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;

/**
 * A connector as the HTTP surface sees it, whose plant work can be held: while {@link #hold} is up,
 * every browse or suggest waits inside {@link #client()}, as a slow OPC UA Browse would.
 */
final class FakeView implements ConnectorView {

  volatile boolean ready = true;
  volatile Optional<ResolvedPlantConfig> config = Optional.empty();
  volatile Map<String, Recommendation> advice = Map.of();
  volatile Map<String, Double> values = Map.of();
  volatile List<RecentWrite> writes = List.of();
  volatile Map<String, List<Trends.Point>> trends = Map.of();
  volatile CountDownLatch hold = new CountDownLatch(0);
  final AtomicInteger plantCalls = new AtomicInteger();

  @Override
  public boolean ready() {
    return ready;
  }

  @Override
  public ConnectorStatus status() {
    return new ConnectorStatus(
        "lyon",
        "v1",
        ready ? null : "schemaVersion 9 is not supported",
        SessionState.Disconnected,
        "connection refused",
        0,
        List.of(),
        0,
        0,
        1,
        0,
        Map.of(),
        Map.of());
  }

  @Override
  public List<GapRecorder.Gap> gaps() {
    return List.of();
  }

  @Override
  public Map<String, Recommendation> advice() {
    return advice;
  }

  @Override
  public Map<String, Recommendation> liveRecommendations() {
    return advice;
  }

  @Override
  public Optional<ResolvedPlantConfig> config() {
    return config;
  }

  @Override
  public OptionalDouble currentValue(String signal) {
    Double v = values.get(signal);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  @Override
  public List<Trends.Point> trend(String useCase, String output) {
    return trends.getOrDefault(useCase + "/" + output, List.of());
  }

  @Override
  public List<RecentWrite> recentWrites() {
    return writes;
  }

  /** Waits while held, then answers "not connected". */
  @Override
  public Optional<OpcUaClient> client() {
    plantCalls.incrementAndGet();
    try {
      hold.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  /** Metrics whose live figures are all zero, false or empty. */
  static ConnectorMetrics metrics() {
    ConnectorMetrics.Live live =
        (ConnectorMetrics.Live)
            Proxy.newProxyInstance(
                FakeView.class.getClassLoader(),
                new Class<?>[] {ConnectorMetrics.Live.class},
                (proxy, method, args) -> {
                  Class<?> type = method.getReturnType();
                  if (type == boolean.class) {
                    return false;
                  } else if (type == int.class) {
                    return 0;
                  } else if (type == long.class) {
                    return 0L;
                  } else if (type == double.class) {
                    return 0.0;
                  } else if (type == List.class) {
                    return List.of();
                  } else if (type == SessionState.class) {
                    return SessionState.Disconnected;
                  }
                  throw new UnsupportedOperationException(method.toString());
                });
    return new ConnectorMetrics(live);
  }
}
