package io.plantops.connector.bench;

import io.plantops.connector.delivery.Batcher;
import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.connector.opcua.GapRecorder;
import io.plantops.connector.opcua.MappedNodes;
import io.plantops.connector.opcua.OpcUaTuning;
import io.plantops.connector.opcua.PlantConnection;
import io.plantops.contract.HostAliases;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.rules.Backoff;
import io.plantops.contract.rules.Staleness;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.SecurityOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * End-to-end throughput, not a test: an in-process simulator pushes value changes of N variables
 * every P ms; the connector's OPC UA session receives them (binary decoding by Milo), maps and
 * converts them (°C to K with a 0.1 scale) into the ring, and the batcher cuts them into
 * SignalBatch objects (not posted: the inference server is out of this measurement). Prints
 * notifications per second over the measurement window, with the process's CPU use and the load.
 *
 * <p>With {@code held} &gt; 0, as many more signals are mapped to variables that never change
 * (report by exception: one initial value, then nothing): they cost no notification, and once a
 * second the batcher's liveness report walks every signal; the cost of one report is printed.
 *
 * <p>Usage: {@code EndToEndThroughput [seconds] [variables] [periodMs] [held]}.
 */
public final class EndToEndThroughput {

  private EndToEndThroughput() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int variables = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    long periodMs = args.length > 2 ? Long.parseLong(args[2]) : 20;
    int held = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    System.out.printf(
        "offered load: %d variables x %d changes/s = %d changes/s%n",
        variables, 1000 / periodMs, variables * 1000 / periodMs);
    try (PlantSimulator sim =
        PlantSimulator.builder(Dialect.lyon())
            .security(new SecurityOptions(true, true, false, Map.of(), false))
            .benchLoad(variables, periodMs)
            .benchHeld(held)
            .start()) {
      int ns = sim.benchNamespaceIndex();
      List<SignalMapping> signals = new ArrayList<>();
      for (int i = 0; i < variables; i++) {
        signals.add(
            new SignalMapping(
                "bench." + i,
                "ns=" + ns + ";s=BENCH." + i,
                "°C",
                "K",
                0.1,
                0.0,
                (int) periodMs,
                false));
      }
      for (int i = 0; i < held; i++) {
        signals.add(
            new SignalMapping(
                "bench.held." + i,
                "ns=" + ns + ";s=BENCH.HELD." + i,
                "°C",
                "K",
                0.1,
                0.0,
                (int) periodMs,
                false));
      }
      ResolvedPlantConfig config =
          new ResolvedPlantConfig(
              ResolvedPlantConfig.SCHEMA_VERSION,
              "bench",
              new ResolvedPlantConfig.PlantInfo("bench", "bench", "bench", "UTC"),
              new ResolvedPlantConfig.OpcUaSettings(
                  sim.endpointUrl(), "None", "None", null, null, null, null, null, true),
              new ResolvedPlantConfig.ConnectorSettings(
                  "http://127.0.0.1:1", 1 << 20, 3, 60, false, 30),
              signals,
              List.of());
      AtomicReference<Batcher> batcher = new AtomicReference<>();
      SignalStore store =
          new SignalStore(
              SignalTable.of(signals),
              Staleness.of(config.connector()),
              1 << 18,
              () -> {
                Batcher b = batcher.get();
                if (b != null) {
                  b.wake();
                }
              });
      AtomicLong batched = new AtomicLong();
      batcher.set(
          new Batcher(store, "bench", b -> batched.addAndGet(b.samples().size()), 200, 5000));
      try (PlantConnection connection =
          new PlantConnection(
              config,
              store,
              MappedNodes.of(store.table()),
              HostAliases.parse(null),
              Path::of,
              Clock.systemUTC(),
              new OpcUaTuning(10_000, 10_000, 5_000),
              new GapRecorder(),
              Backoff.standard())) {
        connection.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (connection.subscriptions().monitoredItems() < variables + held
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
        }
        System.out.printf(
            "monitored items: %d in %d subscriptions%n",
            connection.subscriptions().monitoredItems(),
            connection.subscriptions().subscriptionCount());
        Thread.sleep(5_000); // warm-up
        var os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long n0 = store.notifications();
        long b0 = batched.get();
        long s0 = sim.benchChanges();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long n = store.notifications() - n0;
        long b = batched.get() - b0;
        long s = sim.benchChanges() - s0;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf("window: %.1f s%n", elapsed);
        System.out.printf("server changes pushed: %.0f /s%n", s / elapsed);
        System.out.printf("notifications mapped:  %.0f /s%n", n / elapsed);
        System.out.printf("samples batched:       %.0f /s%n", b / elapsed);
        System.out.printf("samples dropped (ring full): %d%n", store.dropped());
        System.out.printf(
            "process CPU (simulator + connector): %.2f cores of %d%n",
            cpu / elapsed, Runtime.getRuntime().availableProcessors());
        System.out.printf("system load average: %.2f%n", os.getSystemLoadAverage());
        long now = System.currentTimeMillis();
        System.out.printf(
            "signals: %d mapped, %d held, %d stale%n",
            signals.size(), store.heldCount(now), store.staleSignals(now).size());
        int reports = 200;
        long r0 = System.nanoTime();
        for (int i = 0; i < reports; i++) {
          if (store.staleSignals(System.currentTimeMillis()).size() > signals.size()) {
            throw new IllegalStateException("impossible");
          }
        }
        System.out.printf(
            "liveness report (staleSignals over all signals, once per flush): %.1f us%n",
            (System.nanoTime() - r0) / 1e3 / reports);
      } finally {
        batcher.get().close();
      }
    }
    System.exit(0);
  }
}
