package io.plantops.operator.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.plantops.operator.PlantopsOperator;
import io.plantops.operator.config.OperatorSerialization;
import io.plantops.operator.promotion.StagedPromotionEngine;
import io.plantops.operator.testing.MockCluster;
import io.plantops.operator.testing.OperatorHarness;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * The operator alone in its own JVM, driven by the benchmark over stdin and stdout, so that its
 * heap is measured without the mock server, the test client or anything an operator stopped in the
 * same JVM might leave behind. Commands: {@code heap} (answers {@code heap <bytes used after GC>
 * <live resource objects>}), {@code start} (answers {@code started} once healthy), {@code exit}.
 */
public final class OperatorProcess {

  private OperatorProcess() {}

  public static void main(String[] args) throws Exception {
    String masterUrl = args[0];
    KubernetesClient client =
        OperatorSerialization.builder()
            .withConfig(
                new ConfigBuilder(Config.empty())
                    .withMasterUrl(masterUrl)
                    // as KubernetesMockServer.createClient() configures its clients: the mock
                    // server speaks HTTP/1.1 without TLS, and a JDK client's h2c upgrade against it
                    // fails on large list responses
                    .withHttp2Disable(true)
                    .withUserAgent(MockCluster.OPERATOR_AGENT)
                    .withNamespace("plantops-system")
                    .withRequestTimeout(10_000)
                    .build())
            .build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PlantopsOperator operator =
        PlantopsOperator.create(
            client,
            OperatorHarness.bind(
                Map.of(
                    "plantops.operator.status-polling.enabled", "false",
                    "plantops.operator.reconciliation-threads", "10")),
            registry,
            Clock.systemUTC(),
            new StagedPromotionEngine());
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("ready");
    for (String command = in.readLine(); command != null; command = in.readLine()) {
      switch (command.trim()) {
        case "heap" ->
            System.out.println(
                "heap "
                    + OperatorBenchmark.usedHeapAfterGc()
                    + " "
                    + OperatorBenchmark.liveResources());
        case "histogram" -> {
          String histogram =
              (String)
                  java.lang.management.ManagementFactory.getPlatformMBeanServer()
                      .invoke(
                          new javax.management.ObjectName(
                              "com.sun.management:type=DiagnosticCommand"),
                          "gcClassHistogram",
                          new Object[] {new String[0]},
                          new String[] {String[].class.getName()});
          histogram.lines().limit(25).forEach(l -> System.out.println("histogram " + l));
          System.out.println("histogram end");
        }
        case "start" -> {
          operator.start();
          while (!operator.healthy()) {
            Thread.sleep(100);
          }
          System.out.println("started");
        }
        case "exit" -> {
          System.out.println("bye");
          System.exit(0);
        }
        default -> System.out.println("unknown command " + command);
      }
    }
    System.exit(0);
  }
}
