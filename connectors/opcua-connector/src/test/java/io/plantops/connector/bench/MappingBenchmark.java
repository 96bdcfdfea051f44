package io.plantops.connector.bench;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.connector.opcua.PlantSubscriptions;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.rules.Staleness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-update cost of the mapping hot path, from a decoded DataValue (as Milo hands it over) to a
 * canonical sample in the ring: read the Variant, StatusCode and source time, multiply-add the
 * folded scale/offset/unit conversion, quality from the severity bits, update the signal state,
 * append to the ring. Run with {@code -prof gc} for allocation (gc.alloc.rate.norm, B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MappingBenchmark {

  private static final int SIGNALS = 1000;
  private static final int VALUES = 1024;

  private SignalStore store;
  private SignalStore.SampleChunk chunk;
  private DataValue[] values;
  private int[] indexes;
  private int i;
  private long now;

  @Setup
  public void setup() {
    List<SignalMapping> mappings = new ArrayList<>();
    String[][] units = {
      {"degF", "°C"}, {"kg/min", "t/h"}, {"%", "%"}, {"t/d", "t/h"}, {"MW", "kW"}
    };
    for (int s = 0; s < SIGNALS; s++) {
      String[] u = units[s % units.length];
      mappings.add(
          new SignalMapping(
              "bench." + s,
              "ns=2;s=BENCH." + s,
              u[0],
              u[1],
              s % 3 == 0 ? 0.1 : 1.0,
              0.0,
              1000,
              false));
    }
    store =
        new SignalStore(
            SignalTable.of(mappings), new Staleness(3, Duration.ZERO), 1 << 16, () -> {});
    chunk = new SignalStore.SampleChunk(1 << 13);
    now = System.currentTimeMillis();
    DateTime source = new DateTime(Instant.ofEpochMilli(now));
    values = new DataValue[VALUES];
    indexes = new int[VALUES];
    for (int k = 0; k < VALUES; k++) {
      Object raw =
          switch (k % 3) {
            case 0 -> Double.valueOf(2700.0 + k);
            case 1 -> Float.valueOf(120.5f + k);
            default -> Integer.valueOf(30 + k);
          };
      values[k] = new DataValue(new Variant(raw), StatusCode.GOOD, source, source);
      indexes[k] = (k * 7) % SIGNALS;
    }
  }

  /** One notification mapped (the ring overwrites its oldest sample when full, as when lagging). */
  @Benchmark
  public void mapOneUpdate() {
    int k = i++ & (VALUES - 1);
    PlantSubscriptions.map(store, indexes[k], values[k], now);
  }

  /** One notification mapped, plus its share of draining the ring in blocks of 8192. */
  @Benchmark
  public void mapOneUpdateAndDrain() {
    int k = i++ & (VALUES - 1);
    PlantSubscriptions.map(store, indexes[k], values[k], now);
    if ((i & 8191) == 0) {
      store.drain(chunk);
    }
  }
}
