package io.plantops.connector.write;

import com.fasterxml.jackson.databind.JsonNode;
import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SessionState;
import io.plantops.contract.rules.Staleness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.IntStream;

/** Stores, metrics and audit reading for the tests of the write path's parts. */
final class WriteFixtures {

  private WriteFixtures() {}

  /**
   * A store whose signals are all monitored by one subscription with a 10 s keep-alive period, as
   * after a connect: a value stays valid while notifications keep that subscription alive.
   */
  static SignalStore store(ResolvedPlantConfig config) {
    SignalStore store =
        new SignalStore(
            SignalTable.of(config.signals()), Staleness.of(config.connector()), 64, () -> {});
    store.subscribed(10_000, IntStream.range(0, config.signals().size()).toArray());
    return store;
  }

  /** Real metrics whose scrape-time figures are all zero: these tests count events only. */
  static ConnectorMetrics metrics() {
    ConnectorMetrics.Live none =
        (ConnectorMetrics.Live)
            Proxy.newProxyInstance(
                ConnectorMetrics.Live.class.getClassLoader(),
                new Class<?>[] {ConnectorMetrics.Live.class},
                (proxy, method, args) -> zero(method.getReturnType()));
    return new ConnectorMetrics(none);
  }

  private static Object zero(Class<?> type) {
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == double.class) {
      return 0.0;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == List.class) {
      return List.of();
    }
    if (type == SessionState.class) {
      return SessionState.Connecting;
    }
    throw new AssertionError("no zero for " + type);
  }

  static String scrape(ConnectorMetrics metrics) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      metrics.scrape(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The audit lines, as {@code action:reason}. */
  static List<String> actions(AuditLog audit) {
    return lines(audit).stream()
        .map(a -> a.path("action").asText() + ":" + a.path("reason").asText())
        .toList();
  }

  static List<JsonNode> lines(AuditLog audit) {
    try {
      return Files.readAllLines(audit.file()).stream()
          .map(
              l -> {
                try {
                  return PlantConfigCodec.mapper().readTree(l);
                } catch (IOException e) {
                  throw new AssertionError("audit line is not JSON: " + l, e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
