package io.plantops.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.plantops.operator.PlantopsOperator;
import io.plantops.operator.config.OperatorProperties;
import io.plantops.operator.config.OperatorSerialization;
import io.plantops.operator.promotion.PromotionEngine;
import io.plantops.operator.promotion.StagedPromotionEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Runs a {@link PlantopsOperator} against a {@link MockCluster}, configured exactly as the Spring
 * application binds it ({@code plantops.operator.*} keys, defaults from {@link
 * OperatorProperties}).
 */
public final class OperatorHarness implements AutoCloseable {

  private final PlantopsOperator operator;
  private final PrometheusMeterRegistry registry;
  private final KubernetesClient client;
  private volatile boolean informerFailureExpected;

  private OperatorHarness(
      MockCluster cluster, Map<String, String> properties, PromotionEngine engine, Clock clock) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.client = cluster.newClient(MockCluster.OPERATOR_AGENT, OperatorSerialization.builder());
    this.operator = PlantopsOperator.create(client, bind(properties), registry, clock, engine);
  }

  /** Binds {@code plantops.operator.*} properties the way Spring Boot does, with the defaults. */
  public static OperatorProperties bind(Map<String, String> properties) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("plantops.operator.leader-election.enabled", "false");
    all.put("plantops.operator.status-polling.interval", "300ms");
    all.put("plantops.operator.status-polling.timeout", "2s");
    // a stopped informer must fail the test that caused it, not end the test JVM
    all.put("plantops.operator.exit-on-informer-failure", "false");
    all.putAll(properties);
    return new Binder(new MapConfigurationPropertySource(all))
        .bind("plantops.operator", OperatorProperties.class)
        .orElseThrow(() -> new IllegalStateException("cannot bind plantops.operator"));
  }

  /**
   * Starts an operator with {@code properties} over the defaults, and waits until it is healthy.
   */
  public static OperatorHarness start(MockCluster cluster, Map<String, String> properties) {
    return start(cluster, properties, new StagedPromotionEngine(), Clock.systemUTC());
  }

  /** Starts an operator with a given promotion engine and clock. */
  public static OperatorHarness start(
      MockCluster cluster, Map<String, String> properties, PromotionEngine engine, Clock clock) {
    OperatorHarness h = new OperatorHarness(cluster, properties, engine, clock);
    h.operator.start();
    await().atMost(Duration.ofSeconds(30)).until(h.operator::healthy);
    return h;
  }

  /** Creates an operator without starting it (leader election tests). */
  public static OperatorHarness create(MockCluster cluster, Map<String, String> properties) {
    return new OperatorHarness(cluster, properties, new StagedPromotionEngine(), Clock.systemUTC());
  }

  public PlantopsOperator operator() {
    return operator;
  }

  /** The Prometheus exposition of this operator's registry. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * The value of a gauge as Prometheus scrapes it ({@code prometheusName} and exactly these labels
   * among its own), empty when absent: the per-resource gauges are not Micrometer meters.
   */
  public java.util.OptionalDouble gauge(String prometheusName, Map<String, String> labels) {
    for (var metric : registry.getPrometheusRegistry().scrape()) {
      if (!metric.getMetadata().getPrometheusName().equals(prometheusName)) {
        continue;
      }
      for (var point : metric.getDataPoints()) {
        var l = point.getLabels();
        if (labels.entrySet().stream().allMatch(e -> e.getValue().equals(l.get(e.getKey())))
            && point
                instanceof
                io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot g) {
          return java.util.OptionalDouble.of(g.getValue());
        }
      }
    }
    return java.util.OptionalDouble.empty();
  }

  /** The value of a counter or gauge sample, 0 when absent. */
  public double sample(String name, Map<String, String> tags) {
    var search = registry.find(name);
    tags.forEach(search::tag);
    var counter = search.counter();
    if (counter != null) {
      return counter.count();
    }
    var timer = search.timer();
    if (timer != null) {
      return timer.count();
    }
    var gauge = search.gauge();
    return gauge == null ? 0 : gauge.value();
  }

  /** The test expects an informer to stop: {@link #close()} then does not fail on it. */
  public void expectInformerFailure() {
    informerFailureExpected = true;
  }

  /**
   * Stops the operator; fails when one of its informers stopped and the test did not expect it, as
   * the shipped operator would then have exited.
   */
  @Override
  public void close() {
    var failure = operator.informerFailure();
    closeOperator();
    if (failure.isPresent() && !informerFailureExpected) {
      throw new AssertionError("the operator lost an informer: " + failure.get());
    }
  }

  private void closeOperator() {
    operator.close();
    client.close();
    // a stopped operator keeps nothing: its meters go too (the benchmark weighs the operator as
    // the heap it holds while running minus what is left once it is closed)
    registry.clear();
    registry.close();
  }
}
